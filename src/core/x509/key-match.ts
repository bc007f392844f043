/**
 * @module Does a private key belong to a certificate? Both are imported with WebCrypto (the private key as
 * PKCS #8, the certificate's SubjectPublicKeyInfo as SPKI, RFC 5280 §4.1.2.7) and exported as JWK (RFC 7518
 * §6): the key pair matches when the public halves are equal, the modulus and exponent for RSA (`n`, `e`)
 * or the curve and point for EC (`crv`, `x`, `y`). The key's size is read from the imported key: RSA
 * moduli of 1024 to 4096 bits, the sizes AWS names for server certificates ("2048 … AWS also supports
 * 1024-bit and 4096-bit", IAM User Guide, Creating, Uploading, and Deleting Server Certificates,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/InstallCert.html), and the NIST curves.
 */
import { constantTimeEqualString } from '../bytes';
import { children, DerError, readOid, readTlv, TAG } from './der';
import { CURVES, OID_EC, OID_RSA, type PrivateKey } from './private-key';

/** RSA modulus sizes accepted, in bits. */
export const RSA_MIN_BITS = 1024;
export const RSA_MAX_BITS = 4096;

/** How a certificate's key and a private key compare. */
export type KeyMatch = 'match' | 'mismatch' | 'unsupported-certificate-key' | 'unsupported-key-size' | 'malformed-key';

/** The algorithm and (EC) curve OID of a SubjectPublicKeyInfo; an empty algorithm when they do not read. */
export function spkiAlgorithm(spki: Uint8Array): { algorithm: string; curveOid?: string } {
  try {
    const [algId] = children(spki, readTlv(spki, 0, spki.length));
    const [oid, params] = children(spki, algId!);
    return { algorithm: readOid(spki, oid!), ...(params?.tag === TAG.oid ? { curveOid: readOid(spki, params) } : {}) };
  } catch (e) {
    if (e instanceof DerError || e instanceof RangeError) return { algorithm: '' };
    throw e;
  }
}

/** WebCrypto import parameters (RSASSA-PKCS1-v1_5 with its hash, or ECDSA with its curve). */
type Algorithm = { name: 'RSASSA-PKCS1-v1_5'; hash: 'SHA-256' } | { name: 'ECDSA'; namedCurve: string };

/** The WebCrypto import parameters for a certificate's key, or undefined when it is neither RSA nor a NIST curve. */
function importParams(spki: Uint8Array): Algorithm | undefined {
  const { algorithm, curveOid } = spkiAlgorithm(spki);
  if (algorithm === OID_RSA) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const namedCurve = CURVES[curveOid ?? ''];
  if (algorithm === OID_EC && namedCurve) return { name: 'ECDSA', namedCurve };
  return undefined;
}

/** The public members of a JWK that identify the key. */
const publicHalf = (jwk: JsonWebKey, kind: PrivateKey['kind']): string =>
  kind === 'RSA' ? `${jwk.n}.${jwk.e}` : `${jwk.crv}.${jwk.x}.${jwk.y}`;

/** The certificate's public key, exported as JWK, and its modulus size; undefined when WebCrypto refuses it. */
async function certificateKey(spki: Uint8Array, params: Algorithm): Promise<{ jwk: JsonWebKey; bits?: number } | undefined> {
  try {
    const key = await crypto.subtle.importKey('spki', spki, params, true, ['verify']);
    return { jwk: await crypto.subtle.exportKey('jwk', key) as JsonWebKey, bits: (key.algorithm as { modulusLength?: number }).modulusLength };
  } catch {
    return undefined;
  }
}

/** Compares `key` with the certificate's SubjectPublicKeyInfo `spki`. */
export async function matchKeyPair(spki: Uint8Array, key: PrivateKey): Promise<KeyMatch> {
  const params = importParams(spki);
  if (!params) return 'unsupported-certificate-key';
  const kind: PrivateKey['kind'] = params.name === 'ECDSA' ? 'EC' : 'RSA';
  const cert = await certificateKey(spki, params);
  if (!cert) return 'unsupported-certificate-key';
  if (kind === 'RSA' && (cert.bits! < RSA_MIN_BITS || cert.bits! > RSA_MAX_BITS)) return 'unsupported-key-size';
  if (key.kind !== kind || (params.name === 'ECDSA' && CURVES[key.curveOid ?? ''] !== params.namedCurve)) return 'mismatch';
  let jwk: JsonWebKey;
  try {
    jwk = await crypto.subtle.exportKey('jwk', await crypto.subtle.importKey('pkcs8', key.pkcs8, params, true, ['sign'])) as JsonWebKey;
  } catch {
    return 'malformed-key';
  }
  return constantTimeEqualString(publicHalf(jwk, kind), publicHalf(cert.jwk, kind)) ? 'match' : 'mismatch';
}
