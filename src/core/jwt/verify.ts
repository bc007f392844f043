/**
 * @module Verifying a web identity token end to end: parse → header checks → issuer → key (refetching the
 * JWK Set once when no key has the token's `kid`, RFC 7517 key rotation) → signature (jose) → claims.
 *
 * The claims are ours, not jose's `jwtVerify`: AWS tolerates clock skew on `nbf`/`iat` but none on `exp`
 * (jose's one `clockTolerance` covers all three), takes `azp` over `aud`, and answers each failure with its
 * own code and wording (claims.ts, errors.ts).
 *
 * The issuer is checked before any key is fetched, so a token never makes us fetch another issuer's keys;
 * the time and audience checks run only on a token whose signature verified, so an unsigned token learns
 * nothing about them.
 */
import { err, ok, type Result } from '../result';
import { validateClaims, checkIssuer, type ClaimExpectations, type ValidClaims } from './claims';
import { candidateKeys } from './keys';
import { checkHeader, parseJws } from './parse';
import { verifySignature } from './signature';
import type { Jwks, JwtFailure, VerifiedJwt } from './types';

/**
 * Where the issuer's keys come from: the (cached) JWK Set, or with `refresh` a fresh one because a token
 * names a key the cached set lacks. The edge implements it (data-plane/oidc-keys.ts); tests pass a literal set.
 */
export type KeySetSource = (refresh: boolean) => Promise<Result<Jwks, JwtFailure>>;

/** A verified token and its checked claims. */
export interface VerifiedWebIdentity extends VerifiedJwt {
  readonly valid: ValidClaims;
}

/** Verifies `token` against the issuer's keys and the expectations; every refusal is a typed failure. */
export async function verifyJwt(
  token: string,
  expect: ClaimExpectations,
  keys: KeySetSource,
): Promise<Result<VerifiedWebIdentity, JwtFailure>> {
  const parsed = parseJws(token);
  if (!parsed.ok) return parsed;
  const header = checkHeader(parsed.value.header);
  if (!header.ok) return header;
  const iss = checkIssuer(parsed.value.claims, expect.issuer);
  if (!iss.ok) return iss;

  const { alg, kid } = header.value;
  let set = await keys(false);
  if (!set.ok) return set;
  let candidates = candidateKeys(set.value, alg, kid);
  if (!candidates.ok && candidates.error.reason === 'no-matching-key') {
    set = await keys(true);
    if (!set.ok) return set;
    candidates = candidateKeys(set.value, alg, kid);
  }
  if (!candidates.ok) return candidates;

  let failure: JwtFailure | undefined;
  for (const key of candidates.value) {
    const verified = await verifySignature(token, alg, key);
    if (!verified.ok) {
      failure ??= verified.error;
      continue;
    }
    const valid = validateClaims(parsed.value.claims, expect);
    if (!valid.ok) return valid;
    return ok({ header: header.value, claims: parsed.value.claims, key, valid: valid.value });
  }
  return err(failure ?? { reason: 'bad-signature', detail: 'The token signature does not verify.' });
}
