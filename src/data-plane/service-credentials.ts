/**
 * @module Service credentials: how a SaaS backend that is not a Worker authenticates to the HTTPS decision
 * API (http/decision-api.ts). The operator issues one (`POST /operator/service-credentials`): an access key
 * id `ESVC…` and a secret shown once, stored sealed in D1, limited to the service prefixes it names. The
 * SaaS signs its calls with SigV4 under the credential scope service {@link DECISION_API_SIGNING_SERVICE}
 * (any region), the body's hash bound by the signature as SigV4 binds it. A tenant's access key (AKIA/ASIA)
 * is refused: a tenant never asks decisions, the SaaS does.
 *
 * Credentials are read from D1 and cached per isolate for {@link SERVICE_CREDENTIAL_CACHE_TTL_MS} (the access
 * keys' bound): a deleted credential is refused within that TTL plus replica lag, at once in the isolate that
 * deleted it and in any call carrying the deletion's bookmark.
 * Spec: IAM User Guide, "Signing AWS API requests" (SigV4).
 */
import { BoundedCache } from '../core/bounded-cache';
import { AwsError, invalidClientTokenId } from '../core/errors';
import { base32, cryptoRandomBytes, newSecretAccessKey } from '../core/ids';
import { parseSigV4, SigningKeyCache, sigV4FailureToAwsError, verifySigV4, type SigV4Request } from '../core/sigv4/index';
import type { Env } from '../env';
import { insertServiceCredential, lookupServiceCredential, type ServiceCredentialRow } from '../storage/service-credentials';
import { authenticatorFor } from './authenticate';

/** The credential scope's service of every HTTPS decision API call: `…/<date>/<region>/decisions/aws4_request`. */
export const DECISION_API_SIGNING_SERVICE = 'decisions';
/** How long an isolate trusts a service credential it read from D1 (milliseconds): the access keys' TTL. */
export const SERVICE_CREDENTIAL_CACHE_TTL_MS = 5_000;
const CACHE_MAX_ENTRIES = 1_000;
/** `ESVC` and 16 base32 characters: never an AKIA/ASIA id, so a tenant's key is never looked up here. */
export const SERVICE_CREDENTIAL_ID_PATTERN = /^ESVC[A-Z2-7]{16}$/;

const aad = (accessKeyId: string) => `service-credential:${accessKeyId}`;

/** The SaaS a decision API call was authenticated as. */
export interface ServiceCaller {
  accessKeyId: string;
  services: readonly string[];
}

/** A new credential: its row (secret sealed) and the secret, shown once. */
export async function issueServiceCredential(env: Env, services: string[], description: string, now: Date): Promise<{ row: ServiceCredentialRow; secretAccessKey: string; bookmark: string | null }> {
  const accessKeyId = `ESVC${base32(cryptoRandomBytes(10))}`;
  const secretAccessKey = newSecretAccessKey();
  const box = await authenticatorFor(env).secretBox();
  const row = { accessKeyId, secretSealed: await box.seal(secretAccessKey, aad(accessKeyId)), services, description, createdAt: now.toISOString() };
  const bookmark = await insertServiceCredential(env.DB, row);
  return { row, secretAccessKey, bookmark };
}

/** Per-isolate verification of service credentials' signatures. */
export class ServiceCredentials {
  readonly #env: Env;
  readonly #cache = new BoundedCache<string, { services: string[]; secret: string }>({ maxEntries: CACHE_MAX_ENTRIES, ttlMs: SERVICE_CREDENTIAL_CACHE_TTL_MS, order: 'recently-written' });
  readonly #signingKeys = new SigningKeyCache();

  constructor(env: Env) {
    this.#env = env;
  }

  /** Verifies a decision API call's signature; throws the AwsError AWS would answer with. */
  async authenticate(request: SigV4Request, bodySha256Hex: string, now: Date, bookmark: string | null): Promise<ServiceCaller> {
    const parsed = parseSigV4(request);
    if (!parsed.ok) throw sigV4FailureToAwsError(parsed.error);
    const { accessKeyId } = parsed.value;
    if (!SERVICE_CREDENTIAL_ID_PATTERN.test(accessKeyId)) {
      throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid: the decision API accepts only service credentials issued by the operator.', 403);
    }
    if (parsed.value.sessionToken !== undefined) throw invalidClientTokenId();
    const credential = await this.#credential(accessKeyId, now.getTime(), bookmark);
    if (!credential) throw invalidClientTokenId();
    const verified = verifySigV4({
      request,
      parsed: parsed.value,
      secretAccessKey: credential.secret,
      cache: this.#signingKeys,
      bodySha256Hex,
      now,
      expectedService: DECISION_API_SIGNING_SERVICE,
    });
    if (!verified.ok) throw sigV4FailureToAwsError(verified.error);
    return { accessKeyId, services: credential.services };
  }

  /** Drops a credential from this isolate's cache (the operator deleted it here). */
  forget(accessKeyId: string): void {
    this.#cache.delete(accessKeyId);
    this.#signingKeys.evictAccessKey(accessKeyId);
  }

  async #credential(accessKeyId: string, nowMs: number, bookmark: string | null): Promise<{ services: string[]; secret: string } | undefined> {
    const hit = bookmark === null ? this.#cache.get(accessKeyId, nowMs) : undefined;
    if (hit) return hit;
    const row = await lookupServiceCredential(this.#env.DB.withSession(bookmark ?? 'first-unconstrained'), accessKeyId);
    if (!row) {
      this.forget(accessKeyId);
      return undefined;
    }
    const secret = await (await authenticatorFor(this.#env).secretBox()).open(row.secretSealed, aad(accessKeyId));
    if (secret === undefined) {
      console.error(JSON.stringify({ event: 'secret-unsealable', accessKeyId }));
      return undefined;
    }
    const entry = { services: row.services, secret };
    this.#cache.set(accessKeyId, entry, nowMs);
    return entry;
  }
}

const instances = new WeakMap<Env, ServiceCredentials>();

/** The isolate's ServiceCredentials for this env. */
export function serviceCredentialsFor(env: Env): ServiceCredentials {
  let s = instances.get(env);
  if (!s) instances.set(env, (s = new ServiceCredentials(env)));
  return s;
}
