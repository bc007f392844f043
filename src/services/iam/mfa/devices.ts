/**
 * @module CreateVirtualMFADevice, DeleteVirtualMFADevice, ListVirtualMFADevices.
 *
 * A new device gets a 20-byte random seed (160 bits, the HMAC-SHA-1 key length RFC 4226 §4 recommends),
 * generated and sealed by the SecretBox before the transaction, bound to the serial number; its base32 text
 * and a QR code of its otpauth URI are returned once, by CreateVirtualMFADevice, and never again.
 * Spec: IAM API Reference (API_CreateVirtualMFADevice, API_DeleteVirtualMFADevice, API_ListVirtualMFADevices,
 * API_VirtualMFADevice); quotas from "IAM and AWS STS quotas" ("Virtual MFA devices (assigned or unassigned)
 * in an AWS account: equal to the user quota for the account").
 */
import { rootArn } from '../../../core/arn';
import { deleteConflict, entityAlreadyExists } from '../../../core/errors';
import { base32 } from '../../../core/ids';
import type { AccountStore } from '../../../core/ports';
import { qrCodePng } from '../../../core/qr/index';
import { ROOT_MFA_OWNER, type MfaDeviceRecord } from '../../../core/records';
import type { SecretBox } from '../../../core/secret-box';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { toApiUser } from '../entities';
import { pageOfSorted } from '../pagination';
import { arnEntityTarget } from '../taggable';
import { checkRequestTags, mergeTags, toApiTags, type Tag } from '../tags';
import { MAX_USERS_PER_ACCOUNT } from '../users';
import { deviceUser, MFA_TAGGABLE, mfaArn, otpauthUri, requireDevice, seedAad } from './lookup';
import { checkQuota } from '../guards';

/** Seed length in bytes. */
export const MFA_SEED_BYTES = 20;
/** Virtual MFA devices one account may hold, assigned or not (the user quota, as IAM's quotas page says). */
export const MAX_VIRTUAL_MFA_DEVICES_PER_ACCOUNT = MAX_USERS_PER_ACCOUNT;

interface CreateInput {
  VirtualMFADeviceName: string;
  Path?: string;
  Tags?: Tag[];
}

/** Builds CreateVirtualMFADevice around the object's SecretBox. */
export function createVirtualMfaDeviceAction(
  secrets: () => Promise<SecretBox>,
): AccountAction<CreateInput, unknown, { serialNumber: string; seed: Uint8Array; base32Seed: string; sealed: string }> {
  const serialOf = (ctx: CallContext, i: CreateInput) => mfaArn(ctx.partition, ctx.caller.accountId, i.Path ?? '/', i.VirtualMFADeviceName);
  return {
    name: 'CreateVirtualMFADevice',
    target: (ctx, _store, i) => buildTarget('iam:CreateVirtualMFADevice', { type: 'mfa', arn: serialOf(ctx, i) }, i),
    async prepare(ctx, input) {
      const serialNumber = serialOf(ctx, input);
      const seed = ctx.random(MFA_SEED_BYTES);
      const base32Seed = base32(seed);
      const sealed = await (await secrets()).seal(base32Seed, seedAad(serialNumber));
      return { serialNumber, seed, base32Seed, sealed };
    },
    run(ctx, store, input, prepared) {
      const tags = input.Tags ?? [];
      checkRequestTags(tags);
      if (store.findMfaDevice(prepared.serialNumber)) throw entityAlreadyExists('MFADevice entity at the same path and name already exists.');
      checkQuota(store.listMfaDevices().length, MAX_VIRTUAL_MFA_DEVICES_PER_ACCOUNT, 'VirtualMFADevicesPerAccount');
      const device: MfaDeviceRecord = {
        serialNumber: prepared.serialNumber,
        deviceName: input.VirtualMFADeviceName,
        path: input.Path ?? '/',
        seedSealed: prepared.sealed,
        createDate: ctx.now.toISOString(),
        userId: null,
        enableDate: null,
        lastUsedStep: null,
      };
      const tagRecords = mergeTags([], tags, MFA_TAGGABLE);
      store.insertMfaDevice(device);
      store.replaceTags('mfa', device.serialNumber, tagRecords);
      const png = qrCodePng(otpauthUri(device.deviceName, ctx.caller.accountId, prepared.base32Seed));
      return {
        VirtualMFADevice: {
          SerialNumber: device.serialNumber,
          // A blob member: the serializer base64-encodes the base32 text, as AWS returns it.
          Base32StringSeed: prepared.base32Seed,
          QRCodePNG: png,
          ...(tags.length ? { Tags: toApiTags(tagRecords) } : {}),
        },
      };
    },
  };
}

/** Builds DeleteVirtualMFADevice: refused while the device is enabled for anyone. */
export function deleteVirtualMfaDeviceAction(): AccountAction<{ SerialNumber: string }> {
  return {
    name: 'DeleteVirtualMFADevice',
    target: (_ctx, store, i) => arnEntityTarget(store, MFA_TAGGABLE, 'iam:DeleteVirtualMFADevice', i.SerialNumber),
    run(_ctx, store, input) {
      const device = requireDevice(store, input.SerialNumber);
      if (device.userId !== null) throw deleteConflict('MFA VirtualDevice in use. Must deactivate first.');
      store.deleteMfaDevice(device.serialNumber);
      return {};
    },
  };
}

/** The User element of an assigned device: its IAM user, or the root user. */
function assignedUser(ctx: CallContext, store: AccountStore, device: MfaDeviceRecord) {
  if (device.userId === ROOT_MFA_OWNER) {
    const account = store.getAccount();
    return { Path: '/', UserId: ctx.caller.accountId, Arn: rootArn(ctx.partition, ctx.caller.accountId), CreateDate: account?.createdAt ?? device.createDate };
  }
  const user = deviceUser(store, device);
  return user ? toApiUser(user) : undefined;
}

/** ListVirtualMFADevices, by serial number, filtered by AssignmentStatus (Any when absent), paginated; no tags. */
export const ListVirtualMFADevices: AccountAction<{ AssignmentStatus?: 'Assigned' | 'Unassigned' | 'Any'; Marker?: string; MaxItems?: number }> = {
  name: 'ListVirtualMFADevices',
  target: () => buildTarget('iam:ListVirtualMFADevices', undefined),
  run(ctx, store, input) {
    const status = input.AssignmentStatus ?? 'Any';
    const devices = store.listMfaDevices().filter((d) => status === 'Any' || (status === 'Assigned') === (d.userId !== null));
    const { items, ...pageFields } = pageOfSorted(devices, input, (d) => d.serialNumber);
    return {
      VirtualMFADevices: items.map((d) => {
        const user = d.userId !== null ? assignedUser(ctx, store, d) : undefined;
        return { SerialNumber: d.serialNumber, ...(user ? { User: user } : {}), ...(d.enableDate ? { EnableDate: d.enableDate } : {}) };
      }),
      ...pageFields,
    };
  },
};
