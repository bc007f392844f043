/**
 * @module The claim checks of a web identity token, after its signature verified.
 *
 * - `iss` must equal the provider's issuer exactly (OpenID Connect Core 1.0 §3.1.3.7 step 2: "MUST exactly
 *   match"); IAM's provider URL is the issuer without `https://`.
 * - Audience: the token's effective audience is `azp` when present (OpenID Connect Core §2: the party the
 *   token was issued to; IAM maps `<provider>:aud` to `azp` and `<provider>:oaud` to `aud` then), otherwise
 *   the `aud` values (a string or an array, RFC 7519 §4.1.3). One of them must be a client id registered on
 *   the provider; the first such is the `audience` returned (AssumeRoleWithWebIdentity's `Audience`).
 * - Time (RFC 7519 §4.1.4–4.1.6, NumericDate seconds): `exp` is required and refused from the second it
 *   names on ("the current date/time MUST be before the expiration date/time", as AWS words its
 *   ExpiredTokenException); `nbf` and `iat` may be up to {@link DEFAULT_LEEWAY_SECONDS} in the future (clock skew).
 * - `sub` is required, 1–255 characters (OpenID Connect Core §2; STS's `SubjectFromWebIdentityToken` is at
 *   most 255).
 */
import { err, ok, type Result } from '../result';
import type { JwtClaims, JwtFailure } from './types';

/** Clock skew tolerated for `nbf` and `iat`, in seconds. */
export const DEFAULT_LEEWAY_SECONDS = 60;
/** Longest `sub` accepted (OpenID Connect Core 1.0 §2). */
export const MAX_SUBJECT_LENGTH = 255;

/** What the claims must satisfy. */
export interface ClaimExpectations {
  /** The provider's issuer, `https://` + its IAM URL. */
  issuer: string;
  /** The provider's registered client ids (audiences). */
  clientIds: readonly string[];
  nowMs: number;
  leewaySeconds?: number;
}

/** The claims that passed, typed. */
export interface ValidClaims {
  iss: string;
  sub: string;
  /** The `aud` values, as an array. */
  aud: string[];
  azp?: string;
  /** The registered client id the token was accepted for. */
  audience: string;
  exp: number;
  nbf?: number;
  iat?: number;
}

const isNumericDate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The token's `iss` is the provider's issuer. */
export function checkIssuer(claims: JwtClaims, issuer: string): Result<string, JwtFailure> {
  const iss = claims['iss'];
  if (typeof iss !== 'string') return err({ reason: 'missing-claim', claim: 'iss' });
  return iss === issuer ? ok(iss) : err({ reason: 'wrong-issuer', issuer: iss });
}

/** The `aud` claim as an array of strings, or undefined when it is absent or not strings. */
function audiences(claims: JwtClaims): string[] | undefined {
  const aud = claims['aud'];
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')) return aud as string[];
  return undefined;
}

/** Checks issuer, times, audience and subject, in that order. */
export function validateClaims(claims: JwtClaims, expect: ClaimExpectations): Result<ValidClaims, JwtFailure> {
  const iss = checkIssuer(claims, expect.issuer);
  if (!iss.ok) return iss;
  const leeway = expect.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
  const now = Math.floor(expect.nowMs / 1000);

  const exp = claims['exp'];
  if (!isNumericDate(exp)) return err({ reason: 'missing-claim', claim: 'exp' });
  if (now >= exp) return err({ reason: 'expired', now, exp });
  const nbf = claims['nbf'];
  if (nbf !== undefined) {
    if (!isNumericDate(nbf)) return err({ reason: 'missing-claim', claim: 'nbf' });
    if (nbf > now + leeway) return err({ reason: 'not-yet-valid', now, nbf });
  }
  const iat = claims['iat'];
  if (iat !== undefined) {
    if (!isNumericDate(iat)) return err({ reason: 'missing-claim', claim: 'iat' });
    if (iat > now + leeway) return err({ reason: 'issued-in-future', now, iat });
  }

  const aud = audiences(claims);
  if (!aud) return err({ reason: 'missing-claim', claim: 'aud' });
  const azp = claims['azp'];
  if (azp !== undefined && typeof azp !== 'string') return err({ reason: 'missing-claim', claim: 'azp' });
  const effective = azp !== undefined ? [azp] : aud;
  const audience = effective.find((a) => expect.clientIds.includes(a));
  if (audience === undefined) return err({ reason: 'wrong-audience' });

  const sub = claims['sub'];
  if (typeof sub !== 'string') return err({ reason: 'missing-claim', claim: 'sub' });
  if (sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH) {
    return err({ reason: 'invalid-claim', claim: 'sub', detail: `The sub claim must be 1 to ${MAX_SUBJECT_LENGTH} characters.` });
  }
  return ok({
    iss: iss.value,
    sub,
    aud,
    ...(azp !== undefined ? { azp } : {}),
    audience,
    exp,
    ...(nbf !== undefined ? { nbf: nbf as number } : {}),
    ...(iat !== undefined ? { iat: iat as number } : {}),
  });
}
