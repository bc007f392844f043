/**
 * @module XML Signature verification of one enveloped signature, in the profile SAML 2.0 uses
 * (SAML core §5.4) and nothing more:
 * - the Signature is a child of the element it signs, and its single Reference is `URI="#<that element's
 *   ID>"` — the caller passes that element, so a signature can never vouch for another part of the tree;
 * - Transforms are exactly enveloped-signature then Exclusive C14N (optionally with a PrefixList);
 * - CanonicalizationMethod is Exclusive C14N without comments;
 * - DigestMethod SHA-256 or SHA-1, SignatureMethod RSA-SHA256 or RSA-SHA1 (PKCS #1 v1.5). IdPs set up for
 *   AWS sign with either (ADFS relying-party trusts offer SHA-1 or SHA-256), and AWS accepts both, so both
 *   are verified; nothing else is (no SHA-512, no ECDSA, no HMAC);
 * - the key comes only from the provider's metadata; KeyInfo in the response is ignored entirely, so an
 *   attacker's embedded certificate has no effect; no ds:Object, no Manifest, no other Reference.
 *
 * Spec: XML Signature Syntax and Processing 1.1 §3.2 (core validation), §4.3–4.4, §6.6.4 (enveloped
 * signature); Exclusive XML Canonicalization 1.0 §3 (InclusiveNamespaces PrefixList).
 */
import { fromBase64, utf8 } from '../bytes';
import { excC14n } from './c14n';
import { refuse } from './failure';
import { DS_NS } from './metadata';
import { attr, childrenNamed, elements, onlyElementChildren, textOf, type XmlElement } from './xml';

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** Signature algorithms verified, by URI, with WebCrypto's hash name. */
const SIGNATURE_METHODS: Readonly<Record<string, 'SHA-256' | 'SHA-1'>> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'SHA-256',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'SHA-1',
};
/** Digest algorithms verified, by URI. */
const DIGEST_METHODS: Readonly<Record<string, 'SHA-256' | 'SHA-1'>> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
};

/** The one child of `el` named `local` in the ds namespace; refuses zero or several. */
function one(el: XmlElement, local: string): XmlElement {
  const found = childrenNamed(el, DS_NS, local);
  if (found.length !== 1) refuse('signature', `expected one ds:${local} in ds:${el.local}, found ${found.length}`);
  return found[0]!;
}

/** The PrefixList of an exc-c14n method or transform element, if it carries InclusiveNamespaces. */
function prefixList(method: XmlElement): string[] {
  const kids = elements(method);
  if (kids.length === 0) return [];
  if (kids.length > 1 || kids[0]!.ns !== EXC_C14N || kids[0]!.local !== 'InclusiveNamespaces') refuse('signature', 'unexpected content in an exc-c14n method');
  return (attr(kids[0]!, 'PrefixList') ?? '').split(/[ \t\n]+/).filter(Boolean);
}

function base64Of(el: XmlElement): Uint8Array {
  const bytes = fromBase64(textOf(el).replace(/[ \t\n\r]+/g, ''));
  if (!bytes || bytes.length === 0) refuse('signature', `ds:${el.local} is not base64`);
  return bytes;
}

const bufferOf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

/**
 * Verifies that `signature` (a ds:Signature child of `signed`) is a valid enveloped signature over
 * `signed`, made with one of `keys` (DER SubjectPublicKeyInfo). Refuses with reason `signature` otherwise.
 */
export async function verifyEnvelopedSignature(signed: XmlElement, signature: XmlElement, keys: readonly Uint8Array[]): Promise<void> {
  if (signature.parent !== signed) refuse('signature', 'the Signature is not a child of the element it signs');
  const id = attr(signed, 'ID');
  if (!id) refuse('signature', `the signed ${signed.local} has no ID`);
  const { signedInfo, signatureValue } = signatureParts(signature);
  const { c14nMethod, sigHash, reference } = signedInfoParts(signedInfo);
  const { c14nTransform, digestHash, digestValue } = referenceParts(reference, id);

  // Reference validation (XML Signature §3.2.1): digest of the canonical signed element without this Signature.
  const canonical = excC14n(signed, { exclude: signature, inclusivePrefixes: prefixList(c14nTransform) });
  const digest = new Uint8Array(await crypto.subtle.digest(digestHash, bufferOf(utf8(canonical))));
  if (digest.length !== digestValue.length || digest.some((b, i) => b !== digestValue[i])) refuse('signature', 'digest mismatch');

  // Signature validation (§3.2.2): the canonical SignedInfo against a metadata key.
  const signedBytes = bufferOf(utf8(excC14n(signedInfo, { inclusivePrefixes: prefixList(c14nMethod) })));
  if (!(await someKeyVerifies(keys, sigHash, base64Of(signatureValue), signedBytes))) refuse('signature', 'no metadata key verifies the SignatureValue');
}

