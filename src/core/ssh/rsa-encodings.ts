/**
 * @module An RSA public key's two binary encodings, read strictly and written canonically:
 *
 * - the SSH wire format, `string "ssh-rsa", mpint e, mpint n` (RFC 4253 §6.6), with `string` and `mpint` as
 *   RFC 4251 §5 defines them (a uint32 length, then the bytes; an mpint in two's complement, without
 *   unnecessary leading zero octets, a positive number whose top bit is set led by one zero octet);
 * - DER: PKCS#1's `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` (RFC 8017 §A.1.1),
 *   alone or in X.509's SubjectPublicKeyInfo with the `rsaEncryption` algorithm and NULL parameters
 *   (RFC 5280 §4.1.2.7, RFC 3279 §2.3.1).
 *
 * Numbers are kept as their unsigned big-endian magnitude (no leading zero octet), the form both
 * encodings are written from. DER is read with core/x509/der.ts.
 */
import { children, DerError, readOid, readTlv, TAG } from '../x509/der';

/** An RSA public key: its modulus and public exponent, unsigned big-endian without leading zeros. */
export interface RsaPublicKey {
  n: Uint8Array;
  e: Uint8Array;
}

/** The OID of `rsaEncryption` (RFC 8017 §A.1). */
export const RSA_ENCRYPTION_OID = '1.2.840.113549.1.1.1';

/** A malformed encoding, with the reason (internal: never shown to the caller as is). */
export class EncodingError extends Error {
  override readonly name = 'EncodingError';
}

const SSH_RSA = 'ssh-rsa';

/** Reads the SSH wire blob of an `ssh-rsa` key; every byte must be consumed. */
export function readSshRsaBlob(blob: Uint8Array): RsaPublicKey {
  let at = 0;
  const next = (): Uint8Array => {
    if (at + 4 > blob.length) throw new EncodingError('truncated length');
    const length = ((blob[at]! << 24) >>> 0) + (blob[at + 1]! << 16) + (blob[at + 2]! << 8) + blob[at + 3]!;
    at += 4;
    if (length > blob.length - at) throw new EncodingError('string longer than the blob');
    const value = blob.subarray(at, at + length);
    at += length;
    return value;
  };
  const name = String.fromCharCode(...next());
  if (name !== SSH_RSA) throw new EncodingError(`key type ${name}, not ${SSH_RSA}`);
  const e = mpintMagnitude(next());
  const n = mpintMagnitude(next());
  if (at !== blob.length) throw new EncodingError('trailing bytes after the key');
  return { n, e };
}

/** The magnitude of a positive mpint (RFC 4251 §5); a negative, zero-length-but-nonzero or padded one is refused. */
function mpintMagnitude(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new EncodingError('zero is not a key component');
  if (bytes[0]! & 0x80) throw new EncodingError('negative mpint');
  if (bytes[0] === 0 && (bytes.length === 1 || !(bytes[1]! & 0x80))) throw new EncodingError('mpint with an unnecessary leading zero');
  return bytes[0] === 0 ? bytes.subarray(1) : bytes;
}

/** Reads DER `RSAPublicKey` (PKCS#1); the value must fill `der`. */
export function readPkcs1(der: Uint8Array): RsaPublicKey {
  const seq = readTlv(der, 0, der.length);
  if (seq.tag !== TAG.sequence || seq.end !== der.length) throw new DerError('not an RSAPublicKey');
  const [n, e, ...extra] = children(der, seq);
  if (!n || !e || extra.length) throw new DerError('RSAPublicKey has two members');
  return { n: derIntegerMagnitude(der.subarray(n.start, n.end), n.tag), e: derIntegerMagnitude(der.subarray(e.start, e.end), e.tag) };
}

/** Reads DER SubjectPublicKeyInfo of an RSA key; a key of another algorithm is refused with its OID. */
export function readSpki(der: Uint8Array): RsaPublicKey {
  const seq = readTlv(der, 0, der.length);
  if (seq.tag !== TAG.sequence || seq.end !== der.length) throw new DerError('not a SubjectPublicKeyInfo');
  const [algorithm, key, ...extra] = children(der, seq);
  if (algorithm?.tag !== TAG.sequence || key?.tag !== TAG.bitString || extra.length) throw new DerError('not a SubjectPublicKeyInfo');
  const [oid, params, ...more] = children(der, algorithm);
  const algorithmOid = oid ? readOid(der, oid) : '';
  if (algorithmOid !== RSA_ENCRYPTION_OID) throw new EncodingError(`key algorithm ${algorithmOid}, not rsaEncryption`);
  // RFC 3279 §2.3.1: the parameters MUST be present and NULL.
  if (params?.tag !== TAG.null || params.end !== params.start || more.length) throw new DerError('rsaEncryption parameters must be NULL');
  // A BIT STRING of whole octets: its first contents octet (unused bits) is 0.
  if (key.end === key.start || der[key.start] !== 0) throw new DerError('public key BIT STRING with unused bits');
  return readPkcs1(der.subarray(key.start + 1, key.end));
}

/** The magnitude of a positive DER INTEGER in its minimal form (X.690 §8.3.2). */
function derIntegerMagnitude(bytes: Uint8Array, tag: number): Uint8Array {
  if (tag !== TAG.integer) throw new DerError('expected an INTEGER');
  if (bytes.length === 0) throw new DerError('empty INTEGER');
  if (bytes[0]! & 0x80) throw new EncodingError('negative INTEGER');
  if (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) throw new DerError('INTEGER not in its minimal form');
  const magnitude = bytes[0] === 0 && bytes.length > 1 ? bytes.subarray(1) : bytes;
  if (magnitude.length === 1 && magnitude[0] === 0) throw new EncodingError('zero is not a key component');
  return magnitude;
}

/** Writes the SSH wire blob (RFC 4253 §6.6). */
export function writeSshRsaBlob(key: RsaPublicKey): Uint8Array {
  const name = new TextEncoder().encode(SSH_RSA);
  return concat(sshString(name), sshString(signedForm(key.e)), sshString(signedForm(key.n)));
}

/** Writes DER SubjectPublicKeyInfo, the `-----BEGIN PUBLIC KEY-----` body (RFC 7468 §13). */
export function writeSpki(key: RsaPublicKey): Uint8Array {
  const pkcs1 = der(TAG.sequence, concat(der(TAG.integer, signedForm(key.n)), der(TAG.integer, signedForm(key.e))));
  // 06 09 2A 86 48 86 F7 0D 01 01 01: the rsaEncryption OID; 05 00: NULL.
  const algorithm = der(TAG.sequence, Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00));
  return der(TAG.sequence, concat(algorithm, der(TAG.bitString, concat(Uint8Array.of(0), pkcs1))));
}

/** The magnitude with a zero octet in front when its top bit is set: mpint and DER INTEGER alike. */
const signedForm = (magnitude: Uint8Array): Uint8Array => (magnitude[0]! & 0x80 ? concat(Uint8Array.of(0), magnitude) : magnitude);

function sshString(value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + value.length);
  new DataView(out.buffer).setUint32(0, value.length);
  out.set(value, 4);
  return out;
}

/** One DER value: tag, definite length in its shortest form (X.690 §10.1), contents. */
function der(tag: number, contents: Uint8Array): Uint8Array {
  const n = contents.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat(Uint8Array.of(tag, ...length), contents);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
