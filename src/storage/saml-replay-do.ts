/**
 * @module SamlReplayDO: the IDs of accepted OneTimeUse SAML assertions, one object per issuing IdP (its
 * entityID, which the verifier has matched with the provider's metadata), addressed by
 * `idFromName('saml-issuer:' + entityID)` (see {@link samlReplayStub}).
 *
 * Why per issuer and not in the role's account object: an assertion's Role attribute may list role/provider
 * pairs under several providers and accounts that trust the same IdP. Kept per (provider, account), the one
 * assertion was accepted once for each (security review of issue 7, L2); OneTimeUse means once, for
 * whatever relying party (SAML 2.0 core §2.5.1.5). One object per IdP is the one place every isolate and
 * every account asks, and its single-threaded transaction lets exactly one of concurrent uses through.
 *
 * Why a class of its own rather than an AccountDO instance named after the issuer: an AccountDO is an
 * account (its migrations, its projection into D1, its alarm, its liveness check on this very call); an IdP
 * is none of that, and nothing of a tenant is stored here (IDs are the IdP's, kept only until the assertion
 * expires). The cost of one object per IdP: an IdP's whole federation traffic with OneTimeUse goes through
 * it, one small SQLite write a call.
 *
 * Rows: (`assertion_id`, `expires_at`), kept until the assertion's NotOnOrAfter plus the clock skew, purged
 * by the next call after that. Accepting an assertion again once its ID is purged is safe: the verifier
 * refuses it by then.
 * Spec: https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf (§2.5.1.5 OneTimeUse)
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** What consuming an assertion ID gave. */
export type ReplayOutcome = 'ok' | 'replayed';

/** The object that keeps the used OneTimeUse assertion IDs of one IdP. */
export class SamlReplayDO extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(
        `CREATE TABLE IF NOT EXISTS used (assertion_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
         CREATE INDEX IF NOT EXISTS used_expiry ON used (expires_at);`,
      );
    });
  }

  /**
   * Records that assertion `assertionId` of this IdP was accepted, until `expiresAtMs` (epoch ms):
   * `replayed` when it already was. `now` is the request's time (epoch ms): IDs expired by then are forgotten.
   */
  async consume(assertionId: string, expiresAtMs: number, now: number): Promise<ReplayOutcome> {
    // INVARIANT: check and insert in one transaction of the one object of the IdP: two isolates (or two
    // accounts) presenting the same assertion at once cannot both be told `ok`.
    return this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec('DELETE FROM used WHERE expires_at <= ?', now);
      const inserted = this.ctx.storage.sql.exec('INSERT INTO used (assertion_id, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING', assertionId, Math.max(expiresAtMs, now + 1));
      return inserted.rowsWritten > 0 ? 'ok' : 'replayed';
    });
  }
}

/** The replay object of the IdP whose entityID is `issuer`. */
export function samlReplayStub(ns: DurableObjectNamespace<SamlReplayDO>, issuer: string): DurableObjectStub<SamlReplayDO> {
  return ns.get(ns.idFromName(`saml-issuer:${issuer}`));
}
