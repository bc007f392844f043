/**
 * @module SAML assertions with OneTimeUse (SAML 2.0 core §2.5.1.5), consumed in the account's object as MFA
 * codes are (mfa.ts): AssumeRoleWithSAML runs outside the object and asks it whether an assertion ID of a
 * provider was already accepted. IDs are kept until the assertion's NotOnOrAfter plus the clock skew.
 */
import { lte } from 'drizzle-orm';
import type { SamlUseOutcome } from '../../services/sts/ports';
import * as t from '../schema/account';
import type { AccountContext } from './context';

/**
 * Records that the SAML assertion `assertionId` of `providerArn` was accepted, until `expiresAtMs`:
 * `replayed` when it already was, `no-account` when the account is not active.
 */
export function consumeSamlAssertion(obj: AccountContext, providerArn: string, assertionId: string, expiresAtMs: number): SamlUseOutcome {
  // INVARIANT: check and insert in one transaction of the one object of the account: two isolates that
  // receive the same assertion at once cannot both be told `ok`.
  return obj.storage.transactionSync(() => {
    const account = obj.account();
    if (!account || account.status !== 'active') return 'no-account';
    const now = Date.now();
    // Opportunistic purge: an expired assertion is refused by its NotOnOrAfter, so its ID is no longer needed.
    obj.db.delete(t.samlAssertionsUsed).where(lte(t.samlAssertionsUsed.expiresAt, now)).run();
    const inserted = obj.storage.sql.exec(
      'INSERT INTO saml_assertions_used (provider_arn, assertion_id, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      providerArn,
      assertionId,
      Math.max(expiresAtMs, now + 1),
    );
    return inserted.rowsWritten > 0 ? 'ok' : 'replayed';
  });
}
