/**
 * @module Authentication on the data plane: SigV4 verified against the D1 read model, in the isolate,
 * without calling the account's object (docs/DESIGN.md §3 step 3).
 *
 * Key records (with their opened secret) are cached per isolate for {@link KEY_CACHE_TTL_MS}: that TTL plus
 * replica lag is the propagation bound of a key's deletion or deactivation for calls served in the
 * isolate. Calls executed by the account's object re-check the key against its current state, so an
 * Inactive or deleted key is refused there at once. A request carrying an `x-iam-bookmark` bypasses the
 * cache and reads a D1 session at least as fresh as the bookmark.
 *
 * Every key and every session is also checked against its account's live incarnation (data-plane/account-state.ts):
 * a closing account is refused, and nothing of an account closed and created again under the same id is
 * honoured by the new one. A long-term (AKIA) key sent with a session token is refused, as AWS refuses it.
 */
import { rootArn } from '../core/arn';
import { BoundedCache } from '../core/bounded-cache';
import { AwsError, invalidClientTokenId } from '../core/errors';
import { accountOfAccessKeyId } from '../core/ids';
import { secretBoxFromEnv, type SecretBox } from '../core/secret-box';
import {
  parseSigV4,
  SigningKeyCache,
  sigV4FailureToAwsError,
  verifySigV4,
  type CredentialScope,
  type ParsedAuth,
  type SigV4Request,
} from '../core/sigv4/index';
import type { Caller, SessionInfo } from '../services/context';
import { payloadSha256Hex } from './payload-hash';
import { isSessionOfIncarnation, openSessionToken, type SessionClaims } from '../core/session-token';
import { constantTimeEqualString } from '../core/bytes';
import { partitionOf, type Env } from '../env';
import { lookupAccessKey, readModelFor, type KeyLookup } from '../storage/read-model';
import { AccountStates, type LiveAccount } from './account-state';
import { ServiceCredentialVerifier, type CredentialBinding } from './service-specific-credentials';

/** How long an isolate trusts a key record it read from D1 (milliseconds). */
export const KEY_CACHE_TTL_MS = 5_000;
/** Key records an isolate keeps at most (bounded memory; an isolate has 128 MB). */
const KEY_CACHE_MAX_ENTRIES = 5_000;

/**
 * A refused request whose key showed whom it belongs to (a known key that is inactive or did not verify, a
 * session that expired or did not verify): the account's trail records the failure (CloudTrail records
 * failed authentications in the key's account). A key nobody has belongs to no account: nothing is
 * recorded for it, nor for a key of an account closed or created again since.
 */
export interface RefusedCaller {
  caller: Caller;
  scope: CredentialScope;
}

/** The refused callers of thrown errors, kept beside the error so the success path carries nothing. */
const refusedCallers = new WeakMap<AwsError, RefusedCaller>();

/** Who `error` refused, when authentication knew (see {@link RefusedCaller}). */
export function refusedCallerOf(error: unknown): RefusedCaller | undefined {
  return error instanceof AwsError ? refusedCallers.get(error) : undefined;
}

function refusing(error: AwsError, caller: Caller, scope: CredentialScope): AwsError {
  refusedCallers.set(error, { caller, scope });
  return error;
}

/** A verified request: who signed it and for which scope. */
export interface Authenticated {
  caller: Caller;
  scope: CredentialScope;
  /** What the read model knows of the user (tags, boundary); null for the root user and for sessions. */
  principal: KeyLookup['principal'];
  /** A caller who presented a service-specific credential: what its principal token binds (data-plane/service-specific-credentials.ts). */
  credential?: CredentialBinding;
}

interface CachedKey {
  lookup: KeyLookup;
  secret: string;
}

/** The service and region a credential scope must name (the decision path: the SaaS's prefix and region). */
export interface ExpectedScope {
  service: string;
  region: string;
}

const expectOptions = (e: ExpectedScope | undefined) => (e ? { expectedService: e.service, expectedRegion: e.region } : {});

/** What re-authenticating a caller needs (data-plane/decision-principal.ts seals it into a principal token). */
export interface CallerHandle {
  accessKeyId: string;
  accountId: string;
  /** The account's incarnation the caller was authenticated in. */
  incarnation: string;
  /** A session's claims without its secret; absent for a long-term key. */
  session?: SessionInfo;
  /** A service-specific credential's binding, when the caller presented one (`accessKeyId` is then its `ACCA…` id). */
  credential?: CredentialBinding;
  scope: CredentialScope;
}

