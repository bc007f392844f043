/**
 * @module The account actions, registered by services/iam/index.ts.
 */
import type { AccountAction } from '../../action';
import { GetAccountAuthorizationDetails } from './authorization-details';
import { GetAccountSummary } from './summary';
import { SIMULATE_ACTIONS } from '../simulate/index';

/** Every action of this folder. */
export const ACCOUNT_ACTIONS: readonly AccountAction[] = [
  GetAccountAuthorizationDetails,
  GetAccountSummary,
  ...SIMULATE_ACTIONS,
];
