/**
 * @module The signature check of a compact JWS, by `jose` (RFC 7515 §5.2; built on WebCrypto, runs in
 * Workers and Node alike). It replaces our own base64url, WebCrypto parameter table and JWK import.
 *
 * What stays ours, before this runs: the strict parse (parse.ts), the algorithm allow-list and the `crit`
 * refusal (jose would accept `crit: ["b64"]`, RFC 7797), and the key choice (keys.ts). jose is told the one
 * algorithm the header names, so it never picks another; `none` and HS* never reach it.
 *
 * The key handed to jose is a public-only copy of the JWK (`kty`, `n`/`e` or `crv`/`x`/`y`): `use`,
 * `key_ops` and `alg` were checked in keys.ts, and a `key_ops` that also lists `sign` must not make the
 * import of a public key fail. The copy is memoized per JWK object, so jose's own per-object cache of the
 * imported CryptoKey lives exactly as long as the cached JWK Set it came from (data-plane/oidc-keys.ts).
 */
import { compactVerify, errors, type JWK } from 'jose';
import { err, ok, type Result } from '../result';
import type { Jwk, JwsAlgorithm, JwtFailure } from './types';

const publicCopies = new WeakMap<Jwk, JWK>();

function publicJwk(key: Jwk): JWK {
  let copy = publicCopies.get(key);
  if (!copy) {
    copy = key.kty === 'RSA' ? { kty: 'RSA', n: key.n, e: key.e } : { kty: 'EC', crv: key.crv, x: key.x, y: key.y };
    publicCopies.set(key, copy);
  }
  return copy;
}

const BAD_SIGNATURE: JwtFailure = { reason: 'bad-signature', detail: 'The token signature does not verify.' };

/** jose's refusal as one of ours. Anything but a verdict on the signature or the JWS is the key's fault. */
function failureOf(e: unknown): JwtFailure {
  if (e instanceof errors.JWSSignatureVerificationFailed) return BAD_SIGNATURE;
  if (e instanceof errors.JOSEAlgNotAllowed) return { reason: 'unsupported-algorithm', detail: 'The token is signed with an unsupported algorithm.' };
  if (e instanceof errors.JWSInvalid) return { reason: 'malformed', detail: 'The token is not a valid compact JWS.' };
  return { reason: 'key-mismatch', detail: 'The key of the issuer could not be imported.' };
}

/**
 * Verifies the signature of `token` (already parsed, its header checked) with `key` (already chosen to fit
 * `alg`). A key that does not import is `key-mismatch`; a signature that does not verify is `bad-signature`.
 */
export async function verifySignature(token: string, alg: JwsAlgorithm, key: Jwk): Promise<Result<true, JwtFailure>> {
  try {
    await compactVerify(token, publicJwk(key), { algorithms: [alg] });
    return ok(true);
  } catch (e) {
    return err(failureOf(e));
  }
}
