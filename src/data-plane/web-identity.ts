/**
 * @module Web identity tokens for AssumeRoleWithWebIdentity, in the isolate: verification against the
 * issuer's keys (core/jwt + data-plane/oidc-keys.ts) and the condition keys the token puts in the request context.
 *
 * How the STS action uses it (the provider is found before anything is fetched):
 * 1. `issuerOfToken(token)` reads `iss` without verifying; `providerUrlOfIssuer(iss)` (core/jwt) gives the
 *    IAM provider URL, and the provider is `findOidcProviderByUrl(session, roleAccountId, url)`
 *    (storage/identity-providers.ts); none → throw `noOidcProviderError(iss)`.
 * 2. `verifyWebIdentityToken(env, token, provider.url, provider.clientIds, nowMs)` → claims, or the AwsError
 *    AWS answers with (InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim, IDPCommunicationError).
 * 3. `webIdentityContext(provider.url, claims)` → the `<provider>:…` keys for the trust policy's conditions.
 *
 * Condition keys (IAM User Guide, "Available keys for AWS OIDC federation"; Service Authorization
 * Reference, sts:AssumeRoleWithWebIdentity): `<url>:aud` is the `azp` claim when the token has one and the
 * `aud` claim otherwise, `<url>:oaud` the `aud` claim when `azp` took `:aud`, `<url>:sub` the subject,
 * `<url>:amr` the `amr` claim (multivalued). The provider-specific claim keys the Service Authorization
 * Reference lists for sts:AssumeRoleWithWebIdentity (`token.actions.githubusercontent.com:repository`,
 * `gitlab.com:project_id`, …) are added when the provider's URL matches and the token has that claim as a
 * string, number or boolean.
 */
import {
  issuerOfProviderUrl,
  jwtFailureToAwsError,
  parseJws,
  providerUrlOfIssuer,
  verifyJwt,
  type JwtClaims,
} from '../core/jwt/index';
import { AUTHZ_TABLE } from '../services/authz-table.gen';
import type { Env } from '../env';
import { oidcKeysFor, type OidcKeyFetcher } from './oidc-keys';

export { noOidcProviderError } from '../core/jwt/index';

/** A verified web identity. */
export interface WebIdentity {
  /** Every claim of the token. */
  claims: JwtClaims;
  /** The `iss` claim (`https://` + provider URL). */
  issuer: string;
  /** The IAM provider URL (issuer without `https://`). */
  providerUrl: string;
  /** The `sub` claim: AssumeRoleWithWebIdentity's `SubjectFromWebIdentityToken`. */
  subject: string;
  /** The registered client id the token was accepted for: the response's `Audience`. */
  audience: string;
}

/**
 * The `iss` of a token, read without verifying anything, to find its provider. Undefined when the token is
 * not a JWS or has no string `iss` (the caller answers InvalidIdentityToken).
 */
export function issuerOfToken(token: string): string | undefined {
  const parsed = parseJws(token);
  if (!parsed.ok) return undefined;
  const iss = parsed.value.claims['iss'];
  return typeof iss === 'string' ? iss : undefined;
}

/**
 * Verifies a web identity token for one provider: signature with the issuer's published keys, `iss`,
 * audience against `clientIds`, `exp`/`nbf`/`iat`, `sub`.
 *
 * @param provider the provider URL as IAM stores it (`token.actions.githubusercontent.com`) or its issuer
 *   (`https://token.actions.githubusercontent.com`)
 * @param keys the key fetcher; the isolate's one for `env` unless given (tests)
 * @throws AwsError InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim or IDPCommunicationError
 */
export async function verifyWebIdentityToken(
  env: Env,
  token: string,
  provider: string,
  clientIds: readonly string[],
  nowMs: number,
  keys: OidcKeyFetcher = oidcKeysFor(env),
): Promise<WebIdentity> {
  const issuer = provider.startsWith('https://') || provider.startsWith('http://') ? provider : issuerOfProviderUrl(provider);
  const result = await verifyJwt(token, { issuer, clientIds, nowMs }, keys.keySource(issuer));
  if (!result.ok) throw jwtFailureToAwsError(result.error);
  const { valid, claims } = result.value;
  const providerUrl = providerUrlOfIssuer(issuer) ?? issuer.replace(/^https?:\/\//, '');
  return { claims, issuer: valid.iss, providerUrl, subject: valid.sub, audience: valid.audience };
}

const strings = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** Provider-specific keys of sts:AssumeRoleWithWebIdentity: a pattern for the provider URL and the claim. */
interface ClaimKey {
  provider: RegExp;
  claim: string;
}

let claimKeys: ClaimKey[] | undefined;
/** Claims mapped by the rules above, never by the provider-specific list. */
const STANDARD_CLAIMS = new Set(['aud', 'oaud', 'sub', 'amr']);

/** `${Var}` in a key's provider part matches one host label, `${SubPath}` a path. */
function providerPattern(template: string): RegExp {
  const parts = template.split(/(\$\{[A-Za-z]+\})/);
  const body = parts
    .map((p) => (p === '${SubPath}' ? '[^:]+' : p.startsWith('${') ? '[^./:]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

function providerClaimKeys(): ClaimKey[] {
  if (claimKeys) return claimKeys;
  const keys = AUTHZ_TABLE.sts.actions['AssumeRoleWithWebIdentity']?.conditionKeys ?? [];
  claimKeys = [];
  for (const key of keys) {
    const cut = key.lastIndexOf(':');
    const prefix = key.slice(0, cut);
    if (cut <= 0 || prefix === 'aws' || prefix === 'sts') continue;
    claimKeys.push({ provider: providerPattern(prefix), claim: key.slice(cut + 1) });
  }
  return claimKeys;
}

/** The condition keys a verified token adds to the request context of AssumeRoleWithWebIdentity. */
export function webIdentityContext(providerUrl: string, claims: JwtClaims): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = {};
  const aud = strings(claims['aud']);
  const azp = claims['azp'];
  if (typeof azp === 'string') {
    ctx[`${providerUrl}:aud`] = azp;
    if (aud) ctx[`${providerUrl}:oaud`] = aud.length === 1 ? aud[0]! : aud;
  } else if (aud) {
    ctx[`${providerUrl}:aud`] = aud.length === 1 ? aud[0]! : aud;
  }
  if (typeof claims['sub'] === 'string') ctx[`${providerUrl}:sub`] = claims['sub'];
  const amr = strings(claims['amr']);
  if (amr) ctx[`${providerUrl}:amr`] = amr;
  for (const { provider, claim } of providerClaimKeys()) {
    if (STANDARD_CLAIMS.has(claim) || !provider.test(providerUrl)) continue;
    const v = claims[claim];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') ctx[`${providerUrl}:${claim}`] = String(v);
  }
  return ctx;
}