/** Signature ::= SignedInfo SignatureValue KeyInfo? — no Object (so no Manifest either). */
function signatureParts(signature: XmlElement): { signedInfo: XmlElement; signatureValue: XmlElement } {
  if (!onlyElementChildren(signature)) refuse('signature', 'text inside ds:Signature');
  const parts = elements(signature);
  if (parts.some((p) => p.ns !== DS_NS || !['SignedInfo', 'SignatureValue', 'KeyInfo'].includes(p.local))) {
    refuse('signature', 'unexpected element in ds:Signature');
  }
  const signedInfo = one(signature, 'SignedInfo');
  const signatureValue = one(signature, 'SignatureValue');
  if (childrenNamed(signature, DS_NS, 'KeyInfo').length > 1) refuse('signature', 'several ds:KeyInfo');
  return { signedInfo, signatureValue };
}

/** SignedInfo ::= CanonicalizationMethod SignatureMethod Reference — exactly one Reference, algorithms we verify. */
function signedInfoParts(signedInfo: XmlElement): { c14nMethod: XmlElement; sigHash: 'SHA-256' | 'SHA-1'; reference: XmlElement } {
  if (!onlyElementChildren(signedInfo)) refuse('signature', 'text inside ds:SignedInfo');
  const infoParts = elements(signedInfo);
  if (infoParts.length !== 3 || infoParts.some((p) => p.ns !== DS_NS)) refuse('signature', 'ds:SignedInfo must hold one method of each kind and one Reference');
  const c14nMethod = one(signedInfo, 'CanonicalizationMethod');
  const sigMethod = one(signedInfo, 'SignatureMethod');
  const reference = one(signedInfo, 'Reference');
  if (attr(c14nMethod, 'Algorithm') !== EXC_C14N) refuse('unsupported', `CanonicalizationMethod ${attr(c14nMethod, 'Algorithm')}`);
  const sigHash = SIGNATURE_METHODS[attr(sigMethod, 'Algorithm') ?? ''];
  if (!sigHash) refuse('unsupported', `SignatureMethod ${attr(sigMethod, 'Algorithm')}`);
  if (elements(sigMethod).length > 0) refuse('signature', 'parameters on SignatureMethod');
  return { c14nMethod, sigHash, reference };
}

/**
 * Reference: URI="#ID" of the signed element; Transforms exactly enveloped + exc-c14n. The enveloped
 * transform has no parameters; content inside it (xml-crypto writes an InclusiveNamespaces there) is
 * signed and has no effect, so it is ignored.
 */
function referenceParts(
  reference: XmlElement,
  id: string,
): { c14nTransform: XmlElement; digestHash: 'SHA-256' | 'SHA-1'; digestValue: Uint8Array } {
  if (attr(reference, 'URI') !== `#${id}`) refuse('signature', `Reference URI ${attr(reference, 'URI')} is not #${id}`);
  const refParts = elements(reference);
  if (refParts.length !== 3 || refParts.some((p) => p.ns !== DS_NS)) refuse('signature', 'ds:Reference must hold Transforms, DigestMethod and DigestValue');
  const transforms = elements(one(reference, 'Transforms'));
  if (
    transforms.length !== 2 ||
    transforms.some((t) => t.ns !== DS_NS || t.local !== 'Transform') ||
    attr(transforms[0]!, 'Algorithm') !== ENVELOPED ||
    attr(transforms[1]!, 'Algorithm') !== EXC_C14N
  ) {
    refuse('unsupported', 'Transforms must be enveloped-signature then exclusive C14N');
  }
  const digestHash = DIGEST_METHODS[attr(one(reference, 'DigestMethod'), 'Algorithm') ?? ''];
  if (!digestHash) refuse('unsupported', `DigestMethod ${attr(one(reference, 'DigestMethod'), 'Algorithm')}`);
  return { c14nTransform: transforms[1]!, digestHash, digestValue: base64Of(one(reference, 'DigestValue')) };
}

/** RSASSA-PKCS1-v1_5 with any of the metadata keys; a key WebCrypto cannot import is skipped. */
async function someKeyVerifies(keys: readonly Uint8Array[], hash: 'SHA-256' | 'SHA-1', signatureValue: Uint8Array, signedBytes: ArrayBuffer): Promise<boolean> {
  const value = bufferOf(signatureValue);
  for (const spki of keys) {
    let key: CryptoKey;
    try {
      key = await crypto.subtle.importKey('spki', bufferOf(spki), { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
    } catch {
      continue;
    }
    if (await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, value, signedBytes)) return true;
  }
  return false;
}
