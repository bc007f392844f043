/**
 * @module TagMFADevice, UntagMFADevice, ListMFADeviceTags: tags of virtual MFA devices (kind `mfa`, keyed by
 * serial number), through the one definition of resource-tags.ts.
 * Spec: IAM API Reference (API_TagMFADevice, API_UntagMFADevice, API_ListMFADeviceTags).
 */
import { resourceTagActions } from '../resource-tags';
import { MFA_TAGGABLE } from './lookup';

/** The three MFA device tag actions. */
export const MFA_TAG_ACTIONS = resourceTagActions(MFA_TAGGABLE);