/** Per-isolate authentication state: the key cache and the signing-key cache. */
export class Authenticator {
  readonly #env: Env;
  readonly #keys = new BoundedCache<string, CachedKey>({ maxEntries: KEY_CACHE_MAX_ENTRIES, ttlMs: KEY_CACHE_TTL_MS, order: 'recently-written' });
  /** Opened session tokens by temporary key id (see `#openToken`), each kept until its session expires. */
  readonly #tokens = new BoundedCache<string, { token: string; claims: SessionClaims }>({ maxEntries: KEY_CACHE_MAX_ENTRIES, order: 'recently-written' });
  readonly #signingKeys = new SigningKeyCache();
  readonly #accounts: AccountStates;
  readonly #serviceCredentials: ServiceCredentialVerifier;
  #secrets: Promise<SecretBox> | undefined;

  constructor(env: Env) {
    this.#env = env;
    this.#accounts = new AccountStates(env);
    this.#serviceCredentials = new ServiceCredentialVerifier(env, this);
  }

  /**
   * Verifies an IAM user's service-specific credential (user name and password) for `expect`'s service;
   * the caller is the user. Throws InvalidClientTokenId for any credential not honoured.
   */
  async authenticateServiceCredential(userName: string, password: string, now: Date, bookmark: string | null, expect: ExpectedScope): Promise<Authenticated> {
    const scope = scopeOf(expect, now);
    const v = await this.#serviceCredentials.verify(userName, password, scope, now, bookmark);
    return { caller: v.caller, scope, principal: v.principal, credential: v.binding };
  }

  /**
   * The account's live incarnation, or undefined when it is closing or absent: the one account-state read
   * of the data plane (cached like key records, bypassed by a bookmark).
   */
  liveAccount(accountId: string, nowMs: number, bookmark: string | null, presented?: string): Promise<LiveAccount | undefined> {
    return this.#accounts.live(accountId, nowMs, bookmark, presented);
  }

  /**
   * Verifies the request's signature; throws the AwsError AWS would answer with. `bookmark`: null to use
   * the isolate's caches; a D1 bookmark or `first-primary` to read past them at least that fresh.
   */
  authenticate(request: SigV4Request, body: Uint8Array, now: Date, bookmark: string | null): Promise<Authenticated> {
    return this.authenticateHashed(request, payloadSha256Hex(body), now, bookmark);
  }

