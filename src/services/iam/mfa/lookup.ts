/**
 * @module What the virtual MFA actions share: the device ARN (its serial number), lookups worded as IAM
 * words them, owners (a user id, or the root user), the otpauth URI of the QR code, and tag helpers.
 *
 * Error wording: AWS's API reference gives codes and statuses but not messages; the messages here are those
 * of the live service as AWS-compatible implementations and CloudTrail records reproduce them
 * (`MFADevice entity at the same path and name already exists.`, `MFA Device is already in use.`,
 * `Authentication code for device is not valid.`, `MFA VirtualDevice in use. Must deactivate first.`,
 * `MFA Device invalid for user.`).
 */
import { AwsError, noSuchEntity } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import { ROOT_MFA_OWNER, type MfaDeviceRecord, type UserRecord } from '../../../core/records';
import { arnNamedKind } from '../taggable';
import { checkQuota, found } from '../guards';

/** MFA devices one user (or the root user) may have enabled (IAM quotas: "MFA devices in use per user: 8"). */
export const MAX_MFA_DEVICES_PER_USER = 8;

/**
 * The issuer an authenticator app shows for the device (Key Uri Format: the `issuer` parameter and the
 * label prefix). AWS writes "Amazon Web Services"; this service names itself, so a user's app does not
 * confuse its codes with a real AWS account's.
 */
export const MFA_ISSUER = 'edge-iam';

/** `arn:aws:iam::123456789012:mfa/path/name`: a virtual device's ARN, which is also its serial number. */
export const mfaArn = (partition: string, accountId: string, path: string, name: string) =>
  `arn:${partition}:iam::${accountId}:mfa${path}${name}`;

/** The device with serial number `serialNumber`, or NoSuchEntity. */
export function requireDevice(store: AccountStore, serialNumber: string): MfaDeviceRecord {
  return found(store.findMfaDevice(serialNumber), `VirtualMFADevice with serial number ${serialNumber} does not exist.`);
}

/** Virtual MFA devices as a taggable kind (resource type `mfa`), named by their serial number (their ARN). */
export const MFA_TAGGABLE = arnNamedKind({
  type: 'mfa',
  noun: 'MFADevice',
  idMember: 'SerialNumber',
  lookup: (store, serial) => store.findMfaDevice(serial),
  required: requireDevice,
  arnOf: (d) => d.serialNumber,
});

/** The owner value of a user, or of the root user (null). */
export const ownerOf = (user: UserRecord | null): string => user?.userId ?? ROOT_MFA_OWNER;

/** The device `serialNumber` enabled for `owner`, or NoSuchEntity. */
export function requireDeviceOf(store: AccountStore, serialNumber: string, owner: string): MfaDeviceRecord {
  const device = requireDevice(store, serialNumber);
  if (device.userId !== owner) throw noSuchEntity('MFA Device invalid for user.');
  return device;
}

/** InvalidAuthenticationCode (HTTP 403, the API reference's status for it). */
export const invalidAuthenticationCode = () => new AwsError('InvalidAuthenticationCode', 'Authentication code for device is not valid.', 403);

/** Refuses a further device past the per-user quota. */
export function checkDeviceQuota(store: AccountStore, owner: string): void {
  checkQuota(store.listMfaDevicesFor(owner).length, MAX_MFA_DEVICES_PER_USER, 'MFADevicesPerUser');
}

/**
 * The URI the QR code holds. AWS documents `otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String`
 * with AccountName the account id when no user is named (it never is at creation); the label here adds the
 * issuer prefix and `issuer` parameter the Key Uri Format recommends, as the live AWS console's codes do.
 * The issuer and device name are percent-encoded (device names may hold `+ = , . @ _ -`); the `@` before the
 * account id stays literal, as AWS writes it.
 */
export function otpauthUri(deviceName: string, accountId: string, base32Seed: string, issuer = MFA_ISSUER): string {
  const enc = encodeURIComponent;
  return `otpauth://totp/${enc(issuer)}:${enc(deviceName)}@${accountId}?secret=${base32Seed}&issuer=${enc(issuer)}`;
}

/** The AAD a device's seed is sealed under: its serial number, so a sealed seed only opens for its device. */
export const seedAad = (serialNumber: string) => serialNumber;

/** The device's owner as a user record (undefined for the root user and unassigned devices). */
export function deviceUser(store: AccountStore, device: MfaDeviceRecord): UserRecord | undefined {
  return device.userId && device.userId !== ROOT_MFA_OWNER ? store.findUserById(device.userId) : undefined;
}
