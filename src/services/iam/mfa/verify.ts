/**
 * @module Checking a code from a virtual MFA device outside the IAM actions: what STS (GetSessionToken,
 * AssumeRole with SerialNumber/TokenCode) asks the account's object to do.
 *
 * Opening a sealed seed is asynchronous (WebCrypto) and a transaction is synchronous, so the check is two
 * steps: {@link openMfaSeed} before the transaction, then {@link checkAndConsumeMfaCode} inside it on the
 * device as the transaction reads it (a concurrent call may have consumed a code or reassigned the device
 * meanwhile). A code is accepted once: the step it matched becomes the device's last used step, and no
 * step at or before it is accepted again (RFC 6238 §5.2).
 */
import type { AccountStore } from '../../../core/ports';
import type { MfaDeviceRecord } from '../../../core/records';
import type { SecretBox } from '../../../core/secret-box';
import { decodeSeed, verifyTotp } from '../../../core/totp';
import { seedAad } from './lookup';

/** The seed bytes of a device; undefined when the sealed value does not open (wrong key, tampered, moved). */
export async function openMfaSeed(secrets: SecretBox, device: MfaDeviceRecord): Promise<Uint8Array | undefined> {
  const text = await secrets.open(device.seedSealed, seedAad(device.serialNumber));
  return text === undefined ? undefined : decodeSeed(text);
}

/**
 * Whether `code` is a fresh valid code of `device` now, consuming it if so. Refuses an unassigned device,
 * one assigned to someone other than `owner` (a user id or ROOT_MFA_OWNER) when given, and replays.
 */
export function checkAndConsumeMfaCode(
  store: AccountStore,
  device: MfaDeviceRecord,
  seed: Uint8Array,
  code: string,
  nowMs: number,
  owner?: string,
): boolean {
  if (device.userId === null || (owner !== undefined && device.userId !== owner)) return false;
  const check = verifyTotp(seed, code, nowMs, device.lastUsedStep);
  if (!check.ok) return false;
  store.updateMfaDevice(device.serialNumber, { lastUsedStep: check.step });
  return true;
}
