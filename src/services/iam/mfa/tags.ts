/**
 * @module TagMFADevice, UntagMFADevice, ListMFADeviceTags: tags of virtual MFA devices, in the shared
 * resource tag table (kind `mfa`, keyed by serial number). Rules are tags.ts's (50 per resource,
 * case-insensitive keys, `aws:` reserved).
 * Spec: IAM API Reference (API_TagMFADevice, API_UntagMFADevice, API_ListMFADeviceTags).
 */
import type { AccountStore } from '../../../core/ports';
import type { AccountAction, AuthzTarget } from '../../action';
import { requestTagContext } from '../policies/managed-shared';
import { tagPage } from '../roles/role-tags';
import { checkRequestTags, removeTags, type Tag } from '../tags';
import { deviceTagContext, mergeDeviceTags, requireDevice } from './shared';

/** `iam:<action>` on the device ARN, with its tags and any extra context. */
function deviceTarget(store: AccountStore, action: string, serialNumber: string, extra?: Record<string, string | string[]>): AuthzTarget {
  const context = { ...deviceTagContext(store, serialNumber), ...extra };
  return { action: `iam:${action}`, resource: serialNumber, ...(Object.keys(context).length ? { context } : {}) };
}

/** TagMFADevice: adds tags or replaces the values of existing keys. */
export const TagMFADevice: AccountAction<{ SerialNumber: string; Tags: Tag[] }> = {
  name: 'TagMFADevice',
  target: (_ctx, store, i) => deviceTarget(store, 'TagMFADevice', i.SerialNumber, requestTagContext(i.Tags)),
  run(_ctx, store, input) {
    const device = requireDevice(store, input.SerialNumber);
    checkRequestTags(input.Tags);
    store.replaceResourceTags('mfa', device.serialNumber, mergeDeviceTags(store.listResourceTags('mfa', device.serialNumber), input.Tags));
    return {};
  },
};

/** UntagMFADevice: removes the named keys; keys the device does not have are ignored. */
export const UntagMFADevice: AccountAction<{ SerialNumber: string; TagKeys: string[] }> = {
  name: 'UntagMFADevice',
  target: (_ctx, store, i) => deviceTarget(store, 'UntagMFADevice', i.SerialNumber, { 'aws:TagKeys': i.TagKeys }),
  run(_ctx, store, input) {
    const device = requireDevice(store, input.SerialNumber);
    store.replaceResourceTags('mfa', device.serialNumber, removeTags(store.listResourceTags('mfa', device.serialNumber), input.TagKeys));
    return {};
  },
};

/** ListMFADeviceTags, in the order the tags were set, paginated. */
export const ListMFADeviceTags: AccountAction<{ SerialNumber: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListMFADeviceTags',
  target: (_ctx, store, i) => deviceTarget(store, 'ListMFADeviceTags', i.SerialNumber),
  run(_ctx, store, input) {
    const device = requireDevice(store, input.SerialNumber);
    return tagPage(store.listResourceTags('mfa', device.serialNumber), input);
  },
};
