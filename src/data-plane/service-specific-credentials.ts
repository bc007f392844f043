/**
 * @module IAM users' service-specific credentials verified on the data plane: a SaaS service that lets its
 * tenants' users sign in with a user name and password (git over HTTPS, a database wire protocol) sends them
 * in the decision call (`caller: {serviceCredential: {userName, password}}`), and the caller is the IAM user
 * who holds the credential, decided with that user's policies as a signed request would be.
 *
 * The credential is read from the read model (projected by the account's object) by its generated user name
 * `<user>-at-<account>`, which names the account and so its shard. It is honoured only while it is
 * Active, for the service it was created for (`<prefix>.amazonaws.com`, the SaaS service's prefix), while
 * its user exists, and in its account's live incarnation; the password's SHA-256 is compared in constant
 * time (core/service-password.ts: 256 random bits, so no stretching). Records are cached per isolate as
 * access keys are (data-plane/authenticate.ts `KEY_CACHE_TTL_MS`), and a bookmark reads past the cache.
 * A principal token issued for such a caller is bound to the credential and to its password's hash, so
 * deactivating, deleting or resetting the credential ends it within the same bound.
 * Spec: IAM User Guide, "Service-specific credentials for IAM users" (id_credentials_service-specific-creds.html).
 */
import { BoundedCache } from '../core/bounded-cache';
import { constantTimeEqualString } from '../core/bytes';
import { AwsError } from '../core/errors';
import { servicePasswordHash } from '../core/service-password';
import type { CredentialScope } from '../core/sigv4/index';
import type { Caller } from '../services/context';
import { lookupServiceSpecificCredential, readModelFor, type ServiceCredentialLookup } from '../storage/read-model';
import type { Env } from '../env';
import type { LiveAccount } from './account-state';

/** How long an isolate trusts a credential record it read (as key records: authenticate.ts KEY_CACHE_TTL_MS). */
const CREDENTIAL_CACHE_TTL_MS = 5_000;
const CREDENTIAL_CACHE_MAX_ENTRIES = 5_000;

/** The generated user name's form (services/iam/service-credentials.ts): the account id after `-at-`. */
const SERVICE_USER_NAME = /^.{1,128}-at-(\d{12})$/s;

/** What a principal token binds a service-credential caller to. */
export interface CredentialBinding {
  /** The credential's user name (`<user>-at-<account>`). */
  userName: string;
  /** The SHA-256 of the password it was verified with: a Reset ends tokens issued before it. */
  hash: string;
}

/** The one refusal, whatever failed: it never tells which of the name, the password or the state was wrong. */
export const invalidServiceCredential = (): AwsError => new AwsError('InvalidClientTokenId', 'The service-specific credential included in the request is invalid.', 403);

/** The verifier's view of the rest of authentication (the account's live incarnation). */
export interface LiveAccounts {
  liveAccount(accountId: string, nowMs: number, bookmark: string | null, presented?: string): Promise<LiveAccount | undefined>;
}

/** A verified credential: the user it acts as, and what a principal token binds it to. */
export interface VerifiedCredential {
  caller: Caller;
  principal: ServiceCredentialLookup['principal'];
  binding: CredentialBinding;
}

/** Per-isolate verification of service-specific credentials; see the module comment. */
export class ServiceCredentialVerifier {
  readonly #env: Env;
  readonly #accounts: LiveAccounts;
  readonly #records = new BoundedCache<string, ServiceCredentialLookup>({ maxEntries: CREDENTIAL_CACHE_MAX_ENTRIES, ttlMs: CREDENTIAL_CACHE_TTL_MS, order: 'recently-written' });

  constructor(env: Env, accounts: LiveAccounts) {
    this.#env = env;
    this.#accounts = accounts;
  }

  /** Verifies a user name and password for `scope`'s service; throws {@link invalidServiceCredential}. */
  async verify(userName: string, password: string, scope: CredentialScope, now: Date, bookmark: string | null): Promise<VerifiedCredential> {
    const hash = servicePasswordHash(password);
    return (await this.#honoured({ userName, hash }, scope, now, bookmark)) ?? throwInvalid();
  }

  /** Verifies again what a principal token bound (the same credential, password, account incarnation); undefined when no longer honoured. */
  async reverify(binding: CredentialBinding, accountId: string, incarnation: string, scope: CredentialScope, now: Date, bookmark: string | null): Promise<VerifiedCredential | undefined> {
    const verified = await this.#honoured(binding, scope, now, bookmark);
    if (!verified || verified.caller.accountId !== accountId || !constantTimeEqualString(verified.caller.accountCreatedAt ?? '', incarnation)) return undefined;
    return verified;
  }

  async #honoured(binding: CredentialBinding, scope: CredentialScope, now: Date, bookmark: string | null): Promise<VerifiedCredential | undefined> {
    const accountId = SERVICE_USER_NAME.exec(binding.userName)?.[1];
    if (!accountId) return undefined;
    const nowMs = now.getTime();
    const record = await this.#record(binding.userName, accountId, nowMs, bookmark);
    // The hash is compared whatever else failed, so a refusal takes the same path for every reason.
    const matches = constantTimeEqualString(record?.passwordHash ?? '0'.repeat(64), binding.hash);
    if (!record || !matches || record.status !== 'Active' || record.accountId !== accountId || record.serviceName !== `${scope.service}.amazonaws.com` || !record.principal || !record.accountCreatedAt) return undefined;
    const live = await this.#accounts.liveAccount(accountId, nowMs, bookmark, record.accountCreatedAt);
    if (!live || live.createdAt !== record.accountCreatedAt) return undefined;
    return {
      caller: { type: 'User', accountId, arn: record.principal.arn, principalId: record.userId, userName: record.principal.name, accessKeyId: record.credentialId, accountCreatedAt: live.createdAt },
      principal: record.principal,
      binding: { userName: record.serviceUserName, hash: record.passwordHash },
    };
  }

  async #record(userName: string, accountId: string, nowMs: number, bookmark: string | null): Promise<ServiceCredentialLookup | undefined> {
    const hit = bookmark === null ? this.#records.get(userName, nowMs) : undefined;
    if (hit) return hit;
    // Unknown names are not remembered (as unknown keys are not): a credential just created is found at once.
    const record = await lookupServiceSpecificCredential(readModelFor(this.#env, accountId).withSession(bookmark ?? 'first-unconstrained'), userName);
    if (record) this.#records.set(userName, record, nowMs);
    else this.#records.delete(userName);
    return record;
  }
}

const throwInvalid = (): never => {
  throw invalidServiceCredential();
};
