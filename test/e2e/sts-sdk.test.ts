/**
 * STS through the AWS SDK for JavaScript v3 against the local server: AssumeRole with @aws-sdk/client-sts,
 * `fromTemporaryCredentials` (@aws-sdk/credential-providers) feeding an IAMClient, cross-account roles,
 * role chaining limits, GetFederationToken, and DecodeAuthorizationMessage of a denial's
 * `x-iam-authorization-message` header (read from a raw aws4fetch response).
 * Every principal's policies are in place before its first STS call (the data plane caches them briefly).
 */
import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDateDuring, expectSdkError, sdkError, userWithKey } from './support/aws';
import { createAccountWithRootKeys, endpoint, iamClient, queryAction, REGION, stsClient, type Credentials } from './support/clients';
import { createRole, credentialsOf, policy, putUserPolicy, trustAccount } from './support/sts';

const CHAIN_LIMIT = 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';

let a: { accountId: string; root: Credentials };
let b: { accountId: string; root: Credentials };
type User = Awaited<ReturnType<typeof userWithKey>>;
let dev: User; // may assume A's roles and B's visitor
let nobody: User; // no policies at all
let fed: User; // may call GetFederationToken
let decoder: User; // may call DecodeAuthorizationMessage
const arn = { reader: '', hop1: '', hop2: '', visitor: '' };

