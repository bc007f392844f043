/**
 * @module EnableMFADevice, ResyncMFADevice, DeactivateMFADevice, ListMFADevices, GetMFADevice: assigning
 * virtual MFA devices to users and reading the assignments.
 *
 * - EnableMFADevice and ResyncMFADevice need two consecutive codes (core/totp.ts `verifyTwoConsecutive`,
 *   ±10 steps); the later step becomes the device's last used step, so neither code can be used again
 *   (not even to resync). No clock offset is kept: a device drifted by more than one step (30 s) needs its
 *   clock fixed, and Resync only proves possession again.
 * - EnableMFADevice's UserName is required by the service model, so the root user's device cannot be
 *   enabled through the API: "You cannot enable an MFA device for the AWS account root user with the AWS
 *   CLI, AWS API … However, you can use the AWS Management Console" (IAM User Guide,
 *   id_credentials_mfa_enable_cliapi.html). The Query API refuses a missing UserName before the action
 *   runs; the console (src/console/pages/credentials/), which acts without that edge validation, leaves it
 *   out for the caller's own device, the root user's included (ROOT_MFA_OWNER). Root-owned devices are
 *   listed, deactivated and counted like users' devices.
 * - Up to 8 devices per user (IAM quotas: "MFA devices in use per user").
 * - GetMFADevice: AWS documents it for FIDO security keys only; this service has virtual devices only and
 *   answers for them (UserName, SerialNumber, EnableDate; no Certifications).
 * Spec: IAM API Reference (API_EnableMFADevice, API_ResyncMFADevice, API_DeactivateMFADevice,
 * API_ListMFADevices, API_GetMFADevice, API_MFADevice).
 */
import { entityAlreadyExists } from '../../../core/errors';
import type { MfaDeviceRecord, UserRecord } from '../../../core/records';
import { verifyTwoConsecutive } from '../../../core/totp';
import type { AccountAction } from '../../action';
import type { CallContext } from '../../context';
import { requireUser, subjectTarget, subjectUser, USER_TAGGABLE } from '../entities';
import { pageOfList } from '../pagination';
import { entityTarget } from '../taggable';
import { SeedSource, type OpenedSeed } from './seeds';
import { checkDeviceQuota, invalidAuthenticationCode, ownerOf, requireDevice, requireDeviceOf } from './lookup';

interface CodesInput {
  UserName: string;
  SerialNumber: string;
  AuthenticationCode1: string;
  AuthenticationCode2: string;
}

/** EnableMFADevice's input: UserName absent only from the console, for the caller's own device. */
type EnableInput = Omit<CodesInput, 'UserName'> & { UserName?: string };

/** The step of two valid consecutive codes for `device`, or InvalidAuthenticationCode. */
function checkCodes(ctx: CallContext, device: MfaDeviceRecord, opened: OpenedSeed | undefined, input: EnableInput): number {
  const seed = SeedSource.seedFor(device, opened);
  // The device changed between prepare and the transaction (deleted and created again): the codes were
  // computed for another seed.
  if (seed === undefined) throw invalidAuthenticationCode();
  const check = verifyTwoConsecutive(seed, input.AuthenticationCode1, input.AuthenticationCode2, ctx.now.getTime(), device.lastUsedStep);
  if (!check.ok) throw invalidAuthenticationCode();
  return check.step;
}

/** Builds EnableMFADevice. */
export function enableMfaDeviceAction(seeds: SeedSource): AccountAction<EnableInput, unknown, OpenedSeed | undefined> {
  return {
    name: 'EnableMFADevice',
    // Without UserName (the console only, see the module comment): the caller's own device.
    target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:EnableMFADevice', i.UserName),
    prepare: (_ctx, input, read) => seeds.open(input.SerialNumber, read),
    run(ctx, store, input, opened) {
      const user = subjectUser(ctx, store, input.UserName);
      const device = requireDevice(store, input.SerialNumber);
      if (device.userId !== null) throw entityAlreadyExists('MFA Device is already in use.');
      const owner = ownerOf(user);
      checkDeviceQuota(store, owner);
      const step = checkCodes(ctx, device, opened, input);
      store.updateMfaDevice(device.serialNumber, { userId: owner, enableDate: ctx.now.toISOString(), lastUsedStep: step });
      return {};
    },
  };
}

/** Builds ResyncMFADevice. */
export function resyncMfaDeviceAction(seeds: SeedSource): AccountAction<CodesInput, unknown, OpenedSeed | undefined> {
  return {
    name: 'ResyncMFADevice',
    target: (ctx, store, i) => entityTarget(ctx, store, USER_TAGGABLE, 'iam:ResyncMFADevice', i.UserName),
    prepare: (_ctx, input, read) => seeds.open(input.SerialNumber, read),
    run(ctx, store, input, opened) {
      const user = requireUser(store, input.UserName);
      const device = requireDeviceOf(store, input.SerialNumber, ownerOf(user));
      const step = checkCodes(ctx, device, opened, input);
      store.updateMfaDevice(device.serialNumber, { lastUsedStep: step });
      return {};
    },
  };
}

/** DeactivateMFADevice: unassigns the device (which stays, for DeleteVirtualMFADevice or another user). */
export const DeactivateMFADevice: AccountAction<{ UserName?: string; SerialNumber: string }> = {
  name: 'DeactivateMFADevice',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:DeactivateMFADevice', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const device = requireDeviceOf(store, input.SerialNumber, ownerOf(user));
    // lastUsedStep stays: codes consumed before stay consumed if the device is enabled again.
    store.updateMfaDevice(device.serialNumber, { userId: null, enableDate: null });
    return {};
  },
};

/** The MFADevice element; the root user has no user name. */
const toApiDevice = (user: UserRecord | null, d: MfaDeviceRecord) => ({
  ...(user ? { UserName: user.userName } : {}),
  SerialNumber: d.serialNumber,
  EnableDate: d.enableDate,
});

/** ListMFADevices of a user, or of the caller when UserName is absent (the root user too), paginated. */
export const ListMFADevices: AccountAction<{ UserName?: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListMFADevices',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:ListMFADevices', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const { items, ...pageFields } = pageOfList(store.listMfaDevicesFor(ownerOf(user)), input, (d) => d.serialNumber);
    return { MFADevices: items.map((d) => toApiDevice(user, d)), ...pageFields };
  },
};

/** GetMFADevice: a device enabled for the user (the caller when UserName is absent). */
export const GetMFADevice: AccountAction<{ SerialNumber: string; UserName?: string }> = {
  name: 'GetMFADevice',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:GetMFADevice', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const device = requireDeviceOf(store, input.SerialNumber, ownerOf(user));
    return toApiDevice(user, device);
  },
};
