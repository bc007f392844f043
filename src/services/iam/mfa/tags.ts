/**
 * @module TagMFADevice, UntagMFADevice, ListMFADeviceTags: tags of virtual MFA devices, in the shared
 * resource tag table (kind `mfa`, keyed by serial number), through the one definition of resource-tags.ts.
 * Spec: IAM API Reference (API_TagMFADevice, API_UntagMFADevice, API_ListMFADeviceTags).
 */
import { resourceTagActions } from '../resource-tags';
import { requireDevice } from './shared';

/** The three MFA device tag actions. */
export const MFA_TAG_ACTIONS = resourceTagActions({
  noun: 'MFADevice',
  idMember: 'SerialNumber',
  kind: 'mfa',
  exists: (store, id) => store.findMfaDevice(id) !== undefined,
  require: (store, id) => void requireDevice(store, id),
});
