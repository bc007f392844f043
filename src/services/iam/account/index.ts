/**
 * @module The account actions, registered by services/iam/index.ts.
 */
import type { AccountAction } from '../../action';
import { GetAccountAuthorizationDetails } from './authorization-details';
import { GenerateCredentialReport, GetCredentialReport } from './credential-report';
import { GetAccountSummary } from './summary';
import { SIMULATE_ACTIONS } from '../simulate/index';

/** Every action of this folder. */
export const ACCOUNT_ACTIONS: readonly AccountAction[] = [
  GenerateCredentialReport,
  GetAccountAuthorizationDetails,
  GetAccountSummary,
  GetCredentialReport,
  ...SIMULATE_ACTIONS,
];
