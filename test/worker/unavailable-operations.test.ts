/**
 * The IAM model's operations whose feature this deployment lacks (issue 11 §3: "a clean AWS error that
 * says it is not available in this deployment … never InvalidAction"): each, called with valid input
 * through the Worker, answers as AWS answers an account without the feature (services/iam/unavailable.ts),
 * never InvalidAction, never a 5xx; and each is authorized first: a caller without the permission gets
 * AccessDenied, a caller allowed only that action gets the answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, policy, userWithKey, type Keys } from './support';

const DELEGATION = { DelegationRequestId: 'dr-0123456789abcdef' };

/** Each operation: a valid request, and the answer (error code and HTTP status; 200 with a result). */
const CASES: Record<string, { params: Record<string, string>; code: string; status: number }> = {
  ListOrganizationsFeatures: { params: {}, code: 'OrganizationNotFoundException', status: 400 },
  EnableOrganizationsRootCredentialsManagement: { params: {}, code: 'OrganizationNotFoundException', status: 400 },
  DisableOrganizationsRootCredentialsManagement: { params: {}, code: 'OrganizationNotFoundException', status: 400 },
  EnableOrganizationsRootSessions: { params: {}, code: 'OrganizationNotFoundException', status: 400 },
  DisableOrganizationsRootSessions: { params: {}, code: 'OrganizationNotFoundException', status: 400 },
  GetOrganizationsAccessReport: { params: { JobId: 'examplea-1234-b567-cde8-90fg123abcd4' }, code: 'NoSuchEntity', status: 404 },
  GetOutboundWebIdentityFederationInfo: { params: {}, code: 'FeatureDisabled', status: 404 },
  DisableOutboundWebIdentityFederation: { params: {}, code: 'FeatureDisabled', status: 404 },
  EnableOutboundWebIdentityFederation: { params: {}, code: 'UnsupportedOperation', status: 400 },
  CreateDelegationRequest: {
    params: {
      Description: 'd',
      'Permissions.PolicyTemplateArn': 'arn:aws:iam::aws:policy-template/Example',
      RequestorWorkflowId: 'workflow-1',
      NotificationChannel: 'arn:aws:sns:us-east-1:123456789012:topic',
      SessionDuration: '3600',
    },
    code: 'UnsupportedOperation',
    status: 400,
  },
  ListDelegationRequests: { params: {}, code: 'OK', status: 200 },
  GetDelegationRequest: { params: DELEGATION, code: 'NoSuchEntity', status: 404 },
  AcceptDelegationRequest: { params: DELEGATION, code: 'NoSuchEntity', status: 404 },
  AssociateDelegationRequest: { params: DELEGATION, code: 'NoSuchEntity', status: 404 },
  RejectDelegationRequest: { params: DELEGATION, code: 'NoSuchEntity', status: 404 },
  UpdateDelegationRequest: { params: DELEGATION, code: 'NoSuchEntity', status: 404 },
  SendDelegationToken: { params: DELEGATION, code: 'NoSuchEntity', status: 404 },
  GetHumanReadableSummary: { params: { EntityArn: 'arn:aws:iam::123456789012:delegation-request/dr-0123456789abcdef' }, code: 'NoSuchEntity', status: 404 },
  SetSecurityTokenServicePreferences: { params: { GlobalEndpointTokenVersion: 'v2Token' }, code: 'UnsupportedOperation', status: 400 },
};

let root: Keys;
let nobody: Keys;

beforeAll(async () => {
  ({ root } = await newAccount());
  nobody = await userWithKey(root, 'nobody');
});

describe('operations this deployment does not offer', () => {
  it('answer as an account without the feature, never InvalidAction or a 5xx', async () => {
    const answers: Record<string, { code: string; status: number }> = {};
    for (const [action, { params }] of Object.entries(CASES)) {
      const r = await call(root, action, params);
      answers[action] = { code: r.error?.Code ?? 'OK', status: r.status };
      if (r.error?.Code === 'UnsupportedOperation') expect(r.error.Message).toContain(`${action} is not available in this deployment: `);
    }
    expect(answers).toEqual(Object.fromEntries(Object.entries(CASES).map(([a, c]) => [a, { code: c.code, status: c.status }])));
    expect((await iamOk(root, 'ListDelegationRequests')).isTruncated).toBe('false');
  });

  it('are authorized first: AccessDenied without the permission, the answer with only that permission', async () => {
    const denied: string[] = [];
    for (const [action, { params }] of Object.entries(CASES)) {
      const r = await call(nobody, action, params);
      if (r.error?.Code !== 'AccessDenied' || r.status !== 403) denied.push(`${action}: ${r.status} ${r.error?.Code ?? 'OK'}`);
    }
    expect(denied).toEqual([]);
    await iamOk(root, 'PutUserPolicy', { UserName: 'nobody', PolicyName: 'one', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListOrganizationsFeatures', Resource: '*' }) });
    expect((await call(nobody, 'ListOrganizationsFeatures')).error?.Code).toBe('OrganizationNotFoundException');
    expect((await call(nobody, 'ListDelegationRequests')).error?.Code).toBe('AccessDenied');
  });
});
