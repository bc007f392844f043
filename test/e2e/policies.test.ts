/**
 * Policies end to end with real clients: a user in a group with an attached managed policy gets exactly
 * what the policy grants; a new default version changes that; a boundary narrows it; an explicit Deny
 * wins; and `aws iam simulate-principal-policy` agrees with enforcement.
 * Spec: IAM User Guide, "Policy evaluation logic"; IAM API Reference for each action.
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  GetUserCommand,
  ListGroupsCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { sdkError, userWithKey } from './support/aws';
import { createAccountWithRootKeys, iamClient, runAwsCli, type Credentials } from './support/clients';
import { policy } from './support/sts';

let accountId: string;
let root: IAMClient;
let rootCreds: Credentials;
let alice: IAMClient;
let aliceArn: string;
let policyArn: string;

/** 'allowed' when the call succeeds, 'denied' on AccessDenied (anything else fails the test). */
async function outcome(p: Promise<unknown>): Promise<'allowed' | 'denied'> {
  try {
    await p;
    return 'allowed';
  } catch (e) {
    expect((e as { name?: string }).name).toBe('AccessDenied');
    return 'denied';
  }
}

const probes = () => ({
  listUsers: outcome(alice.send(new ListUsersCommand({}))),
  getBob: outcome(alice.send(new GetUserCommand({ UserName: 'bob' }))),
  getCarol: outcome(alice.send(new GetUserCommand({ UserName: 'carol' }))),
  listGroups: outcome(alice.send(new ListGroupsCommand({}))),
});
const settle = async (p: ReturnType<typeof probes>) => ({
  listUsers: await p.listUsers,
  getBob: await p.getBob,
  getCarol: await p.getCarol,
  listGroups: await p.listGroups,
});

beforeAll(async () => {
  const account = await createAccountWithRootKeys();
  accountId = account.accountId;
  rootCreds = account.credentials;
  root = iamClient(rootCreds);
  const a = await userWithKey(root, 'alice');
  aliceArn = a.arn;
  alice = iamClient(a.credentials);
  await root.send(new CreateUserCommand({ UserName: 'bob' }));
  await root.send(new CreateUserCommand({ UserName: 'carol' }));
  await root.send(new CreateGroupCommand({ GroupName: 'readers' }));
  await root.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'alice' }));
  const created = await root.send(
    new CreatePolicyCommand({
      PolicyName: 'read-users',
      PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetUser'], Resource: '*' }),
    }),
  );
  policyArn = created.Policy!.Arn!;
});

describe('a user in a group with an attached managed policy', () => {
  it('gets nothing before the attachment, then exactly what the policy grants', async () => {
    expect(await settle(probes())).toEqual({ listUsers: 'denied', getBob: 'denied', getCarol: 'denied', listGroups: 'denied' });
    await root.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: policyArn }));
    expect(await settle(probes())).toEqual({ listUsers: 'allowed', getBob: 'allowed', getCarol: 'allowed', listGroups: 'denied' });
    const e = await sdkError(alice.send(new ListGroupsCommand({})));
    expect(e.message).toBe(
      `User: ${aliceArn} is not authorized to perform: iam:ListGroups on resource: arn:aws:iam::${accountId}:group/ because no identity-based policy allows the iam:ListGroups action`,
    );
  });

  it('follows a new default version of the policy', async () => {
    await root.send(
      new CreatePolicyVersionCommand({
        PolicyArn: policyArn,
        SetAsDefault: true,
        PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListGroups'], Resource: '*' }),
      }),
    );
    expect(await settle(probes())).toEqual({ listUsers: 'denied', getBob: 'allowed', getCarol: 'allowed', listGroups: 'allowed' });
  });

  it('is narrowed by a permissions boundary, and an explicit Deny wins over every Allow', async () => {
    const boundary = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'only-bob',
        PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${accountId}:user/bob` }),
      }),
    );
    await root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: boundary.Policy!.Arn! }));
    expect(await settle(probes())).toEqual({ listUsers: 'denied', getBob: 'allowed', getCarol: 'denied', listGroups: 'denied' });
    const e = await sdkError(alice.send(new GetUserCommand({ UserName: 'carol' })));
    expect(e.message).toContain('because no permissions boundary allows the iam:GetUser action');

    await root.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'no-bob',
        PolicyDocument: policy({ Effect: 'Deny', Action: 'iam:GetUser', Resource: `arn:aws:iam::${accountId}:user/bob` }),
      }),
    );
    const denied = await sdkError(alice.send(new GetUserCommand({ UserName: 'bob' })));
    expect(denied.message).toBe(
      `User: ${aliceArn} is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${accountId}:user/bob with an explicit deny in an identity-based policy`,
    );
  });

  it('is simulated by `aws iam simulate-principal-policy` exactly as it is enforced', async () => {
    const actions = ['iam:ListUsers', 'iam:GetUser', 'iam:ListGroups'];
    const resources = [`arn:aws:iam::${accountId}:user/bob`, `arn:aws:iam::${accountId}:user/carol`];
    const r = await runAwsCli(
      ['iam', 'simulate-principal-policy', '--policy-source-arn', aliceArn, '--action-names', ...actions, '--resource-arns', ...resources],
      rootCreds,
    );
    expect(r.code, r.stderr).toBe(0);
    const results = (r.json as { EvaluationResults: { EvalActionName: string; ResourceSpecificResults: { EvalResourceName: string; EvalResourceDecision: string }[] }[] }).EvaluationResults;
    const simulated = new Map<string, string>();
    for (const res of results) for (const rs of res.ResourceSpecificResults) simulated.set(`${res.EvalActionName} ${rs.EvalResourceName}`, rs.EvalResourceDecision);
    // Enforcement, for the same action and resource pairs (ListUsers and ListGroups ignore the resource).
    const enforced = await settle(probes());
    expect(simulated.get(`iam:GetUser ${resources[0]}`)).toBe('explicitDeny');
    expect(enforced.getBob).toBe('denied');
    expect(simulated.get(`iam:GetUser ${resources[1]}`)).toBe('implicitDeny');
    expect(enforced.getCarol).toBe('denied');
    // A third pair, alice reading herself (outside her boundary): both must agree again.
    const ok = await runAwsCli(
      ['iam', 'simulate-principal-policy', '--policy-source-arn', aliceArn, '--action-names', 'iam:GetUser', '--resource-arns', `arn:aws:iam::${accountId}:user/alice`],
      rootCreds,
    );
    const decision = (ok.json as { EvaluationResults: { EvalDecision: string }[] }).EvaluationResults[0]!.EvalDecision;
    const actual = await outcome(alice.send(new GetUserCommand({ UserName: 'alice' })));
    expect(decision === 'allowed' ? 'allowed' : 'denied').toBe(actual);
  });
});