  /**
   * As {@link authenticate}, given the body's SHA-256 (lower-case hex) instead of the body: the decision
   * path verifies a request a SaaS received, and the SaaS sends the hash, never the body. `expect`, when
   * given, is the service and region the credential scope must name (checked before the signature, with
   * AWS's "Credential should be scoped to correct service" wording).
   */
  async authenticateHashed(request: SigV4Request, bodySha256Hex: string, now: Date, bookmark: string | null, expect?: ExpectedScope): Promise<Authenticated> {
    const parsed = parseSigV4(request);
    if (!parsed.ok) throw sigV4FailureToAwsError(parsed.error);
    const { accessKeyId } = parsed.value;
    const accountId = accountOfAccessKeyId(accessKeyId);
    if (!accountId) throw invalidClientTokenId();
    if (accessKeyId.startsWith('ASIA')) return this.#temporary(request, parsed.value, bodySha256Hex, now, accountId, bookmark, expect);
    // AWS refuses a long-term key presented with a session token (X-Amz-Security-Token, header or query).
    if (parsed.value.sessionToken !== undefined) throw invalidClientTokenId();
    const nowMs = now.getTime();
    const [key, live, refused] = await this.#liveKey(accessKeyId, accountId, nowMs, bookmark);
    if (!key || !live) {
      const error = invalidClientTokenId();
      throw refused ? refusing(error, callerOf(refused, { accountId, createdAt: refused.accountCreatedAt ?? '' }, partitionOf(this.#env)), parsed.value.scope) : error;
    }
    const verified = verifySigV4({
      request,
      parsed: parsed.value,
      secretAccessKey: key.secret,
      cache: this.#signingKeys,
      bodySha256Hex,
      now,
      ...expectOptions(expect),
    });
    if (!verified.ok) throw refusing(sigV4FailureToAwsError(verified.error), callerOf(key.lookup, live, partitionOf(this.#env)), parsed.value.scope);
    return { caller: callerOf(key.lookup, live, partitionOf(this.#env)), scope: parsed.value.scope, principal: key.lookup.principal };
  }

  /**
   * A long-term key's record (Active, of its account's live incarnation) and that incarnation, through the
   * isolate's caches (or past them with a bookmark); `[undefined, …]` when the key is not honoured, with the
   * record of an inactive key of the account's live incarnation third.
   */
  async #liveKey(accessKeyId: string, accountId: string, nowMs: number, bookmark: string | null): Promise<[CachedKey | undefined, LiveAccount | undefined, KeyLookup?]> {
    const [found, cached] = await Promise.all([this.#key(accessKeyId, accountId, nowMs, bookmark), this.liveAccount(accountId, nowMs, bookmark)]);
    if (found && 'inactive' in found) {
      const inactive = found.inactive;
      return [undefined, undefined, cached && inactive.accountCreatedAt === cached.createdAt ? inactive : undefined];
    }
    const key = found;
    const incarnation = key?.lookup.accountCreatedAt ?? undefined;
    const live = incarnation !== undefined && cached?.createdAt !== incarnation ? await this.liveAccount(accountId, nowMs, bookmark, incarnation) : cached;
    // The key's record must be of the account's live incarnation: a record cached before its account was
    // closed (and the id created again) is not honoured.
    if (!key || !live || incarnation !== live.createdAt) return [undefined, undefined];
    return [key, live];
  }

  /**
   * Authenticates again a caller authenticated earlier (a decision's principal token): a long-term key must
   * still be Active and of its account's live incarnation `incarnation`; a session must still be of that
   * incarnation and unexpired. Read through the same caches as a signed request, so a principal token is
   * refused within the same propagation bound as the key's own signature (at once with a bookmark).
   * Undefined when it is no longer honoured.
   */
  async reauthenticate(handle: CallerHandle, now: Date, bookmark: string | null): Promise<Authenticated | undefined> {
    const nowMs = now.getTime();
    if (handle.credential) {
      if (!handle.accessKeyId.startsWith('ACCA')) return undefined;
      const v = await this.#serviceCredentials.reverify(handle.credential, handle.accountId, handle.incarnation, handle.scope, now, bookmark);
      return v && v.caller.accessKeyId === handle.accessKeyId ? { caller: v.caller, scope: handle.scope, principal: v.principal, credential: v.binding } : undefined;
    }
    const accountId = accountOfAccessKeyId(handle.accessKeyId);
    if (!accountId || accountId !== handle.accountId) return undefined;
    if (handle.session) {
      const s = handle.session;
      if (!handle.accessKeyId.startsWith('ASIA') || s.acct !== accountId || s.exp * 1000 <= nowMs) return undefined;
      const live = await this.liveAccount(accountId, nowMs, bookmark, s.acctAt);
      if (!live || !isSessionOfIncarnation(s, live.createdAt) || !constantTimeEqualString(live.createdAt, handle.incarnation)) return undefined;
      return { caller: callerOfSession(s, handle.accessKeyId, live), scope: handle.scope, principal: null };
    }
    if (!handle.accessKeyId.startsWith('AKIA')) return undefined;
    const [key, live] = await this.#liveKey(handle.accessKeyId, accountId, nowMs, bookmark);
    if (!key || !live || !constantTimeEqualString(live.createdAt, handle.incarnation)) return undefined;
    return { caller: callerOf(key.lookup, live, partitionOf(this.#env)), scope: handle.scope, principal: key.lookup.principal };
  }

  /**
   * Temporary credentials: the session token is opened (no database read for the key), bound to its key id
   * and account, checked for expiry, its secret verifies the signature, and it must be a session of its
   * account's live incarnation (the account's state is the one read, cached per isolate).
   */
  async #temporary(request: SigV4Request, parsed: ParsedAuth, bodySha256Hex: string, now: Date, accountId: string, bookmark: string | null, expect?: ExpectedScope): Promise<Authenticated> {
    const token = parsed.sessionToken;
    if (!token) throw invalidClientTokenId();
    const claims = await this.#openToken(parsed.accessKeyId, token, now.getTime());
    if (!claims || claims.acct !== accountId) throw invalidClientTokenId();
    const { secret: _, ...session } = claims;
    // A refusal is recorded only for a session of the account's live incarnation (one cached read, on failure only).
    const refuse = async (error: AwsError) => {
      const live = await this.liveAccount(accountId, now.getTime(), bookmark, claims.acctAt);
      return live && isSessionOfIncarnation(claims, live.createdAt) ? refusing(error, callerOfSession(session, parsed.accessKeyId, live), parsed.scope) : error;
    };
    if (claims.exp * 1000 <= now.getTime()) throw await refuse(new AwsError('ExpiredToken', 'The security token included in the request is expired', 403));
    const verified = verifySigV4({
      request,
      parsed,
      secretAccessKey: claims.secret,
      cache: this.#signingKeys,
      bodySha256Hex,
      now,
      ...expectOptions(expect),
    });
    if (!verified.ok) throw await refuse(sigV4FailureToAwsError(verified.error));
    // INVARIANT: checked on every request, never cached with the opened token: a session outlives no
    // incarnation of its account.
    const live = await this.liveAccount(accountId, now.getTime(), bookmark, claims.acctAt);
    if (!live || !isSessionOfIncarnation(claims, live.createdAt)) throw invalidClientTokenId();
    return { caller: callerOfSession(session, parsed.accessKeyId, live), scope: parsed.scope, principal: null };
  }

  /**
   * Opens a session token, through a per-isolate cache keyed by its key id: a hit still requires the
   * presented token to equal the cached one (compared in constant time), so the cache only saves the
   * decryption. Entries leave at expiry or when the cache is full.
   */
  async #openToken(accessKeyId: string, token: string, nowMs: number): Promise<SessionClaims | undefined> {
    const hit = this.#tokens.get(accessKeyId, nowMs);
    if (hit && constantTimeEqualString(hit.token, token)) return hit.claims;
    const claims = await openSessionToken(await this.#secretBox(), accessKeyId, token);
    if (!claims) return undefined;
    this.#tokens.set(accessKeyId, { token, claims }, nowMs, claims.exp * 1000);
    return claims;
  }

  /**
   * The key's record and secret, from the cache or D1; undefined when unknown or foreign; `{inactive}`
   * with its record when the account has it Inactive.
   */
  async #key(accessKeyId: string, accountId: string, nowMs: number, bookmark: string | null): Promise<CachedKey | { inactive: KeyLookup } | undefined> {
    const cached = bookmark === null ? this.#keys.get(accessKeyId, nowMs) : undefined;
    if (cached) return cached;
    const session = readModelFor(this.#env, accountId).withSession(bookmark ?? 'first-unconstrained');
    const lookup = await lookupAccessKey(session, accessKeyId);
    if (!lookup || lookup.status !== 'Active' || lookup.accountId !== accountId) {
      this.#keys.delete(accessKeyId);
      this.#signingKeys.evictAccessKey(accessKeyId);
      const usable = lookup && lookup.accountId === accountId && (lookup.principalId === null || lookup.principal !== null);
      return usable ? { inactive: lookup } : undefined;
    }
    // A user key whose user row is missing belongs to a user being deleted: refuse it.
    if (lookup.principalId !== null && lookup.principal === null) return undefined;
    const secret = await (await this.#secretBox()).open(lookup.secretSealed, accessKeyId);
    if (secret === undefined) {
      console.error(JSON.stringify({ event: 'secret-unsealable', accessKeyId }));
      return undefined;
    }
    const entry = { lookup, secret };
    this.#keys.set(accessKeyId, entry, nowMs);
    return entry;
  }

  /** The isolate's SecretBox (also used by STS to seal session tokens). */
  secretBox(): Promise<SecretBox> {
    return this.#secretBox();
  }

  #secretBox(): Promise<SecretBox> {
    this.#secrets ??= secretBoxFromEnv(this.#env);
    return this.#secrets;
  }
}

/** The scope of a caller who did not sign: the service and region it is decided for, on the request's date. */
const scopeOf = (expect: ExpectedScope, now: Date): CredentialScope => ({ date: now.toISOString().slice(0, 10).replace(/-/g, ''), region: expect.region, service: expect.service });

function callerOf(key: KeyLookup, live: LiveAccount, partition: string): Caller {
  const created = { accountCreatedAt: live.createdAt };
  if (key.principalId === null || key.principal === null) {
    return { type: 'Account', accountId: key.accountId, arn: rootArn(partition, key.accountId), principalId: key.accountId, userName: null, accessKeyId: key.accessKeyId, ...created };
  }
  return { type: 'User', accountId: key.accountId, arn: key.principal.arn, principalId: key.principalId, userName: key.principal.name, accessKeyId: key.accessKeyId, ...created };
}

/** The caller a session acts as. */
function callerOfSession(session: SessionInfo, accessKeyId: string, live: LiveAccount): Caller {
  const base = { accountId: session.acct, arn: session.arn, accessKeyId, session, accountCreatedAt: live.createdAt };
  switch (session.kind) {
    case 'assumed-role':
      return { ...base, type: 'AssumedRole', principalId: session.roleId ?? '', userName: null };
    case 'federated-user':
      return { ...base, type: 'FederatedUser', principalId: session.userId ?? '', userName: null };
    case 'session-token':
      return session.userId
        ? { ...base, type: 'User', principalId: session.userId, userName: session.arn.slice(session.arn.lastIndexOf('/') + 1) }
        : { ...base, type: 'Account', principalId: session.acct, userName: null };
  }
}

const authenticators = new WeakMap<Env, Authenticator>();

/** The isolate's Authenticator for this env (one per isolate in practice). */
export function authenticatorFor(env: Env): Authenticator {
  let a = authenticators.get(env);
  if (!a) authenticators.set(env, (a = new Authenticator(env)));
  return a;
}
