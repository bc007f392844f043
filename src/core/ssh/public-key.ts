/**
 * @module SSH public keys as IAM's UploadSSHPublicKey takes them and GetSSHPublicKey gives them back.
 *
 * "The public key must be encoded in ssh-rsa format or PEM format. The minimum bit-length of the public key
 * is 2048 bits, and the maximum length is 16384 bits." (IAM User Guide, "Using IAM with CodeCommit: Git
 * credentials, SSH keys, and AWS access keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_ssh-keys.html;
 * API Reference, UploadSSHPublicKey). Accepted:
 *
 * - OpenSSH's one-line form `ssh-rsa <base64 of the RFC 4253 §6.6 blob> [comment]`;
 * - PEM (RFC 7468): `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo, what `openssl rsa -pubout` and
 *   `ssh-keygen -e -m PKCS8` write, and what GetSSHPublicKey's PEM encoding returns) or
 *   `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1, what `ssh-keygen -e -m PEM` writes).
 *
 * Two refusals, as the API's errors distinguish them: a text in neither encoding (another SSH key type such
 * as `ssh-ed25519`, an RFC 4716 `---- BEGIN SSH2 PUBLIC KEY ----` block, a certificate or a private key,
 * anything else) is `encoding`: UnrecognizedPublicKeyEncoding; a text in one of them whose key is broken
 * (bad base64, truncated or padded blob, trailing bytes, a non-RSA key in PEM) or out of IAM's bounds
 * (modulus under 2048 or over 16384 bits, an even or too small exponent) is `invalid`: InvalidPublicKey.
 *
 * The key is kept as its canonical SSH blob: the fingerprint is the MD5 of that blob in colon-separated hex
 * (what `ssh-keygen -l -E md5` prints, and the form of AWS's examples, `12:34:…:ef`), and both encodings
 * are written from it, so a key uploaded in one encoding is the same key in the other.
 */
import { md5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64, toHex } from '../bytes';
import { DerError } from '../x509/der';
import { EncodingError, readPkcs1, readSpki, readSshRsaBlob, writeSpki, writeSshRsaBlob, type RsaPublicKey } from './rsa-encodings';

/** IAM's bounds on an SSH public key's modulus, in bits. */
export const MIN_SSH_KEY_BITS = 2048;
export const MAX_SSH_KEY_BITS = 16384;

/** A parsed key: its canonical SSH blob and its size. */
export interface SshPublicKey {
  blob: Uint8Array;
  bits: number;
}

export type SshKeyParse = { ok: true; key: SshPublicKey } | { ok: false; error: 'encoding' | 'invalid'; reason: string };

const SSH_LINE = /^ssh-rsa[ \t]+([A-Za-z0-9+/]+={0,2})(?:[ \t]+[^\r\n]*)?$/;
const OTHER_SSH_TYPE = /^(?:ssh-(?:dss|ed25519|ed448)|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+|[a-z0-9-]+-cert-v01@openssh\.com)[ \t]/;
const PEM = /^-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY)-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END \1-----$/;

/** Parses an uploaded `SSHPublicKeyBody`. */
export function parseSshPublicKey(body: string): SshKeyParse {
  const text = body.trim();
  try {
    if (/^ssh-rsa[ \t]/.test(text)) {
      const m = SSH_LINE.exec(text);
      if (!m) return invalid('not one ssh-rsa line');
      return checked(readSshRsaBlob(decode(m[1]!)));
    }
    const pem = PEM.exec(text);
    if (pem) {
      const der = decode(pem[2]!.replace(/\r?\n/g, ''));
      return checked(pem[1] === 'PUBLIC KEY' ? readSpki(der) : readPkcs1(der));
    }
  } catch (e) {
    if (e instanceof EncodingError || e instanceof DerError) return invalid(e.message);
    throw e;
  }
  const kind = OTHER_SSH_TYPE.test(text) ? 'an SSH key type IAM does not take' : text.startsWith('-----BEGIN') || text.startsWith('---- BEGIN') ? 'a PEM label IAM does not take' : 'neither ssh-rsa nor PEM';
  return { ok: false, error: 'encoding', reason: kind };
}

/** Base64 of whole octets; anything else is a malformed key. */
function decode(b64: string): Uint8Array {
  const bytes = b64.length % 4 === 0 ? fromBase64(b64) : undefined;
  if (!bytes) throw new EncodingError('invalid base64');
  return bytes;
}

const invalid = (reason: string): SshKeyParse => ({ ok: false, error: 'invalid', reason });

/** IAM's bounds, then the canonical blob. */
function checked(key: RsaPublicKey): SshKeyParse {
  const bits = bitLength(key.n);
  if (bits < MIN_SSH_KEY_BITS) return invalid(`${bits}-bit modulus, under ${MIN_SSH_KEY_BITS}`);
  if (bits > MAX_SSH_KEY_BITS) return invalid(`${bits}-bit modulus, over ${MAX_SSH_KEY_BITS}`);
  // An RSA modulus is odd; a public exponent is odd, at least 3 and below the modulus (RFC 8017 §3.1).
  if (!(key.n[key.n.length - 1]! & 1)) return invalid('even modulus');
  const e = key.e;
  if (!(e[e.length - 1]! & 1) || (e.length === 1 && e[0]! < 3)) return invalid('public exponent not an odd number of at least 3');
  if (e.length > key.n.length || (e.length === key.n.length && compare(e, key.n) >= 0)) return invalid('public exponent not below the modulus');
  return { ok: true, key: { blob: writeSshRsaBlob(key), bits } };
}

const bitLength = (magnitude: Uint8Array): number => (magnitude.length - 1) * 8 + (32 - Math.clz32(magnitude[0]!));

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** MD5 of the blob, colon-separated lower-case hex (RFC 4716 §4's fingerprint form). */
export function sshFingerprint(blob: Uint8Array): string {
  return toHex(md5(blob)).replace(/(..)(?!$)/g, '$1:');
}

/** SHA-256 of the blob, hex: what tells two keys apart (MD5, the fingerprint, is not collision-resistant). */
export const sshKeyDigest = (blob: Uint8Array): string => toHex(sha256(blob));

/** The key in SSH encoding: `ssh-rsa <base64>` (the upload's comment is not part of the key). */
export const sshEncoding = (blob: Uint8Array): string => `ssh-rsa ${toBase64(blob)}`;

/** The key in PEM encoding: SubjectPublicKeyInfo, 64-character lines, as AWS's examples show it. */
export function pemEncoding(blob: Uint8Array): string {
  const b64 = toBase64(writeSpki(readSshRsaBlob(blob)));
  return `-----BEGIN PUBLIC KEY-----\n${b64.replace(/.{64}(?=.)/g, '$&\n')}\n-----END PUBLIC KEY-----\n`;
}
