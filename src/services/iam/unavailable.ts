/**
 * @module The operations of the IAM model whose feature this deployment does not have, answered as AWS
 * answers an account without it, never `InvalidAction` (issue 11 §3). Each is authorized first like any
 * action (a caller without the permission gets AccessDenied, as on AWS, where IAM authorizes before it
 * looks at the feature), then answers:
 *
 * - Centralized root access (ListOrganizationsFeatures, Enable/DisableOrganizationsRootCredentialsManagement,
 *   Enable/DisableOrganizationsRootSessions): an account here belongs to no AWS Organizations organization,
 *   so `OrganizationNotFoundException` (400; the model gives the shape no code, so its name is the code on
 *   the wire, as SDKs expect it), with the model's words: "The request was rejected because no organization
 *   is associated with your account."
 * - GetOrganizationsAccessReport: GenerateOrganizationsAccessReport refuses every request (no organization),
 *   so no job exists: NoSuchEntity.
 * - Outbound identity federation (STS GetWebIdentityToken, which this deployment does not issue): the
 *   feature is disabled, so GetOutboundWebIdentityFederationInfo and DisableOutboundWebIdentityFederation
 *   answer `FeatureDisabled` (404), as AWS does in an account that never enabled it;
 *   EnableOutboundWebIdentityFederation answers `UnsupportedOperation`.
 * - Delegation requests (temporary access for AWS partners, who must be onboarded with AWS): no partner can
 *   create one here, so CreateDelegationRequest answers `UnsupportedOperation`, ListDelegationRequests an
 *   empty list, and every action on one request (Get, Accept, Associate, Reject, Update, SendDelegationToken,
 *   GetHumanReadableSummary) NoSuchEntity.
 * - SetSecurityTokenServicePreferences: this deployment has one STS endpoint whose tokens are valid in every
 *   region; the version GetAccountSummary reports (GlobalEndpointTokenVersion) is fixed:
 *   `UnsupportedOperation`.
 *
 * `UnsupportedOperation` (400) is the code AWS's Query APIs use for "the specified request includes an
 * unsupported operation" (Amazon EC2 API Reference, "Error codes"); IAM's own list has no such code, and
 * none of the model's errors for these operations says the feature is absent. A 4xx keeps SDKs from
 * retrying a call that can never succeed.
 *
 * Spec: IAM API Reference, the pages of each operation (errors and their shapes in the IAM model,
 * models/iam.service-2.json); "Centrally manage root access for member accounts" (IAM User Guide).
 */
import { AwsError, noSuchEntity } from '../../core/errors';
import type { AccountAction } from '../action';
import { buildTarget, type TargetEntity } from '../authz-target';
import type { CallContext } from '../context';

/** IAM's answer to an operation whose feature this deployment lacks. */
export const unsupportedOperation = (operation: string, why: string) =>
  new AwsError('UnsupportedOperation', `${operation} is not available in this deployment: ${why}`, 400);

type Input = Readonly<Record<string, unknown>>;

/** An action authorized as `iam:<name>` on `entity` (none: `*`) that then `answer`s (throws or returns). */
function feature(name: string, answer: (input: Input) => unknown, entity?: (ctx: CallContext, input: Input) => TargetEntity): AccountAction<Input> {
  return {
    name,
    target: (ctx, _store, input) => buildTarget(`iam:${name}`, entity?.(ctx, input)),
    run: (_ctx, _store, input) => answer(input),
  };
}

/** An answer that throws a fresh `make()` (errors are not shared between calls). */
const refuse = (make: () => AwsError) => (): never => {
  throw make();
};

const noOrganization = () => new AwsError('OrganizationNotFoundException', 'The request was rejected because no organization is associated with your account.', 400);

/** Centralized root access: the account belongs to no organization. */
const ORGANIZATIONS_FEATURES = [
  'ListOrganizationsFeatures',
  'EnableOrganizationsRootCredentialsManagement',
  'DisableOrganizationsRootCredentialsManagement',
  'EnableOrganizationsRootSessions',
  'DisableOrganizationsRootSessions',
].map((name) => feature(name, refuse(noOrganization)));

const federationDisabled = (message: string) => refuse(() => new AwsError('FeatureDisabled', message, 404));

/** Outbound identity federation: disabled, and it cannot be enabled here. */
const OUTBOUND_FEDERATION = [
  feature('GetOutboundWebIdentityFederationInfo', federationDisabled('Outbound identity federation is disabled for your account.')),
  feature(
    'DisableOutboundWebIdentityFederation',
    federationDisabled('Outbound identity federation is already disabled for your account. You cannot disable the feature multiple times.'),
  ),
  feature(
    'EnableOutboundWebIdentityFederation',
    refuse(() => unsupportedOperation('EnableOutboundWebIdentityFederation', 'outbound identity federation (STS GetWebIdentityToken) is not offered.')),
  ),
];

/** `arn:<partition>:iam::<account>:delegation-request/<id>` (Service Authorization Reference, resource type `delegation-request`). */
const delegationRequest = (ctx: CallContext, input: Input): TargetEntity => ({
  type: 'delegation-request',
  arn: `arn:${ctx.partition}:iam::${ctx.caller.accountId}:delegation-request/${String(input.DelegationRequestId)}`,
});

const noDelegationRequest = (input: Input): never => {
  throw noSuchEntity(`The delegation request with id ${String(input.DelegationRequestId)} cannot be found.`);
};

/** Delegation requests: none can exist. */
const DELEGATION_REQUESTS = [
  feature('CreateDelegationRequest', refuse(() => unsupportedOperation('CreateDelegationRequest', 'delegation requests come from AWS partners onboarded with AWS.'))),
  feature('ListDelegationRequests', () => ({ DelegationRequests: [], isTruncated: false })),
  ...['GetDelegationRequest', 'AcceptDelegationRequest', 'AssociateDelegationRequest', 'RejectDelegationRequest', 'UpdateDelegationRequest', 'SendDelegationToken'].map(
    (name) => feature(name, noDelegationRequest, delegationRequest),
  ),
  feature(
    'GetHumanReadableSummary',
    (input) => {
      throw noSuchEntity(`The entity with ARN ${String(input.EntityArn)} cannot be found.`);
    },
    (_ctx, input) => ({ type: 'delegation-request', arn: String(input.EntityArn) }),
  ),
];

/** Every operation of this module. */
export const UNAVAILABLE_ACTIONS: readonly AccountAction[] = [
  ...ORGANIZATIONS_FEATURES,
  feature('GetOrganizationsAccessReport', (input) => {
    throw noSuchEntity(`The report with job id ${String(input.JobId)} cannot be found.`);
  }),
  ...OUTBOUND_FEDERATION,
  ...DELEGATION_REQUESTS,
  feature(
    'SetSecurityTokenServicePreferences',
    refuse(() => unsupportedOperation('SetSecurityTokenServicePreferences', 'session tokens are valid in every region; the global endpoint token version is fixed.')),
  ),
];
