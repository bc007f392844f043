/**
 * @module The order of a certificate chain: "each certificate must certify the preceding certificate"
 * (IAM User Guide, Managing server certificates in IAM, Troubleshooting,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html). A certificate
 * certifies the one before it when it names it (RFC 5280 §6.1.4 (a)/(b): the issuer of each is the subject
 * of the next, compared as their DER, as path building finds them) and its key verifies the other's
 * signature over its TBSCertificate (RFC 5280 §4.1.1.3), with WebCrypto: RSASSA-PKCS1-v1_5 (RFC 8017
 * §8.2, OIDs of RFC 4055 §5) and ECDSA (RFC 5758 §3.2; the DER `Ecdsa-Sig-Value` turned into WebCrypto's
 * fixed-size r‖s). A signature algorithm outside these (RSA-PSS, EdDSA) is checked by names only.
 */
import type { Certificate } from './certificate';
import { children, contextTag, readOid, readTlv, TAG } from './der';
import { CURVES, OID_EC, OID_RSA } from './private-key';
import { spkiAlgorithm } from './key-match';

/** Signature algorithms by OID: the hash, and whether the signer's key is RSA or EC. */
const SIGNATURES: Readonly<Record<string, { hash: string; key: 'RSA' | 'EC' }>> = {
  '1.2.840.113549.1.1.5': { hash: 'SHA-1', key: 'RSA' },
  '1.2.840.113549.1.1.11': { hash: 'SHA-256', key: 'RSA' },
  '1.2.840.113549.1.1.12': { hash: 'SHA-384', key: 'RSA' },
  '1.2.840.113549.1.1.13': { hash: 'SHA-512', key: 'RSA' },
  '1.2.840.10045.4.3.2': { hash: 'SHA-256', key: 'EC' },
  '1.2.840.10045.4.3.3': { hash: 'SHA-384', key: 'EC' },
  '1.2.840.10045.4.3.4': { hash: 'SHA-512', key: 'EC' },
};
/** Bytes of r and of s in WebCrypto's ECDSA signatures, by curve. */
const EC_SIZES: Readonly<Record<string, number>> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/** The parts of a certificate's DER a chain check reads (RFC 5280 §4.1.1, §4.1.2.4, §4.1.2.6). */
function partsOf(der: Uint8Array) {
  const [tbs, sigAlg, sig] = children(der, readTlv(der, 0, der.length));
  const fields = children(der, tbs!);
  const at = fields[0]?.tag === contextTag(0) ? 1 : 0;
  const slice = (i: number) => der.subarray(fields[at + i]!.offset, fields[at + i]!.end);
  const [oid] = children(der, sigAlg!);
  return {
    tbs: der.subarray(tbs!.offset, tbs!.end),
    issuer: slice(2),
    subject: slice(4),
    algorithm: readOid(der, oid!),
    // The BIT STRING's first octet counts unused bits: 0 for every signature.
    signature: der[sig!.start] === 0 ? der.subarray(sig!.start + 1, sig!.end) : undefined,
  };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** An ECDSA signature's DER `SEQUENCE { r, s }` as r‖s of `size` bytes each; undefined when malformed. */
function rawEcdsa(sig: Uint8Array, size: number): Uint8Array | undefined {
  const [r, s, ...extra] = children(sig, readTlv(sig, 0, sig.length));
  if (r?.tag !== TAG.integer || s?.tag !== TAG.integer || extra.length) return undefined;
  const out = new Uint8Array(size * 2);
  for (const [i, v] of [r, s].entries()) {
    let bytes = sig.subarray(v.start, v.end);
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) return undefined;
    out.set(bytes, (i + 1) * size - bytes.length);
  }
  return out;
}

/** Whether `issuer`'s key verifies `child`'s signature; true for a signature algorithm not checked here. */
async function signatureVerifies(child: Certificate, issuer: Certificate): Promise<boolean> {
  try {
    const { tbs, algorithm, signature } = partsOf(child.der);
    const alg = SIGNATURES[algorithm];
    if (!alg) return true;
    const key = spkiAlgorithm(issuer.spki);
    const curve = CURVES[key.curveOid ?? ''];
    if (!signature || (alg.key === 'RSA' ? key.algorithm !== OID_RSA : key.algorithm !== OID_EC || !curve)) return false;
    if (alg.key === 'RSA') {
      const pub = await crypto.subtle.importKey('spki', issuer.spki, { name: 'RSASSA-PKCS1-v1_5', hash: alg.hash }, false, ['verify']);
      return await crypto.subtle.verify('RSASSA-PKCS1-v1_5', pub, signature, tbs);
    }
    const raw = rawEcdsa(signature, EC_SIZES[curve!]!);
    const pub = await crypto.subtle.importKey('spki', issuer.spki, { name: 'ECDSA', namedCurve: curve! }, false, ['verify']);
    return raw !== undefined && (await crypto.subtle.verify({ name: 'ECDSA', hash: alg.hash }, pub, raw, tbs));
  } catch {
    // A malformed signature or key (DerError, RangeError, WebCrypto's refusal) certifies nothing.
    return false;
  }
}

/** Whether `issuer` certifies `child`: it names it, and its key verifies `child`'s signature. */
async function certifies(issuer: Certificate, child: Certificate): Promise<boolean> {
  try {
    if (!sameBytes(partsOf(child.der).issuer, partsOf(issuer.der).subject)) return false;
  } catch {
    return false;
  }
  return signatureVerifies(child, issuer);
}

/**
 * Where the chain `[body, ...chain]` breaks: the index in `chain` of the certificate the next one does not
 * certify, -1 for the body itself (the chain's first certificate is not its issuer); undefined when every
 * link holds. The last certificate of the chain may be a root or an intermediate: its issuer is not checked.
 */
export async function chainBreak(body: Certificate, chain: readonly Certificate[]): Promise<number | undefined> {
  const all = [body, ...chain];
  for (let i = 0; i + 1 < all.length; i++) {
    if (!(await certifies(all[i + 1]!, all[i]!))) return i - 1;
  }
  return undefined;
}
