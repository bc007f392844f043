/**
 * @module Just enough DER to take an X.509 certificate apart: its SubjectPublicKeyInfo (for
 * `crypto.subtle.importKey('spki', …)`) and the size of its RSA modulus.
 *
 * Spec: RFC 5280 §4.1 (Certificate, TBSCertificate, SubjectPublicKeyInfo); RFC 8017 Appendix A.1.1
 * (RSAPublicKey); ITU-T X.690 (DER: definite lengths only).
 */

/** One DER element: its tag and where its header and contents lie in the buffer. */
interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** rsaEncryption, 1.2.840.113549.1.1.1, as DER contents. */
const RSA_ENCRYPTION = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/** Reads the element at `pos`, which must end by `limit`; undefined if malformed. */
function readTlv(buf: Uint8Array, pos: number, limit: number): Tlv | undefined {
  if (pos + 2 > limit) return undefined;
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tags never occur here
  let len = buf[pos + 1]!;
  let contentStart = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || contentStart + n > limit) return undefined; // indefinite or absurd
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[contentStart + i]!;
    contentStart += n;
  }
  const end = contentStart + len;
  if (end > limit) return undefined;
  return { tag, start: pos, contentStart, end };
}

/** The elements inside a constructed element. */
function childrenOf(buf: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const t = readTlv(buf, pos, parent.end);
    if (!t) return undefined;
    out.push(t);
    pos = t.end;
  }
  return out;
}

/** The public key of a certificate. */
export interface CertificateKey {
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** Bits in the RSA modulus. */
  modulusBits: number;
}

/**
 * The RSA public key of a DER certificate, or undefined when the bytes are not a certificate or its key
 * is not RSA (the only kind SAML signatures to AWS use: rsa-sha1 and rsa-sha256).
 */
export function certificateRsaKey(der: Uint8Array): CertificateKey | undefined {
  const cert = readTlv(der, 0, der.length);
  if (!cert || cert.tag !== 0x30 || cert.end !== der.length) return undefined;
  const [tbs] = childrenOf(der, cert) ?? [];
  if (!tbs || tbs.tag !== 0x30) return undefined;
  const fields = childrenOf(der, tbs);
  if (!fields) return undefined;
  const i = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] version
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const spki = fields[i + 5];
  if (fields[i]?.tag !== 0x02 || !spki || spki.tag !== 0x30) return undefined;
  const [alg, bits] = childrenOf(der, spki) ?? [];
  if (!alg || alg.tag !== 0x30 || !bits || bits.tag !== 0x03) return undefined;
  const [oid] = childrenOf(der, alg) ?? [];
  if (!oid || oid.tag !== 0x06) return undefined;
  const oidBytes = der.subarray(oid.contentStart, oid.end);
  if (oidBytes.length !== RSA_ENCRYPTION.length || RSA_ENCRYPTION.some((b, k) => oidBytes[k] !== b)) return undefined;
  // BIT STRING: one byte of unused bits (0), then RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.
  if (der[bits.contentStart] !== 0) return undefined;
  const rsa = readTlv(der, bits.contentStart + 1, bits.end);
  if (!rsa || rsa.tag !== 0x30) return undefined;
  const [modulus, exponent] = childrenOf(der, rsa) ?? [];
  if (!modulus || modulus.tag !== 0x02 || !exponent || exponent.tag !== 0x02) return undefined;
  let k = modulus.contentStart;
  while (k < modulus.end && der[k] === 0) k++;
  if (k === modulus.end) return undefined;
  const modulusBits = (modulus.end - k - 1) * 8 + (32 - Math.clz32(der[k]!));
  return { spki: der.slice(spki.start, spki.end), modulusBits };
}
