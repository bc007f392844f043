/**
 * @module SAML 2.0 metadata of an identity provider, as IAM needs it: the entity ID (the Issuer its
 * responses must carry), the `validUntil` date, and the IdP's signing certificates.
 *
 * The document must be an `md:EntityDescriptor` with an `entityID` and an `md:IDPSSODescriptor` holding at
 * least one `md:KeyDescriptor` for signing (`use="signing"` or no `use`) whose `ds:KeyInfo` carries an
 * `ds:X509Certificate` with an RSA key of at least 1,024 bits (IAM User Guide, "Troubleshooting SAML 2.0
 * federation": "the x.509 certificate … must use a key size of at least 1024 bits"). Anything else is
 * refused, as IAM refuses it with "Could not parse metadata.".
 *
 * Spec: SAML 2.0 Metadata (saml-metadata-2.0-os) §2.3.2 (EntityDescriptor), §2.4.3 (IDPSSODescriptor),
 * §2.4.1.1 (KeyDescriptor); XML Signature §4.4.4 (X509Data).
 */
import { fromBase64 } from '../bytes';
import { err, ok, type Result } from '../result';
import { certificateRsaKey } from './x509';
import { attr, childrenNamed, parseXml, textOf, XmlError } from './xml';

export const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** Smallest RSA key IAM accepts in metadata. */
export const MIN_RSA_BITS = 1024;

/** What IAM keeps from a metadata document. */
export interface SamlMetadata {
  entityId: string;
  /** The root's `validUntil` as epoch milliseconds, when present. */
  validUntilMs?: number;
  /** DER SubjectPublicKeyInfo of each signing certificate, in document order. */
  signingKeys: Uint8Array[];
}

/** Parses a metadata document; the error is a short reason (the API message stays IAM's generic one). */
export function parseSamlMetadata(xml: string): Result<SamlMetadata, string> {
  let root;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlError) return err(e.message);
    throw e;
  }
  if (root.ns !== MD_NS || root.local !== 'EntityDescriptor') return err('the root is not an md:EntityDescriptor');
  const entityId = attr(root, 'entityID');
  if (!entityId) return err('no entityID');
  let validUntilMs: number | undefined;
  const validUntil = attr(root, 'validUntil');
  if (validUntil !== undefined) {
    validUntilMs = parseXsDateTime(validUntil);
    if (validUntilMs === undefined) return err('validUntil is not a dateTime');
  }
  const idps = childrenNamed(root, MD_NS, 'IDPSSODescriptor');
  if (idps.length === 0) return err('no md:IDPSSODescriptor');
  const signingKeys: Uint8Array[] = [];
  for (const idp of idps) {
    const protocols = (attr(idp, 'protocolSupportEnumeration') ?? '').split(/\s+/);
    if (!protocols.includes(SAML2_PROTOCOL)) continue;
    for (const kd of childrenNamed(idp, MD_NS, 'KeyDescriptor')) {
      const use = attr(kd, 'use');
      if (use !== undefined && use !== 'signing') continue;
      for (const ki of childrenNamed(kd, DS_NS, 'KeyInfo')) {
        for (const xd of childrenNamed(ki, DS_NS, 'X509Data')) {
          for (const xc of childrenNamed(xd, DS_NS, 'X509Certificate')) {
            const der = fromBase64(textOf(xc).replace(/\s+/g, ''));
            const key = der && certificateRsaKey(der);
            if (!key) return err('an X509Certificate is not an RSA certificate');
            if (key.modulusBits < MIN_RSA_BITS) return err(`an RSA key of ${key.modulusBits} bits is too small`);
            signingKeys.push(key.spki);
          }
        }
      }
    }
  }
  if (signingKeys.length === 0) return err('no signing certificate in an IDPSSODescriptor supporting SAML 2.0');
  return ok({ entityId, ...(validUntilMs !== undefined ? { validUntilMs } : {}), signingKeys });
}

/**
 * An `xs:dateTime` (`2013-11-05T02:06:42.876Z`, `…+02:00`) as epoch milliseconds. SAML requires UTC
 * ("MUST be expressed in UTC form, with no time zone component", SAML core §1.3.3) but metadata in the
 * wild carries offsets; both are accepted. A value without a zone is read as UTC.
 */
export function parseXsDateTime(s: string): number | undefined {
  const m = /^(\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se), ms);
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 24 || Number(mi) > 59 || Number(se) > 60) return undefined;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '+' ? 1 : -1;
    t -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return Number.isFinite(t) ? t : undefined;
}
