/**
 * @module The policies actions, registered by services/iam/index.ts.
 */
import type { AccountAction } from '../../action';
import { BOUNDARY_ACTIONS } from './boundaries';
import { ListPoliciesGrantingServiceAccess } from './granting-service-access';
import { INLINE_POLICY_ACTIONS } from './inline';
import { MANAGED_POLICY_ACTIONS } from './managed-actions';

/** Every action of this folder. */
export const POLICIES_ACTIONS: readonly AccountAction[] = [
  ...INLINE_POLICY_ACTIONS,
  ...BOUNDARY_ACTIONS,
  ...MANAGED_POLICY_ACTIONS,
  ListPoliciesGrantingServiceAccess,
];
