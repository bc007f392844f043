/**
 * @module MFA codes presented to STS (AssumeRole, GetSessionToken with SerialNumber and TokenCode), checked
 * and consumed in the account's object so the same code is never accepted twice, and throttled: after
 * MFA_MAX_FAILURES wrong codes in a row the device refuses every code for MFA_LOCK_MS (RFC 4226 §7.3).
 */
import { checkAndConsumeMfaCode, openMfaSeed } from '../../services/iam/mfa/verify';
import type { MfaOutcome } from '../../services/sts/ports';
import type { AccountContext } from './context';

/** Wrong MFA codes in a row before a device is locked (RFC 4226 §7.3 asks for throttling). */
const MFA_MAX_FAILURES = 5;
/** How long a device stays locked after too many wrong codes (5 minutes). */
const MFA_LOCK_MS = 300_000;

/** A device's wrong codes in a row, and until when it is locked (epoch ms; 0 = not locked). */
interface Failures {
  n: number;
  until: number;
}

/**
 * Checks a TOTP code of an MFA device enabled for `owner` (a user id or ROOT_MFA_OWNER) and consumes it.
 */
export async function consumeMfaCode(obj: AccountContext, owner: string, serialNumber: string, code: string, now: number): Promise<MfaOutcome> {
  const device = obj.readStore().findMfaDevice(serialNumber);
  if (!device || device.userId !== owner) return 'unknown-device';
  const seed = await openMfaSeed(await obj.secrets(), device);
  if (seed === undefined) return 'unknown-device';
  // INVARIANT: re-read inside the transaction: a concurrent call may have consumed a code meanwhile.
  return obj.storage.transactionSync(() => {
    const store = obj.readStore();
    const current = store.findMfaDevice(serialNumber);
    if (current === undefined || current.userId !== owner) return 'unknown-device';
    const key = `mfa-failures:${serialNumber}`;
    const stored = obj.meta(key);
    const failures: Failures = stored !== undefined ? (JSON.parse(stored) as Failures) : { n: 0, until: 0 };
    // RFC 4226 §7.3: throttle guessing. A locked device refuses every code until the lock ends.
    if (failures.until > now) return 'invalid-code';
    if (checkAndConsumeMfaCode(store, current, seed, code, now)) {
      if (stored !== undefined) obj.deleteMeta(key);
      return 'ok';
    }
    const n = failures.n + 1;
    const until = n >= MFA_MAX_FAILURES ? now + MFA_LOCK_MS : 0;
    obj.setMeta(key, JSON.stringify({ n: until ? 0 : n, until }));
    return 'invalid-code';
  });
}
