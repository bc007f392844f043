/**
 * @module The authenticated caller as the decision contract shows it to a SaaS (`Principal`), and its
 * principal token: a sealed handle that lets the SaaS ask later decisions about the same caller without its
 * signature (a list page's batch after the page's own request, a background job).
 *
 * A principal token holds no secret (a session's secret is left out) and is sealed with the isolate's
 * SecretBox (AES-256-GCM) under additional data naming the SaaS's service and region, so a token issued to
 * one service is worthless to another. It is bound to the account's incarnation and to the access key (or
 * session) that signed, or to the service-specific credential and its password's hash that were presented, and expires with the shorter of the session and {@link PRINCIPAL_TOKEN_TTL_MS}. On
 * every use the key is checked again (still Active, account still live in the same incarnation) through the
 * same caches as a signed request (data-plane/authenticate.ts `reauthenticate`): a token never outlives
 * its key, its session or its account by more than the caches' propagation bound, and not at all when the
 * call carries a bookmark of the change.
 */
import { BoundedCache } from '../core/bounded-cache';
import type { Principal } from '../core/decision/contract';
import { AwsError, invalidClientTokenId } from '../core/errors';
import type { SecretBox } from '../core/secret-box';
import type { CredentialScope } from '../core/sigv4/index';
import type { AuthzPrincipal } from '../core/policy/index';
import type { Authenticated, CallerHandle } from './authenticate';

/** How long a principal token lives at most (milliseconds): five minutes, as SigV4's clock skew window. */
export const PRINCIPAL_TOKEN_TTL_MS = 300_000;
/** Format tag of a principal token. */
const TOKEN_PREFIX = 'EIPT1.';

/** What a token seals (short names keep tokens small). */
interface TokenClaims {
  v: 1;
  /** The caller's handle: key, account, incarnation, session claims. */
  h: Omit<CallerHandle, 'scope'>;
  /** Expiry, epoch milliseconds. */
  e: number;
}

const aad = (service: string, region: string) => `decision-principal:${service}:${region}`;

/**
 * Tokens sealed recently, by key, incarnation, service and region: a caller's every decision carries a
 * token, and sealing one per call would cost an AES-GCM seal each time. A cached token is handed out only
 * while it has at least {@link REUSE_MIN_LIFE_MS} to live, so every token handed out lives 4 to 5 minutes
 * (less when its session ends first); it is re-checked on every use all the same.
 */
const sealed = new BoundedCache<string, { token: string; expiresMs: number }>({ maxEntries: 5_000, ttlMs: PRINCIPAL_TOKEN_TTL_MS - 240_000, order: 'recently-written' });
const REUSE_MIN_LIFE_MS = 240_000;

/** Seals a principal token for `auth`, for calls of `service` in `region`. */
export async function sealPrincipalToken(box: SecretBox, auth: Authenticated, service: string, region: string, nowMs: number): Promise<string> {
  const { caller } = auth;
  const s = caller.session;
  // A service-specific credential's password hash is part of the key: after a Reset, a token of the old password is never handed out.
  const key = `${caller.accessKeyId}\0${caller.accountCreatedAt ?? ''}\0${service}\0${region}\0${box.kid}\0${auth.credential?.hash ?? ''}`;
  const hit = sealed.get(key, nowMs);
  if (hit && (hit.expiresMs - nowMs >= REUSE_MIN_LIFE_MS || (s && hit.expiresMs === s.exp * 1000 && hit.expiresMs > nowMs))) return hit.token;
  const expiresMs = Math.min(nowMs + PRINCIPAL_TOKEN_TTL_MS, s ? s.exp * 1000 : Infinity);
  const claims: TokenClaims = {
    v: 1,
    h: { accessKeyId: caller.accessKeyId, accountId: caller.accountId, incarnation: caller.accountCreatedAt ?? '', ...(s ? { session: s } : {}), ...(auth.credential ? { credential: auth.credential } : {}) },
    e: expiresMs,
  };
  const token = TOKEN_PREFIX + (await box.seal(JSON.stringify(claims), aad(service, region)));
  sealed.set(key, { token, expiresMs }, nowMs);
  return token;
}

/**
 * Opens a principal token of `service` in `region` into the caller's handle; throws `InvalidClientTokenId`
 * for anything not sealed by this deployment for that service (tampered, another service's, malformed) and
 * `ExpiredToken` once expired.
 */
export async function openPrincipalToken(box: SecretBox, token: string, service: string, region: string, nowMs: number): Promise<CallerHandle> {
  if (!token.startsWith(TOKEN_PREFIX)) throw invalidClientTokenId();
  const text = await box.open(token.slice(TOKEN_PREFIX.length), aad(service, region));
  if (text === undefined) throw invalidClientTokenId();
  let claims: TokenClaims;
  try {
    claims = JSON.parse(text) as TokenClaims;
  } catch {
    throw invalidClientTokenId();
  }
  if (claims.v !== 1 || typeof claims.e !== 'number' || typeof claims.h?.accessKeyId !== 'string') throw invalidClientTokenId();
  if (claims.e <= nowMs) throw new AwsError('ExpiredToken', 'The principal token included in the request is expired', 403);
  const scope: CredentialScope = { date: new Date(nowMs).toISOString().slice(0, 10).replace(/-/g, ''), region, service };
  return { ...claims.h, scope };
}

/** The contract's view of an authenticated caller, with the engine's view of it (tags merged) and its token. */
export function principalView(auth: Authenticated, engine: AuthzPrincipal, principalToken: string): Principal {
  const { caller } = auth;
  const s = caller.session;
  return {
    accountId: caller.accountId,
    arn: caller.arn,
    type: caller.type === 'Account' ? 'Root' : caller.type,
    userId: engine.userId ?? caller.principalId,
    ...(caller.type === 'User' && caller.userName ? { userName: caller.userName } : {}),
    accessKeyId: caller.accessKeyId,
    ...(s
      ? {
          session: {
            kind: s.kind,
            ...(s.roleArn ? { roleArn: s.roleArn } : {}),
            issuedAt: new Date(s.iat * 1000).toISOString(),
            expiresAt: new Date(s.exp * 1000).toISOString(),
            mfa: s.mfa,
            ...(s.sourceIdentity ? { sourceIdentity: s.sourceIdentity } : {}),
          },
        }
      : {}),
    tags: { ...(engine.tags ?? {}) },
    principalToken,
  };
}
