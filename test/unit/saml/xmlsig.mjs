/**
 * The independent XML Signature side of the SAML tests: xml-crypto (signing, exclusive C14N) over
 * @xmldom/xmldom. Plain JavaScript with a hand-written declaration (xmlsig.d.mts) on purpose:
 * @xmldom/xmldom's types pull in TypeScript's DOM library (`/// <reference lib="dom" />`), which would
 * change the project's WebCrypto and BufferSource types under `tsc --noEmit -p .`.
 */
import { DOMParser } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** Signs the Assertion or the Response of `xml`; the Signature goes right after that element's Issuer. */
export function signXml(xml, keyPem, o) {
  const sig = new SignedXml({
    privateKey: keyPem,
    ...(o.keyInfoCert ? { publicCert: o.keyInfoCert } : {}),
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: o.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  });
  const target = o.target === 'assertion' ? "//*[local-name(.)='Assertion']" : '/*';
  sig.addReference({
    xpath: target,
    digestAlgorithm: o.digestAlgorithm ?? 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N],
    ...(o.inclusiveNamespacesPrefixList ? { inclusiveNamespacesPrefixList: o.inclusiveNamespacesPrefixList } : {}),
  });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

/**
 * xml-crypto's exclusive canonical form of the first element named `local`. xml-crypto sees ancestors'
 * declarations for the PrefixList only through `ancestorNamespaces` (as its SignedXml passes them).
 */
export function referenceExcC14n(xml, local, prefixes) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const el = doc.getElementsByTagNameNS('*', local)[0];
  const ancestorNamespaces = [];
  for (let p = el.parentNode; p && p.attributes; p = p.parentNode) {
    for (const a of Array.from(p.attributes)) {
      if (a.prefix === 'xmlns' && !ancestorNamespaces.some((n) => n.prefix === a.localName)) ancestorNamespaces.push({ prefix: a.localName, namespaceURI: a.value });
    }
  }
  const options = prefixes ? { inclusiveNamespacesPrefixList: prefixes, ancestorNamespaces } : {};
  return new ExclusiveCanonicalization().process(el, options);
}