beforeAll(async () => {
  const [ca, cb] = await Promise.all([createAccountWithRootKeys(), createAccountWithRootKeys()]);
  a = { accountId: ca.accountId, root: ca.credentials };
  b = { accountId: cb.accountId, root: cb.credentials };
  const iamA = iamClient(a.root);
  const iamB = iamClient(b.root);

  // Account B: two users and a role that trusts account A.
  await iamB.send(new CreateUserCommand({ UserName: 'b-one' }));
  await iamB.send(new CreateUserCommand({ UserName: 'b-two' }));
  arn.visitor = await createRole(iamB, 'visitor', trustAccount(a.accountId), policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));

  // Account A: a reader role, and a two-hop chain (hop1 may last 2 h and assume hop2, which trusts hop1).
  const list = policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' });
  arn.reader = await createRole(iamA, 'reader', trustAccount(a.accountId), list);
  arn.hop1 = await createRole(iamA, 'hop1', trustAccount(a.accountId), policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }), { MaxSessionDuration: 7200 });
  arn.hop2 = await createRole(
    iamA,
    'hop2',
    policy({ Effect: 'Allow', Principal: { AWS: arn.hop1 }, Action: 'sts:AssumeRole' }),
    list,
  );

  dev = await userWithKey(iamA, 'dev');
  await putUserPolicy(iamA, 'dev', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [arn.reader, arn.hop1, arn.visitor] }));
  nobody = await userWithKey(iamA, 'nobody');
  fed = await userWithKey(iamA, 'fed');
  await putUserPolicy(iamA, 'fed', policy({ Effect: 'Allow', Action: ['sts:GetFederationToken', 'iam:ListUsers'], Resource: '*' }));
  decoder = await userWithKey(iamA, 'decoder');
  await putUserPolicy(iamA, 'decoder', policy({ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' }));
});

/** A fromTemporaryCredentials provider against the local server. */
function temporary(
  master: Credentials | AwsCredentialIdentityProvider,
  params: { RoleArn: string; RoleSessionName?: string; DurationSeconds?: number },
): AwsCredentialIdentityProvider {
  return fromTemporaryCredentials({ masterCredentials: master, params, clientConfig: { endpoint: endpoint(), region: REGION, maxAttempts: 1 } });
}

const userNames = (out: { Users?: { UserName?: string }[] }) => (out.Users ?? []).map((u) => u.UserName).sort();

describe('AssumeRole with @aws-sdk/client-sts', () => {
  it('issues ASIA credentials for the requested duration; an IAMClient with them acts as the role', async () => {
    const before = Date.now();
    const out = await stsClient(dev.credentials).send(new AssumeRoleCommand({ RoleArn: arn.reader, RoleSessionName: 'sdk', DurationSeconds: 900 }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    // Issued during the call, for exactly the 900 s asked.
    expectDateDuring(out.Credentials?.Expiration, before, Date.now(), 900_000);
    expect(out.AssumedRoleUser).toEqual({ Arn: `arn:aws:sts::${a.accountId}:assumed-role/reader/sdk`, AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:sdk$/) });

    const session = credentialsOf(out.Credentials);
    const who = await stsClient(session).send(new GetCallerIdentityCommand({}));
    expect({ Arn: who.Arn, Account: who.Account, UserId: who.UserId }).toEqual({
      Arn: out.AssumedRoleUser!.Arn,
      Account: a.accountId,
      UserId: out.AssumedRoleUser!.AssumedRoleId,
    });
    expect(userNames(await iamClient(session).send(new ListUsersCommand({})))).toEqual(['decoder', 'dev', 'fed', 'nobody']);
    const denied = await sdkError(iamClient(session).send(new CreateUserCommand({ UserName: 'x' })));
    expectSdkError(denied, {
      name: 'AccessDenied',
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:sts::${a.accountId}:assumed-role/reader/sdk is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${a.accountId}:user/x because no identity-based policy allows the iam:CreateUser action`,
    });
  });

  it('refuses a user its own account does not allow (the trust policy names only the account)', async () => {
    const e = await sdkError(stsClient(nobody.credentials).send(new AssumeRoleCommand({ RoleArn: arn.reader, RoleSessionName: 'denied' })));
    expectSdkError(e, {
      name: 'AccessDenied',
      code: 'AccessDenied',
      status: 403,
      // Which policy type the reason clause blames is not asserted here (see the report: same-account
      // trust-by-account denials blame the resource-based policy, not the missing identity allow).
      message: new RegExp(`^User: arn:aws:iam::${a.accountId}:user/nobody is not authorized to perform: sts:AssumeRole on resource: ${arn.reader}( because .*)?$`),
    });
  });
});

describe('fromTemporaryCredentials (@aws-sdk/credential-providers)', () => {
  it('wraps user credentials: an IAMClient using the provider acts as the assumed role', async () => {
    const provider = temporary(dev.credentials, { RoleArn: arn.reader, RoleSessionName: 'via-provider' });
    const iam = new IAMClient({ endpoint: endpoint(), region: REGION, credentials: provider, maxAttempts: 1 });
    expect(userNames(await iam.send(new ListUsersCommand({})))).toEqual(['decoder', 'dev', 'fed', 'nobody']);
    const creds = await provider();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.expiration).toBeInstanceOf(Date);
    const who = await stsClient(creds).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${a.accountId}:assumed-role/reader/via-provider`);
    // The role allows ListUsers only.
    const e = await sdkError(iam.send(new GetUserCommand({ UserName: 'dev' })));
    expectSdkError(e, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: /assumed-role\/reader\/via-provider is not authorized to perform: iam:GetUser/ });
  });

  it('over root credentials fails: roles may not be assumed by root', async () => {
    const iam = new IAMClient({ endpoint: endpoint(), region: REGION, credentials: temporary(a.root, { RoleArn: arn.reader }), maxAttempts: 1 });
    const e = await sdkError(iam.send(new ListUsersCommand({})));
    expectSdkError(e, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: 'Roles may not be assumed by root accounts.' });
  });

  it('chains providers (user → hop1 → hop2): the chained session lists users; DurationSeconds 3601 on the second hop is a ValidationError', async () => {
    const hop1 = temporary(dev.credentials, { RoleArn: arn.hop1, RoleSessionName: 'first', DurationSeconds: 7200 });
    // The first hop may last two hours (MaxSessionDuration 7200): the limit below is role chaining's.
    const before = Date.now();
    const first = await hop1();
    expectDateDuring(first.expiration, before, Date.now(), 7_200_000);

    const hop2 = temporary(hop1, { RoleArn: arn.hop2, RoleSessionName: 'second' });
    const iam = new IAMClient({ endpoint: endpoint(), region: REGION, credentials: hop2, maxAttempts: 1 });
    expect(userNames(await iam.send(new ListUsersCommand({})))).toEqual(['decoder', 'dev', 'fed', 'nobody']);
    expect((await stsClient(await hop2()).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${a.accountId}:assumed-role/hop2/second`);

    const tooLong = temporary(hop1, { RoleArn: arn.hop2, RoleSessionName: 'long', DurationSeconds: 3601 });
    const e = await sdkError(tooLong());
    expectSdkError(e, { name: 'ValidationError', code: 'ValidationError', status: 400, message: CHAIN_LIMIT });

    // The same with client-sts directly: 3600 is the most a chained session may ask for.
    const sts = stsClient(first);
    const exact = await sts.send(new AssumeRoleCommand({ RoleArn: arn.hop2, RoleSessionName: 'exact', DurationSeconds: 3600 }));
    expect(exact.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
    expectSdkError(await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: arn.hop2, RoleSessionName: 'too-long', DurationSeconds: 3601 }))), {
      name: 'ValidationError',
      code: 'ValidationError',
      status: 400,
      message: CHAIN_LIMIT,
    });
  });
});

describe('cross-account AssumeRole', () => {
  it('a role in B trusting A, assumed by A\'s user (allowed by A\'s policy), acts in B: lists B\'s users only', async () => {
    const out = await stsClient(dev.credentials).send(new AssumeRoleCommand({ RoleArn: arn.visitor, RoleSessionName: 'trip' }));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${b.accountId}:assumed-role/visitor/trip`);
    const session = credentialsOf(out.Credentials);
    const who = await stsClient(session).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(b.accountId);
    expect(userNames(await iamClient(session).send(new ListUsersCommand({})))).toEqual(['b-one', 'b-two']);
    const e = await sdkError(iamClient(session).send(new CreateUserCommand({ UserName: 'smuggled' })));
    expectSdkError(e, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: new RegExp(`^User: arn:aws:sts::${b.accountId}:assumed-role/visitor/trip is not authorized`) });
  });

  it('is refused to A\'s user without an allow in A, although B trusts A', async () => {
    const e = await sdkError(stsClient(nobody.credentials).send(new AssumeRoleCommand({ RoleArn: arn.visitor, RoleSessionName: 'denied' })));
    expectSdkError(e, {
      name: 'AccessDenied',
      code: 'AccessDenied',
      status: 403,
      // Every AssumeRole refusal reads alike (no reason), so roles cannot be probed.
      message: `User: arn:aws:iam::${a.accountId}:user/nobody is not authorized to perform: sts:AssumeRole on resource: ${arn.visitor}`,
    });
  });
});

describe('GetFederationToken', () => {
  it('gives federated-user credentials: GetCallerIdentity shows the federated user; IAM and other STS calls are refused', async () => {
    const before = Date.now();
    const out = await stsClient(fed.credentials).send(
      new GetFederationTokenCommand({ Name: 'guest', DurationSeconds: 900, Policy: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }),
    );
    expect(out.FederatedUser).toEqual({ FederatedUserId: `${a.accountId}:guest`, Arn: `arn:aws:sts::${a.accountId}:federated-user/guest` });
    // 97 characters of session policy against the 4,096 budget (services/sts/issue.ts): 3 %.
    expect(out.PackedPolicySize).toBe(3);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expectDateDuring(out.Credentials?.Expiration, before, Date.now(), 900_000);

    const session = credentialsOf(out.Credentials);
    const who = await stsClient(session).send(new GetCallerIdentityCommand({}));
    expect({ Arn: who.Arn, Account: who.Account, UserId: who.UserId }).toEqual({ Arn: out.FederatedUser!.Arn, Account: a.accountId, UserId: `${a.accountId}:guest` });
    // AWS: federation-token credentials cannot call IAM through the API, nor STS other than GetCallerIdentity.
    expectSdkError(await sdkError(iamClient(session).send(new ListUsersCommand({}))), { name: 'InvalidClientTokenId', code: 'InvalidClientTokenId', status: 403 });
    expectSdkError(await sdkError(stsClient(session).send(new GetSessionTokenCommand({}))), { name: 'AccessDenied', code: 'AccessDenied', status: 403 });
  });

  it('is refused to a user without sts:GetFederationToken', async () => {
    const e = await sdkError(stsClient(nobody.credentials).send(new GetFederationTokenCommand({ Name: 'guest' })));
    expectSdkError(e, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: /user\/nobody is not authorized to perform: sts:GetFederationToken/ });
  });
});

