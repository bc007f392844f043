/**
 * The list-page plan on the decision path (decide.ts planResources over core/policy/plan.ts): for a
 * principal and an action, the resource filters under which it is allowed and explicitly denied in its own
 * account; checked against authorize() on concrete resources.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { authorize, by, planResources, projectArn } from './decide-support';
import { iamOk, newAccount, policy, userWithKey, type Keys } from './support';

let account: string;
let root: Keys;
beforeAll(async () => {
  ({ accountId: account, root } = await newAccount());
});

describe('planResources', () => {
  it('ARN patterns allowed and explicitly denied, agreeing with authorize', async () => {
    const u = await userWithKey(root, 'planner');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'planner',
      PolicyName: 'p',
      PolicyDocument: policy(
        { Effect: 'Allow', Action: 'acme:GetProject', Resource: `arn:aws:acme:*:${account}:project/team-a-*` },
        { Effect: 'Deny', Action: 'acme:*', Resource: `arn:aws:acme:*:${account}:project/team-a-secret` },
      ),
    });
    const out = await planResources(await by(u, { action: 'acme:GetProject' }));
    expect(out, JSON.stringify(out)).toMatchObject({
      ok: true,
      kind: 'Filter',
      exact: true,
      allow: [{ resources: [`arn:aws:acme:*:${account}:project/team-a-*`] }],
      deny: [{ resources: [`arn:aws:acme:*:${account}:project/team-a-secret`] }],
      principal: { arn: `arn:aws:iam::${account}:user/planner` },
    });
    for (const [id, decision] of [['team-a-1', 'Allow'], ['team-a-secret', 'ExplicitDeny'], ['team-b-1', 'ImplicitDeny']] as const) {
      expect(await authorize(await by(u, { action: 'acme:GetProject', resource: projectArn(account, id) }))).toMatchObject({ decision });
    }
  });

  it('tag conditions stay open as filter conditions; keys the SaaS knows for the page are decided', async () => {
    const u = await userWithKey(root, 'tagged');
    await iamOk(root, 'TagUser', { UserName: 'tagged', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' });
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'tagged',
      PolicyName: 'p',
      PolicyDocument: policy(
        { Effect: 'Allow', Action: 'acme:GetProject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } },
        { Effect: 'Allow', Action: 'acme:UpdateProject', Resource: '*', Condition: { StringEquals: { 'acme:ProjectVisibility': 'private' } } },
      ),
    });
    const tags = await planResources(await by(u, { action: 'acme:GetProject' }));
    expect(tags, JSON.stringify(tags)).toMatchObject({ ok: true, kind: 'Filter', exact: true, allow: [{ resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'aws:resourcetag/team', values: ['red'] }] }] });
    expect(await planResources(await by(u, { action: 'acme:UpdateProject', context: { 'acme:ProjectVisibility': 'private' } }))).toMatchObject({ ok: true, kind: 'Allow' });
    expect(await planResources(await by(u, { action: 'acme:UpdateProject', context: { 'acme:ProjectVisibility': 'public' } }))).toMatchObject({ ok: true, kind: 'Deny' });
  });

  it('the root user: everything; a user without policies: nothing', async () => {
    expect(await planResources(await by(root, { action: 'acme:DeleteProject' }))).toMatchObject({ ok: true, kind: 'Allow', exact: true });
    const none = await userWithKey(root, 'none');
    expect(await planResources(await by(none, { action: 'acme:DeleteProject' }))).toMatchObject({ ok: true, kind: 'Deny', allow: [], exact: true });
  });

  it('bad input: unknown or missing action, keys the SaaS may not set, bad signatures', async () => {
    const u = await userWithKey(root, 'bad');
    for (const extra of [{ action: 'acme:Nope' }, {}, { action: 'iam:ListUsers' }, { action: 'acme:GetProject', context: { 'aws:SourceIp': '1.2.3.4' } }]) {
      expect(await planResources(await by(u, extra)), JSON.stringify(extra)).toMatchObject({ ok: false, error: { code: 'ValidationException', status: 400 } });
    }
    expect(await planResources(await by(u, { action: 'acme:GetProject' }, { service: 'iam' }))).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } });
  });
});
