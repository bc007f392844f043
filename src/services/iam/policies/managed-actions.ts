/**
 * @module The managed-policy actions, registered by ./index.ts. The role variants of the attachment
 * actions join with `...attachmentActions(ROLE_HOLDER)` once roles exist.
 */
import type { AccountAction } from '../../action';
import { GROUP_HOLDER, USER_HOLDER } from './holders';
import { attachmentActions } from './managed-attachments';
import { ListEntitiesForPolicy } from './managed-entities';
import { CreatePolicy, DeletePolicy, GetPolicy, ListPolicies } from './managed-policies';
import { ListPolicyTags, TagPolicy, UntagPolicy } from './managed-tags';
import { CreatePolicyVersion, DeletePolicyVersion, GetPolicyVersion, ListPolicyVersions, SetDefaultPolicyVersion } from './managed-versions';

/** Every managed-policy action. */
export const MANAGED_POLICY_ACTIONS: readonly AccountAction[] = [
  CreatePolicy,
  GetPolicy,
  ListPolicies,
  DeletePolicy,
  CreatePolicyVersion,
  GetPolicyVersion,
  ListPolicyVersions,
  DeletePolicyVersion,
  SetDefaultPolicyVersion,
  TagPolicy,
  UntagPolicy,
  ListPolicyTags,
  ...attachmentActions(USER_HOLDER),
  ...attachmentActions(GROUP_HOLDER),
  ListEntitiesForPolicy,
];