describe('DecodeAuthorizationMessage', () => {
  let encoded: string;

  beforeAll(async () => {
    const res = await queryAction(nobody.credentials, 'iam', { Action: 'ListUsers' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    encoded = res.headers.get('x-iam-authorization-message') ?? '';
  });

  it('decodes the x-iam-authorization-message header of an AccessDenied for the root user', async () => {
    expect(encoded.length).toBeGreaterThan(20);
    const out = await stsClient(a.root).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    const message = JSON.parse(out.DecodedMessage!);
    expect(message).toMatchObject({
      allowed: false,
      explicitDeny: false,
      context: {
        principal: { id: nobody.userId, arn: `arn:aws:iam::${a.accountId}:user/nobody` },
        action: 'iam:ListUsers',
        resource: `arn:aws:iam::${a.accountId}:user/`,
      },
    });
    expect(message.matchedStatements).toEqual({ items: [] });
    const conditions = Object.fromEntries(
      message.context.conditions.items.map((i: { key: string; values: { items: { value: string }[] } }) => [i.key, i.values.items.map((v) => v.value)]),
    );
    expect(conditions['aws:SourceIp']).toEqual(['127.0.0.1']);
    expect(conditions['aws:RequestedRegion']).toEqual([REGION]);
    expect(Math.abs(Date.parse(conditions['aws:CurrentTime'][0]) - Date.now())).toBeLessThan(60_000);
  });

  it('decodes it for a user allowed sts:DecodeAuthorizationMessage, and refuses the denied user itself', async () => {
    const out = await stsClient(decoder.credentials).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    expect(JSON.parse(out.DecodedMessage!).context.action).toBe('iam:ListUsers');
    const e = await sdkError(stsClient(nobody.credentials).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })));
    expectSdkError(e, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: /is not authorized to perform: sts:DecodeAuthorizationMessage/ });
  });

  it('refuses another account\'s root and a tampered message with InvalidAuthorizationMessageException', async () => {
    const want = { name: 'InvalidAuthorizationMessageException', code: 'InvalidAuthorizationMessageException', status: 400 };
    expectSdkError(await sdkError(stsClient(b.root).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }))), want);
    const i = Math.floor(encoded.length / 2);
    const tampered = encoded.slice(0, i) + (encoded[i] === 'A' ? 'B' : 'A') + encoded.slice(i + 1);
    expectSdkError(await sdkError(stsClient(a.root).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: tampered }))), want);
  });
});
