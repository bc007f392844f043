/**
 * The SaaS decision path (data-plane/decide.ts): decisions for users, the root user, role sessions, with
 * boundaries, session policies, explicit denies, resource tags and the SaaS's own keys, the request's
 * global keys, and resource policies in one account and across accounts; every denial with AWS's message,
 * an encoded message the caller's account can decode, and the deciding statements.
 * Spec: IAM User Guide, "Policy evaluation logic", "Cross-account policy evaluation logic",
 * "Troubleshoot access denied error messages".
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { authorize, by, documentArn, projectArn, write } from './decide-support';
import { advanceClock, awsDate, call, freezeClock, iamOk, keysOf, newAccount, policy, runClock, userWithKey, type Keys } from './support';

const allow = (Action: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action, Resource: '*', ...extra });
const deniedMessage = (arn: string, action: string, resource: string, why: string) => `User: ${arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`;

describe('authorize: identity-based policies', () => {
  let account: string;
  let root: Keys;
  beforeAll(async () => {
    ({ accountId: account, root } = await newAccount());
  });

  it('allows a user whose policy allows the action, names the principal and the allowing statement', async () => {
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read', PolicyDocument: policy(allow('acme:GetProject', { Sid: 'Read' })) });
    const out = await authorize(await by(alice, { action: 'acme:GetProject', resource: projectArn(account) }));
    expect(out, JSON.stringify(out)).toMatchObject({
      ok: true,
      version: 1,
      decision: 'Allow',
      reasons: [{ policyType: 'identity', policy: 'read', sid: 'Read', effect: 'Allow' }],
      principal: { accountId: account, arn: `arn:aws:iam::${account}:user/alice`, type: 'User', userName: 'alice', accessKeyId: alice.accessKeyId, tags: {} },
    });
    if (!out.ok) return;
    expect(out.principal.userId).toMatch(/^AIDA/);
    expect(out.principal.principalToken).toMatch(/^EIPT1\./);
    expect(out.message).toBeUndefined();
    expect(out.encodedMessage).toBeUndefined();
    // The action's case in the request does not matter; the answer uses the catalog's spelling.
    expect(await authorize(await by(alice, { action: 'acme:getproject', resource: projectArn(account) }))).toMatchObject({ ok: true, decision: 'Allow' });
  });

  it('denies a user without policies with AWS message, an encoded message its account decodes, and a log line', async () => {
    const bob = await userWithKey(root, 'bob');
    const resource = projectArn(account, 'p9');
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    const out = await authorize(await by(bob, { action: 'acme:DeleteProject', resource, context: { 'aws:ResourceTag/secret': 'do-not-log' } }));
    spy.mockRestore();
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'access-denied');
    expect(logged).toEqual([
      expect.objectContaining({
        service: 'acme',
        accountId: account,
        principal: `arn:aws:iam::${account}:user/bob`,
        action: 'acme:DeleteProject',
        resource,
        decision: 'ImplicitDeny',
        statements: [],
        conditionKeys: expect.arrayContaining(['aws:ResourceTag/secret', 'aws:CurrentTime']),
      }),
    ]);
    expect(lines.join('\n')).not.toContain('do-not-log');
    expect(lines.join('\n')).not.toContain(bob.secretAccessKey);
    expect(out).toMatchObject({
      ok: true,
      decision: 'ImplicitDeny',
      reasons: [],
      message: deniedMessage(`arn:aws:iam::${account}:user/bob`, 'acme:DeleteProject', resource, 'because no identity-based policy allows the acme:DeleteProject action'),
    });
    if (!out.ok) return;
    const decoded = await call(root, 'DecodeAuthorizationMessage', { EncodedMessage: out.encodedMessage! }, 'sts');
    expect(decoded.status).toBe(200);
    const message = JSON.parse(decoded.result.DecodedMessage);
    expect(message).toMatchObject({ allowed: false, explicitDeny: false, context: { action: 'acme:DeleteProject', resource, principal: { arn: `arn:aws:iam::${account}:user/bob` } } });
    // Another account cannot read it.
    const other = await newAccount();
    expect((await call(other.root, 'DecodeAuthorizationMessage', { EncodedMessage: out.encodedMessage! }, 'sts')).error?.Code).toBe('InvalidAuthorizationMessageException');
  });

  it('an explicit deny wins over an allow, and is named with its statement', async () => {
    const carol = await userWithKey(root, 'carol');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'carol',
      PolicyName: 'mixed',
      PolicyDocument: policy(allow('acme:*'), { Sid: 'NoDelete', Effect: 'Deny', Action: 'acme:DeleteProject', Resource: projectArn(account, 'prod') }),
    });
    expect(await authorize(await by(carol, { action: 'acme:DeleteProject', resource: projectArn(account, 'dev') }))).toMatchObject({ ok: true, decision: 'Allow' });
    const resource = projectArn(account, 'prod');
    const out = await authorize(await by(carol, { action: 'acme:DeleteProject', resource }));
    expect(out).toMatchObject({
      ok: true,
      decision: 'ExplicitDeny',
      reasons: [{ policyType: 'identity', policy: 'mixed', sid: 'NoDelete', effect: 'Deny' }],
      message: deniedMessage(`arn:aws:iam::${account}:user/carol`, 'acme:DeleteProject', resource, 'with an explicit deny in an identity-based policy'),
    });
  });

  it('policies attached to a group and managed policies apply', async () => {
    const dave = await userWithKey(root, 'dave');
    const created = await iamOk(root, 'CreatePolicy', { PolicyName: 'docs-read', PolicyDocument: policy(allow(['acme:GetDocument', 'acme:ListDocuments'])) });
    await iamOk(root, 'CreateGroup', { GroupName: 'readers' });
    await iamOk(root, 'AttachGroupPolicy', { GroupName: 'readers', PolicyArn: created.Policy.Arn });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'readers', UserName: 'dave' });
    const out = await authorize(await by(dave, { action: 'acme:GetDocument', resource: documentArn(account, 'p1', 'd1') }));
    expect(out).toMatchObject({ ok: true, decision: 'Allow', reasons: [{ policyType: 'identity', policy: created.Policy.Arn }] });
    expect(await authorize(await by(dave, { action: 'acme:DeleteDocument', resource: documentArn(account, 'p1', 'd1') }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
  });

  it('a permissions boundary limits the user: denied with the boundary named', async () => {
    const erin = await userWithKey(root, 'erin');
    const boundary = await iamOk(root, 'CreatePolicy', { PolicyName: 'acme-read-only', PolicyDocument: policy(allow('acme:Get*')) });
    await iamOk(root, 'PutUserPolicy', { UserName: 'erin', PolicyName: 'all', PolicyDocument: policy(allow('acme:*')) });
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'erin', PermissionsBoundary: boundary.Policy.Arn });
    expect(await authorize(await by(erin, { action: 'acme:GetProject', resource: projectArn(account) }))).toMatchObject({ ok: true, decision: 'Allow' });
    const resource = projectArn(account);
    expect(await authorize(await by(erin, { action: 'acme:DeleteProject', resource }))).toMatchObject({
      ok: true,
      decision: 'ImplicitDeny',
      message: deniedMessage(`arn:aws:iam::${account}:user/erin`, 'acme:DeleteProject', resource, 'because no permissions boundary allows the acme:DeleteProject action'),
    });
  });

  it("reports the key's last use with the SaaS's service and region", async () => {
    const ivy = await userWithKey(root, 'ivy');
    const usedAt = freezeClock();
    await authorize(await by(ivy, { action: 'acme:GetProject', resource: projectArn(account) }));
    runClock();
    const used = await iamOk(root, 'GetAccessKeyLastUsed', { AccessKeyId: ivy.accessKeyId });
    expect(used.AccessKeyLastUsed).toEqual({ ServiceName: 'acme', Region: 'us-east-1', LastUsedDate: awsDate(usedAt) });
  });

  it('the root user is allowed everything in its own account, without policies', async () => {
    const out = await authorize(await by(root, { action: 'acme:DeleteProject', resource: projectArn(account) }));
    expect(out).toMatchObject({ ok: true, decision: 'Allow', reasons: [], principal: { type: 'Root', arn: `arn:aws:iam::${account}:root`, userId: account } });
  });

  it("the root user is bound by an explicit Deny in its own resource's resource policy, as a bucket policy binds it", async () => {
    const resource = projectArn(account);
    const lockdown = policy({ Sid: 'Lockdown', Effect: 'Deny', Principal: '*', Action: 'acme:DeleteProject', Resource: resource });
    expect(await authorize(await by(root, { action: 'acme:DeleteProject', resource, resourcePolicy: lockdown }))).toMatchObject({
      ok: true,
      decision: 'ExplicitDeny',
      reasons: [{ policyType: 'resource', sid: 'Lockdown', effect: 'Deny' }],
      message: deniedMessage(`arn:aws:iam::${account}:root`, 'acme:DeleteProject', resource, 'with an explicit deny in a resource-based policy'),
    });
    // What the Deny does not name stays allowed.
    expect(await authorize(await by(root, { action: 'acme:GetProject', resource, resourcePolicy: lockdown }))).toMatchObject({ ok: true, decision: 'Allow' });
  });
});

describe('authorize: role sessions', () => {
  let account: string;
  let root: Keys;
  let roleArn: string;
  let assumer: Keys;
  beforeAll(async () => {
    ({ accountId: account, root } = await newAccount());
    roleArn = `arn:aws:iam::${account}:role/editor`;
    assumer = await userWithKey(root, 'assumer');
    await iamOk(root, 'PutUserPolicy', { UserName: 'assumer', PolicyName: 'assume', PolicyDocument: policy(allow(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])) });
    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] });
    await iamOk(root, 'CreateRole', { RoleName: 'editor', AssumeRolePolicyDocument: trust });
    await iamOk(root, 'PutRolePolicy', { RoleName: 'editor', PolicyName: 'edit', PolicyDocument: policy(allow(['acme:GetProject', 'acme:DeleteProject'])) });
    await iamOk(root, 'TagRole', { RoleName: 'editor', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' });
  });

  const assume = async (params: Record<string, string> = {}): Promise<Keys> => {
    const r = await call(assumer, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'sess', ...params }, 'sts');
    if (r.status !== 200) throw new Error(r.xml);
    return keysOf(r.result.Credentials);
  };

  it('a session acts as its role: allowed by the role policy, principal and session described', async () => {
    const session = await assume({ SourceIdentity: 'alice' });
    const out = await authorize(await by(session, { action: 'acme:DeleteProject', resource: projectArn(account) }));
    expect(out, JSON.stringify(out)).toMatchObject({
      ok: true,
      decision: 'Allow',
      reasons: [{ policyType: 'identity', policy: 'edit' }],
      principal: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${account}:assumed-role/editor/sess`,
        accessKeyId: session.accessKeyId,
        session: { kind: 'assumed-role', roleArn, mfa: false, sourceIdentity: 'alice' },
        tags: { team: 'red' },
      },
    });
    if (out.ok) expect(out.principal.userId).toMatch(/^AROA[A-Z2-7]+:sess$/);
    expect(await authorize(await by(session, { action: 'acme:ListProjects', resource: '*' }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
  });

  it('session policies narrow the session, named in the denial', async () => {
    const session = await assume({ Policy: policy(allow('acme:GetProject')) });
    expect(await authorize(await by(session, { action: 'acme:GetProject', resource: projectArn(account) }))).toMatchObject({ ok: true, decision: 'Allow' });
    const resource = projectArn(account);
    expect(await authorize(await by(session, { action: 'acme:DeleteProject', resource }))).toMatchObject({
      ok: true,
      decision: 'ImplicitDeny',
      message: deniedMessage(`arn:aws:sts::${account}:assumed-role/editor/sess`, 'acme:DeleteProject', resource, 'because no session policy allows the acme:DeleteProject action'),
    });
  });

  it('session tags override the role tags in aws:PrincipalTag', async () => {
    // The role's policy set is cached from the tests above: the write's bookmark reads past the cache.
    const bookmark = await write(root, 'PutRolePolicy', {
      RoleName: 'editor',
      PolicyName: 'tagged',
      PolicyDocument: policy(allow('acme:GetDocument', { Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } })),
    });
    const blue = await assume({ 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' });
    const doc = documentArn(account, 'p1', 'd1');
    expect(await authorize(await by(blue, { action: 'acme:GetDocument', resource: doc, bookmark, context: { 'aws:ResourceTag/team': 'blue' } }))).toMatchObject({ ok: true, decision: 'Allow', principal: { tags: { team: 'blue' } } });
    expect(await authorize(await by(blue, { action: 'acme:GetDocument', resource: doc, bookmark, context: { 'aws:ResourceTag/team': 'red' } }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
  });
});

describe('authorize: federated users and GetSessionToken sessions', () => {
  it('a federated user has only what both its user and its session policy allow', async () => {
    const { accountId, root } = await newAccount();
    const fed = await userWithKey(root, 'fed');
    await iamOk(root, 'PutUserPolicy', { UserName: 'fed', PolicyName: 'p', PolicyDocument: policy(allow(['acme:*', 'sts:GetFederationToken', 'sts:GetSessionToken'])) });
    const token = await call(fed, 'GetFederationToken', { Name: 'visitor', Policy: policy(allow('acme:GetProject')) }, 'sts');
    expect(token.status, token.xml).toBe(200);
    const visitor = keysOf(token.result.Credentials);
    const resource = projectArn(accountId);
    expect(await authorize(await by(visitor, { action: 'acme:GetProject', resource }))).toMatchObject({
      ok: true,
      decision: 'Allow',
      principal: { type: 'FederatedUser', arn: `arn:aws:sts::${accountId}:federated-user/visitor`, session: { kind: 'federated-user' } },
    });
    expect(await authorize(await by(visitor, { action: 'acme:DeleteProject', resource }))).toMatchObject({
      ok: true,
      decision: 'ImplicitDeny',
      message: deniedMessage(`arn:aws:sts::${accountId}:federated-user/visitor`, 'acme:DeleteProject', resource, 'because no session policy allows the acme:DeleteProject action'),
    });
    // GetSessionToken credentials act as the user itself.
    const st = await call(fed, 'GetSessionToken', {}, 'sts');
    expect(st.status, st.xml).toBe(200);
    expect(await authorize(await by(keysOf(st.result.Credentials), { action: 'acme:DeleteProject', resource }))).toMatchObject({
      ok: true,
      decision: 'Allow',
      principal: { type: 'User', arn: `arn:aws:iam::${accountId}:user/fed`, session: { kind: 'session-token' } },
    });
  });
});

describe('authorize: condition keys', () => {
  let account: string;
  let root: Keys;
  let frank: Keys;
  beforeAll(async () => {
    ({ accountId: account, root } = await newAccount());
    frank = await userWithKey(root, 'frank');
    await iamOk(root, 'TagUser', { UserName: 'frank', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' });
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'frank',
      PolicyName: 'conditions',
      PolicyDocument: policy(
        allow('acme:GetProject', { Sid: 'OwnTeam', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }),
        allow('acme:CreateProject', { Sid: 'PrivateOnly', Condition: { StringEquals: { 'acme:ProjectVisibility': 'private' } } }),
        allow('acme:ListProjects', { Sid: 'Office', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: { 'aws:SecureTransport': 'true' } } }),
        allow('acme:DeleteProject', { Sid: 'Tagged', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] }, StringEquals: { 'aws:RequestTag/team': 'red' } } }),
      ),
    });
  });

  it('aws:ResourceTag supplied by the SaaS, compared with aws:PrincipalTag', async () => {
    const resource = projectArn(account);
    expect(await authorize(await by(frank, { action: 'acme:GetProject', resource, context: { 'aws:ResourceTag/team': 'red' } }))).toMatchObject({ ok: true, decision: 'Allow', reasons: [{ sid: 'OwnTeam' }], principal: { tags: { team: 'red' } } });
    expect(await authorize(await by(frank, { action: 'acme:GetProject', resource, context: { 'aws:ResourceTag/team': 'blue' } }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    expect(await authorize(await by(frank, { action: 'acme:GetProject', resource }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
  });

  it("the SaaS's own keys (acme:ProjectVisibility)", async () => {
    const resource = projectArn(account, 'new');
    expect(await authorize(await by(frank, { action: 'acme:CreateProject', resource, context: { 'acme:ProjectVisibility': 'private' } }))).toMatchObject({ ok: true, decision: 'Allow' });
    expect(await authorize(await by(frank, { action: 'acme:CreateProject', resource, context: { 'acme:ProjectVisibility': 'public' } }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    expect(await authorize(await by(frank, { action: 'acme:CreateProject', resource }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
  });

  it('aws:RequestTag and aws:TagKeys, multivalued', async () => {
    const resource = projectArn(account);
    expect(await authorize(await by(frank, { action: 'acme:DeleteProject', resource, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'red' } }))).toMatchObject({ ok: true, decision: 'Allow' });
    expect(await authorize(await by(frank, { action: 'acme:DeleteProject', resource, context: { 'aws:TagKeys': ['team', 'cost'], 'aws:RequestTag/team': 'red' } }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
  });

  it('aws:SourceIp and aws:SecureTransport come from the request, never from the SaaS context', async () => {
    const list = { action: 'acme:ListProjects', resource: '*' };
    expect(await authorize(await by(frank, { ...list, facts: { sourceIp: '10.1.2.3' } }))).toMatchObject({ ok: true, decision: 'Allow' });
    expect(await authorize(await by(frank, { ...list, facts: { sourceIp: '192.0.2.1' } }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    expect(await authorize(await by(frank, { ...list, facts: { sourceIp: '10.1.2.3', secureTransport: false } }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    for (const key of ['aws:SourceIp', 'aws:sourceip', 'aws:PrincipalArn', 'aws:CurrentTime', 'aws:SecureTransport', 'aws:PrincipalTag/team', 'aws:ResourceAccount', 'aws:MultiFactorAuthPresent', 'iam:PassedToService']) {
      const out = await authorize(await by(frank, { ...list, facts: { sourceIp: '192.0.2.1' }, context: { [key]: '10.1.2.3' } }));
      expect(out, key).toMatchObject({ ok: false, error: { code: 'ValidationException', status: 400 } });
      if (!out.ok) expect(out.error.message).toContain(`'${key}' cannot be set by the service`);
    }
  });

  it('aws:CurrentTime and aws:MultiFactorAuthPresent are filled by the IAM Worker', async () => {
    const george = await userWithKey(root, 'george');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'george',
      PolicyName: 'mfa',
      PolicyDocument: policy(
        allow('acme:GetProject', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }),
        { Effect: 'Deny', Action: 'acme:DeleteProject', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
        allow('acme:DeleteProject'),
      ),
    });
    expect(await authorize(await by(george, { action: 'acme:GetProject', resource: projectArn(account) }))).toMatchObject({ ok: true, decision: 'Allow' });
    expect(await authorize(await by(george, { action: 'acme:DeleteProject', resource: projectArn(account) }))).toMatchObject({ ok: true, decision: 'ExplicitDeny' });
  });
});

describe('authorize: resource-based policies', () => {
  let a: { accountId: string; root: Keys };
  let b: { accountId: string; root: Keys };
  let alice: Keys;
  let bob: Keys;
  beforeAll(async () => {
    [a, b] = await Promise.all([newAccount(), newAccount()]);
    alice = await userWithKey(a.root, 'alice');
    await iamOk(a.root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'acme', PolicyDocument: policy(allow(['acme:GetProject', 'acme:ListDocuments'])) });
    bob = await userWithKey(b.root, 'bob');
  });

  const shareWith = (principal: string, actions = ['acme:GetProject'], resource = '*') =>
    policy({ Sid: 'Share', Effect: 'Allow', Principal: { AWS: principal }, Action: actions, Resource: resource });

  it('same account: a resource policy naming the user allows without any identity policy', async () => {
    const resource = projectArn(b.accountId, 'shared');
    expect(await authorize(await by(bob, { action: 'acme:GetProject', resource }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    const out = await authorize(await by(bob, { action: 'acme:GetProject', resource, resourcePolicy: shareWith(`arn:aws:iam::${b.accountId}:user/bob`) }));
    expect(out).toMatchObject({ ok: true, decision: 'Allow', reasons: [{ policyType: 'resource', policy: 'resource', sid: 'Share', effect: 'Allow' }] });
  });

  it('cross-account: tenant B shares one project with tenant A; everything else of B is refused to A', async () => {
    const shared = projectArn(b.accountId, 'shared');
    const resourcePolicy = shareWith(`arn:aws:iam::${a.accountId}:root`, ['acme:GetProject'], shared);
    // Shared: B's resource policy names A, and A's identity policy allows alice.
    expect(await authorize(await by(alice, { action: 'acme:GetProject', resource: shared, resourcePolicy }))).toMatchObject({
      ok: true,
      decision: 'Allow',
      reasons: expect.arrayContaining([expect.objectContaining({ policyType: 'identity', policy: 'acme' }), expect.objectContaining({ policyType: 'resource', sid: 'Share' })]),
    });
    // The same project without its policy, another project of B, another action: refused.
    expect(await authorize(await by(alice, { action: 'acme:GetProject', resource: shared }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    const other = projectArn(b.accountId, 'private');
    const refused = await authorize(await by(alice, { action: 'acme:GetProject', resource: other }));
    expect(refused).toMatchObject({
      ok: true,
      decision: 'ImplicitDeny',
      message: deniedMessage(`arn:aws:iam::${a.accountId}:user/alice`, 'acme:GetProject', other, 'because no resource-based policy allows the acme:GetProject action'),
    });
    // The policy's Resource names only the shared project: passed with another project, it grants nothing.
    expect(await authorize(await by(alice, { action: 'acme:GetProject', resource: other, resourcePolicy }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    expect(await authorize(await by(alice, { action: 'acme:ListDocuments', resource: shared, resourcePolicy }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    // A's root, unrestricted in A, is not in B without the resource policy.
    expect(await authorize(await by(a.root, { action: 'acme:GetProject', resource: other }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    expect(await authorize(await by(a.root, { action: 'acme:GetProject', resource: shared, resourcePolicy }))).toMatchObject({ ok: true, decision: 'Allow' });
  });

  it("cross-account needs both sides: A's identity policy too, and a policy naming A (not another account)", async () => {
    const shared = projectArn(b.accountId, 'shared');
    const carol = await userWithKey(a.root, 'carol');
    const resourcePolicy = shareWith(`arn:aws:iam::${a.accountId}:root`, ['acme:GetProject'], shared);
    expect(await authorize(await by(carol, { action: 'acme:GetProject', resource: shared, resourcePolicy }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    const c = await newAccount();
    expect(await authorize(await by(alice, { action: 'acme:GetProject', resource: shared, resourcePolicy: shareWith(`arn:aws:iam::${c.accountId}:root`) }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    // A deny in B's resource policy wins over A's allow.
    const denyAll = policy({ Sid: 'NoOne', Effect: 'Deny', Principal: '*', Action: 'acme:*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: a.accountId }, Action: 'acme:*', Resource: '*' });
    expect(await authorize(await by(alice, { action: 'acme:GetProject', resource: shared, resourcePolicy: denyAll }))).toMatchObject({
      ok: true,
      decision: 'ExplicitDeny',
      message: deniedMessage(`arn:aws:iam::${a.accountId}:user/alice`, 'acme:GetProject', shared, 'with an explicit deny in a resource-based policy'),
    });
  });

  it('a malformed resource policy is a MalformedPolicyDocument error, never a decision', async () => {
    const resource = projectArn(b.accountId);
    for (const resourcePolicy of ['{', policy({ Effect: 'Allow', Action: 'acme:*', Resource: '*' }), JSON.stringify({ Statement: 'x' }), policy({ Effect: 'Allow', Principal: '*', Resource: '*' })]) {
      const out = await authorize(await by(bob, { action: 'acme:GetProject', resource, resourcePolicy }));
      expect(out, resourcePolicy).toMatchObject({ ok: false, error: { code: 'MalformedPolicyDocument', status: 400 } });
    }
  });
});

describe('authorize: read-your-writes', () => {
  it('a policy detached is honoured at once with the bookmark of the write', async () => {
    const { accountId, root } = await newAccount();
    const hank = await userWithKey(root, 'hank');
    await iamOk(root, 'PutUserPolicy', { UserName: 'hank', PolicyName: 'p', PolicyDocument: policy(allow('acme:GetProject')) });
    const item = { action: 'acme:GetProject', resource: projectArn(accountId) };
    expect(await authorize(await by(hank, item))).toMatchObject({ ok: true, decision: 'Allow' });
    const bookmark = await write(root, 'DeleteUserPolicy', { UserName: 'hank', PolicyName: 'p' });
    expect(await authorize(await by(hank, { ...item, bookmark }))).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
  });

  it('without a bookmark, a policy change is honoured once the policy cache (5 s) expires', async () => {
    const { accountId, root } = await newAccount();
    const ian = await userWithKey(root, 'ian');
    await iamOk(root, 'PutUserPolicy', { UserName: 'ian', PolicyName: 'p', PolicyDocument: policy(allow('acme:GetProject')) });
    const item = { action: 'acme:GetProject', resource: projectArn(accountId) };
    expect(await authorize(await by(ian, item))).toMatchObject({ ok: true, decision: 'Allow' });
    await iamOk(root, 'PutUserPolicy', { UserName: 'ian', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Deny', Action: 'acme:*', Resource: '*' }) });
    advanceClock(5_001);
    expect(await authorize(await by(ian, item))).toMatchObject({ ok: true, decision: 'ExplicitDeny' });
  });
});
