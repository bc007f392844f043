/**
 * @module Unencrypted private keys in the three PEM forms a server certificate's key comes in, each turned
 * into PKCS #8 DER, the one form WebCrypto imports: PKCS #8 `PRIVATE KEY` (RFC 5208 §5, RFC 7468 §10),
 * PKCS #1 `RSA PRIVATE KEY` (RFC 8017 §A.1.2) and SEC 1 `EC PRIVATE KEY` (RFC 5915 §3). The PKCS #1 and SEC 1
 * structures are wrapped whole as the PKCS #8 `privateKey` octets with their algorithm identifier (RFC 5958
 * §2, RFC 5915 §4). Only RSA and the NIST curves P-256/P-384/P-521 are read: the key types IAM server
 * certificates carry. Encrypted keys are refused ("The private key must be unencrypted", IAM User Guide,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html).
 */
import { children, DerError, readOid, readTlv, TAG, type Tlv } from './der';
import { pemBlocks, type Parsed } from './certificate';

/** rsaEncryption (RFC 8017 §A.1) and id-ecPublicKey (RFC 5480 §2.1.1). */
export const OID_RSA = '1.2.840.113549.1.1.1';
export const OID_EC = '1.2.840.10045.2.1';

/** Named curves (RFC 5480 §2.1.1.1) by OID, as WebCrypto names them. */
export const CURVES: Readonly<Record<string, 'P-256' | 'P-384' | 'P-521'>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

/** A private key ready for WebCrypto. */
export interface PrivateKey {
  kind: 'RSA' | 'EC';
  /** PKCS #8 DER. */
  pkcs8: Uint8Array;
  /** The curve's OID (EC), when the key names it; a SEC 1 key may leave it to its certificate. */
  curveOid?: string;
}

/** The labels of the three forms; anything else (`ENCRYPTED PRIVATE KEY`, `DSA PRIVATE KEY`…) is refused. */
const LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'] as const;
const ANY_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** DER's definite length octets (X.690 §8.1.3), shortest form. */
function lengthOctets(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return [0x80 | out.length, ...out];
}

/** One DER value: tag, length, contents. */
function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const size = contents.reduce((n, c) => n + c.length, 0);
  const head = [tag, ...lengthOctets(size)];
  const out = new Uint8Array(head.length + size);
  out.set(head);
  let at = head.length;
  for (const c of contents) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** OBJECT IDENTIFIER contents (X.690 §8.19) of a dotted OID. */
function oidBytes(oid: string): Uint8Array {
  const [a, b, ...rest] = oid.split('.').map(Number) as [number, number, ...number[]];
  const out: number[] = [];
  for (const arc of [a * 40 + b, ...rest]) {
    const septets: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) septets.unshift(0x80 | (v & 0x7f));
    out.push(...septets);
  }
  return tlv(TAG.oid, Uint8Array.from(out));
}

/** PKCS #8 around an algorithm identifier and the inner key's DER (RFC 5958 §2, version 0). */
const wrapPkcs8 = (algorithm: Uint8Array, inner: Uint8Array) =>
  tlv(TAG.sequence, tlv(TAG.integer, Uint8Array.of(0)), tlv(TAG.sequence, algorithm), tlv(TAG.octetString, inner));

/** The outer SEQUENCE of a key's DER, which must span it exactly, and its fields. */
function fieldsOf(der: Uint8Array): Tlv[] {
  const outer = readTlv(der, 0, der.length);
  if (outer.tag !== TAG.sequence || outer.end !== der.length) throw new DerError('not a single key');
  return children(der, outer);
}

/** PKCS #8: version, algorithm identifier (RSA, or EC with a named curve), key octets. */
function readPkcs8(der: Uint8Array): PrivateKey {
  const [version, algorithm, key] = fieldsOf(der);
  if (version?.tag !== TAG.integer || algorithm?.tag !== TAG.sequence || key?.tag !== TAG.octetString) throw new DerError('not a PKCS #8 key');
  const [oid, params] = children(der, algorithm);
  const alg = oid ? readOid(der, oid) : '';
  if (alg === OID_RSA) return { kind: 'RSA', pkcs8: der };
  if (alg === OID_EC && params?.tag === TAG.oid) return { kind: 'EC', pkcs8: der, curveOid: readOid(der, params) };
  throw new DerError('unsupported key algorithm');
}

/** PKCS #1 RSAPrivateKey: version and eight integers (two-prime keys; multi-prime ones add a ninth field). */
function readPkcs1(der: Uint8Array): PrivateKey {
  const fields = fieldsOf(der);
  if (fields.length < 9 || fields.slice(0, 9).some((f) => f.tag !== TAG.integer)) throw new DerError('not a PKCS #1 key');
  return { kind: 'RSA', pkcs8: wrapPkcs8(Uint8Array.from([...oidBytes(OID_RSA), 0x05, 0x00]), der) };
}

/** SEC 1 ECPrivateKey: version 1, key octets, optional [0] curve and [1] public key. */
function readSec1(der: Uint8Array, certificateCurve: string | undefined): PrivateKey {
  const [version, key, ...rest] = fieldsOf(der);
  if (version?.tag !== TAG.integer || key?.tag !== TAG.octetString) throw new DerError('not a SEC 1 key');
  const params = rest.find((f) => f.tag === 0xa0);
  const curveTlv = params ? readTlv(der, params.start, params.end) : undefined;
  const curveOid = curveTlv ? readOid(der, curveTlv) : certificateCurve;
  if (!curveOid) throw new DerError('the key names no curve');
  return { kind: 'EC', pkcs8: wrapPkcs8(Uint8Array.from([...oidBytes(OID_EC), ...oidBytes(curveOid)]), der), curveOid };
}

/**
 * The one private key of a PEM text, as PKCS #8; `certificateCurve` is the curve of the certificate it
 * belongs to, for a SEC 1 key that does not name its own. Nothing but the one block and white space may be
 * there; a block's headers (RFC 1421 `Proc-Type: 4,ENCRYPTED`) fail its base64.
 */
export function parsePemPrivateKey(text: string, certificateCurve?: string): Parsed<PrivateKey> {
  const blocks = [...text.matchAll(ANY_BLOCK)];
  const rest = text.replace(ANY_BLOCK, '').trim();
  const label = blocks[0]?.[1] as (typeof LABELS)[number] | undefined;
  if (blocks.length !== 1 || rest.length > 0 || !label || !LABELS.includes(label)) return { ok: false, reason: 'not one unencrypted PEM private key' };
  const der = pemBlocks(text, label)?.[0];
  if (!der) return { ok: false, reason: 'invalid base64' };
  try {
    const key = label === 'PRIVATE KEY' ? readPkcs8(der) : label === 'RSA PRIVATE KEY' ? readPkcs1(der) : readSec1(der, certificateCurve);
    if (key.kind === 'EC' && !CURVES[key.curveOid ?? '']) return { ok: false, reason: 'unsupported curve' };
    return { ok: true, value: key };
  } catch (e) {
    if (e instanceof DerError || e instanceof RangeError) return { ok: false, reason: e.message };
    throw e;
  }
}
