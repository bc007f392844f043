/**
 * @module X.509 certificates as IAM's certificate actions need them (RFC 5280 §4.1): the PEM armour
 * (RFC 7468 §5), the structure of the certificate and of its TBSCertificate, the validity period and the
 * subject public key. The signature is not verified: IAM checks that a signing or server certificate is
 * well formed and current, not who issued it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toHex } from '../bytes';
import { children, contextTag, DerError, expectTlv, readOid, readTime, readTlv, TAG, type Tlv } from './der';

/** A parsed certificate. */
export interface Certificate {
  /** The certificate's DER bytes. */
  der: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** The SubjectPublicKeyInfo's DER (algorithm and key), to compare with a private key's. */
  spki: Uint8Array;
  /** The public key's algorithm OID (1.2.840.113549.1.1.1 RSA, 1.2.840.10045.2.1 EC). */
  keyAlgorithm: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n?([A-Za-z0-9+/=\s]*?)-----END \1-----/g;

/** The PEM blocks of `text` with label `label`, as DER; undefined when any such block is not valid base64. */
export function pemBlocks(text: string, label: string): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    if (m[1] !== label) continue;
    const b64 = m[2]!.replace(/\s+/g, '');
    const der = b64.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? fromBase64(b64) : undefined;
    if (!der) return undefined;
    out.push(der);
  }
  return out;
}

/** Parses one certificate's DER. */
export function parseCertificateDer(der: Uint8Array): Parsed<Certificate> {
  try {
    const outer = readTlv(der, 0, der.length);
    if (outer.tag !== TAG.sequence || outer.end !== der.length) throw new DerError('not a single certificate');
    const [tbs, sigAlg, sig, ...extra] = children(der, outer);
    if (!tbs || tbs.tag !== TAG.sequence || sigAlg?.tag !== TAG.sequence || sig?.tag !== TAG.bitString || extra.length) throw new DerError('not a certificate');
    return { ok: true, value: { der, ...readTbs(der, tbs) } };
  } catch (e) {
    if (e instanceof DerError || e instanceof RangeError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** TBSCertificate (RFC 5280 §4.1): version, serial, signature, issuer, validity, subject, key, extensions. */
function readTbs(der: Uint8Array, tbs: Tlv): Omit<Certificate, 'der'> {
  const fields = children(der, tbs);
  let i = 0;
  if (fields[0]?.tag === contextTag(0)) {
    const version = expectTlv(der, fields[0].start, fields[0].end, TAG.integer, 'version');
    if (version.end - version.start !== 1 || der[version.start]! > 2) throw new DerError('unknown certificate version');
    i = 1;
  }
  const [serial, signature, issuer, validity, subject, spki] = fields.slice(i, i + 6);
  if (serial?.tag !== TAG.integer || serial.end === serial.start || serial.end - serial.start > 21) throw new DerError('invalid serial number');
  if (signature?.tag !== TAG.sequence || issuer?.tag !== TAG.sequence || subject?.tag !== TAG.sequence) throw new DerError('invalid name or algorithm');
  if (validity?.tag !== TAG.sequence || spki?.tag !== TAG.sequence) throw new DerError('invalid validity or public key');
  const [notBefore, notAfter, ...more] = children(der, validity);
  if (!notBefore || !notAfter || more.length) throw new DerError('invalid validity');
  const [keyAlg, key] = children(der, spki);
  if (keyAlg?.tag !== TAG.sequence || key?.tag !== TAG.bitString) throw new DerError('invalid public key');
  const [algOid] = children(der, keyAlg);
  if (!algOid) throw new DerError('invalid public key algorithm');
  // The SPKI with its header, as a private key's public half is compared against it.
  return { notBefore: readTime(der, notBefore), notAfter: readTime(der, notAfter), spki: der.slice(spki.offset, spki.end), keyAlgorithm: readOid(der, algOid) };
}

/**
 * The certificates of a PEM text (one or a chain), or why it is malformed: every block must be a
 * well-formed certificate, and nothing but blocks and white space may be there.
 */
export function parsePemCertificates(text: string): Parsed<Certificate[]> {
  const blocks = pemBlocks(text, 'CERTIFICATE');
  const rest = text.replace(PEM_BLOCK, '').trim();
  if (!blocks || blocks.length === 0 || rest.length > 0) return { ok: false, reason: 'not a PEM-encoded certificate' };
  const certs: Certificate[] = [];
  for (const der of blocks) {
    const parsed = parseCertificateDer(der);
    if (!parsed.ok) return parsed;
    certs.push(parsed.value);
  }
  return { ok: true, value: certs };
}

/** SHA-256 of a certificate's DER, hex: the same certificate has the same fingerprint however it was armoured. */
export const certificateFingerprint = (cert: Certificate): string => toHex(sha256(cert.der));
