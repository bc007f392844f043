/**
 * Every IAM call is an event of the caller's account trail, written by the account's object: a success in
 * the action's own transaction (so a write and its event commit together or not at all), a failure after
 * the rollback with the error the API answered. Read back with LookupEvents over JSON 1.1.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/errors';
import { CreateUser } from '../../src/services/iam/users';
import { ACTION_SEAM, type AccountDO } from '../../src/storage/account-do';
import { eventsNamed, eventually, lookupOk, pacedAccount } from './cloudtrail-support';
import { accountWithRoot, ROOT_PW, signedIn } from './signin-support';
import { call, iamOk, policy, userWithKey } from './support';

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

describe('IAM calls in the audit trail', () => {
  it('records a write with its request, response, identity and resources, and a read as read-only', async () => {
    const { accountId, root } = await pacedAccount();
    const created = await iamOk(root, 'CreateUser', { UserName: 'alice', Path: '/team/' });
    await iamOk(root, 'GetUser', { UserName: 'alice' });

    const [write] = await eventsNamed(root, 'CreateUser');
    expect(write!.event).toMatchObject({
      EventName: 'CreateUser',
      EventSource: 'iam.amazonaws.com',
      ReadOnly: 'false',
      AccessKeyId: root.accessKeyId,
      Username: 'root',
      Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'alice' }],
    });
    const r = write!.record;
    expect(r).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: accountId,
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${accountId}:root`, accountId, principalId: accountId, accessKeyId: root.accessKeyId },
      requestParameters: { userName: 'alice', path: '/team/' },
    });
    expect(r.responseElements.user).toMatchObject({ userName: 'alice', path: '/team/', userId: created.User.UserId, arn: created.User.Arn });
    expect(r.responseElements.user.createDate).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(r.errorCode).toBeUndefined();
    expect(r.eventID).toBe(write!.event.EventId);

    const [read] = await eventsNamed(root, 'GetUser');
    expect(read!.event.ReadOnly).toBe('true');
    expect(read!.record.readOnly).toBe(true);
    expect(read!.record.responseElements).toBeNull();
    expect(read!.record.requestParameters).toEqual({ userName: 'alice' });
  });

  it('hides secrets in requests and responses: access keys, passwords', async () => {
    const { root } = await pacedAccount();
    await iamOk(root, 'CreateUser', { UserName: 'bob' });
    const key = (await iamOk(root, 'CreateAccessKey', { UserName: 'bob' })).AccessKey;
    await iamOk(root, 'CreateLoginProfile', { UserName: 'bob', Password: 'Correct-horse-9!' });

    const [ck] = await eventsNamed(root, 'CreateAccessKey');
    expect(ck!.event.CloudTrailEvent).not.toContain(key.SecretAccessKey);
    expect(ck!.record.responseElements.accessKey).toMatchObject({ accessKeyId: key.AccessKeyId, userName: 'bob', status: 'Active', secretAccessKey: HIDDEN });
    expect(ck!.event.Resources).toEqual(
      expect.arrayContaining([
        { ResourceType: 'AWS::IAM::User', ResourceName: 'bob' },
        { ResourceType: 'AWS::IAM::AccessKey', ResourceName: key.AccessKeyId },
      ]),
    );
    const [lp] = await eventsNamed(root, 'CreateLoginProfile');
    expect(lp!.event.CloudTrailEvent).not.toContain('Correct-horse-9!');
    expect(lp!.record.requestParameters).toEqual({ userName: 'bob', password: HIDDEN });
  });

  it('records a failure with the error the API answered, after rolling back: duplicate, limit, AccessDenied', async () => {
    const { accountId, root } = await pacedAccount();
    await iamOk(root, 'CreateUser', { UserName: 'carol' });
    const dup = await call(root, 'CreateUser', { UserName: 'carol' });
    expect(dup.error?.Code).toBe('EntityAlreadyExists');
    // The limit is checked mid-way through CreateAccessKey's run: its failure leaves no key and no success event.
    await iamOk(root, 'CreateAccessKey', { UserName: 'carol' });
    await iamOk(root, 'CreateAccessKey', { UserName: 'carol' });
    const third = await call(root, 'CreateAccessKey', { UserName: 'carol' });
    expect(third.error?.Code).toBe('LimitExceeded');
    expect((await iamOk(root, 'ListAccessKeys', { UserName: 'carol' })).AccessKeyMetadata.member).toHaveLength(2);

    // A failed call changed nothing: its event comes with the object's next batch, as a read's.
    const creates = await eventsNamed(root, 'CreateUser', 2);
    expect(creates.map((e) => e.record.errorCode ?? 'ok')).toEqual(['EntityAlreadyExists', 'ok']);
    expect(creates[0]!.record).toMatchObject({ errorMessage: dup.error!.Message, responseElements: null, readOnly: false });
    const keys = await eventsNamed(root, 'CreateAccessKey', 3);
    expect(keys.map((e) => e.record.errorCode ?? 'ok')).toEqual(['LimitExceeded', 'ok', 'ok']);
    expect(keys[0]!.record.errorMessage).toBe(third.error!.Message);

    const dave = await userWithKey(root, 'dave');
    const denied = await call(dave, 'ListUsers');
    expect(denied.error?.Code).toBe('AccessDenied');
    const [ev] = await eventsNamed(root, 'ListUsers');
    expect(ev!.event).toMatchObject({ Username: 'dave', AccessKeyId: dave.accessKeyId, ReadOnly: 'true' });
    expect(ev!.record).toMatchObject({
      errorCode: 'AccessDenied',
      errorMessage: denied.error!.Message,
      userIdentity: { type: 'IAMUser', userName: 'dave', accountId, accessKeyId: dave.accessKeyId, arn: `arn:aws:iam::${accountId}:user/dave` },
    });
  });

  it('commits a write and its event together: an action that fails after its change leaves neither', async () => {
    const { root } = await pacedAccount();
    await iamOk(root, 'CreateUser', { UserName: 'before' });
    const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName((await iamOk(root, 'GetUser')).User.Arn.split(':')[4]));
    // CreateUser as it is, then a failure after its write, inside the same transaction.
    await runInDurableObject(stub as unknown as DurableObjectStub, (o) => {
      (o as unknown as AccountDO)[ACTION_SEAM] = {
        ...CreateUser,
        run(ctx, store, input: Parameters<typeof CreateUser.run>[2], prepared) {
          CreateUser.run(ctx, store, input, prepared);
          throw new AwsError('LimitExceeded', 'Failed after the write.', 409);
        },
      };
    });
    const failed = await call(root, 'CreateUser', { UserName: 'ghost' });
    expect(failed.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Failed after the write.' });
    expect((await call(root, 'GetUser', { UserName: 'ghost' })).error?.Code).toBe('NoSuchEntity');
    const creates = await eventsNamed(root, 'CreateUser', 2);
    expect(creates.map((e) => [e.record.requestParameters.userName, e.record.errorCode ?? 'ok'])).toEqual([
      ['ghost', 'LimitExceeded'],
      ['before', 'ok'],
    ]);
    const byName = await eventually(() => lookupOk(root, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'ghost' }] }), (page) => page.Events.length >= 2);
    expect(byName.Events.map((e) => [e.EventName, JSON.parse(e.CloudTrailEvent).errorCode])).toEqual([
      ['GetUser', 'NoSuchEntity'],
      ['CreateUser', 'LimitExceeded'],
    ]);
  });

  it('records a refused key in its own account: a key deleted a moment ago (a failed authentication)', async () => {
    const { root } = await pacedAccount();
    const erin = await userWithKey(root, 'erin');
    await iamOk(erin, 'GetUser').catch(() => undefined);
    await iamOk(root, 'DeleteAccessKey', { UserName: 'erin', AccessKeyId: erin.accessKeyId });
    // The isolate still knows the key (its cache); the object, which has deleted it, refuses.
    const refused = await call(erin, 'GetUser');
    expect(refused.error?.Code).toBe('InvalidClientTokenId');
    const events = (await eventsNamed(root, 'GetUser')).filter((e) => e.record.errorCode === 'InvalidClientTokenId');
    expect(events).toHaveLength(1);
    expect(events[0]!.record.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'erin', accessKeyId: erin.accessKeyId });
  });

  it('names the policy and the entity of an attachment, and takes readOnly from the access level', async () => {
    const { accountId, root } = await pacedAccount();
    await iamOk(root, 'CreateRole', {
      RoleName: 'app',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }),
    });
    const p = (await iamOk(root, 'CreatePolicy', { PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) })).Policy;
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'app', PolicyArn: p.Arn });
    await iamOk(root, 'ListAttachedRolePolicies', { RoleName: 'app' });
    const [attach] = await eventsNamed(root, 'AttachRolePolicy');
    expect(attach!.event.Resources).toEqual([
      { ResourceType: 'AWS::IAM::Role', ResourceName: 'app' },
      { ResourceType: 'AWS::IAM::Policy', ResourceName: p.Arn },
    ]);
    const [created] = await eventsNamed(root, 'CreatePolicy');
    expect(created!.event.Resources).toEqual([{ ResourceType: 'AWS::IAM::Policy', ResourceName: p.Arn }]);
    const byPolicy = await lookupOk(root, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: p.Arn }] });
    expect(byPolicy.Events.map((e) => e.EventName)).toEqual(['AttachRolePolicy', 'CreatePolicy']);
    const [list] = await eventsNamed(root, 'ListAttachedRolePolicies');
    expect(list!.event.ReadOnly).toBe('true');
  });

  it('marks the calls of a console session as from the console, with the session in the identity', async () => {
    const { accountId, root, email } = await accountWithRoot();
    const browser = await signedIn(accountId, email, ROOT_PW, true);
    expect((await browser.get('/console/iam/users')).status).toBe(200);
    const [list] = await eventsNamed(root, 'ListUsers');
    expect(list!.record).toMatchObject({
      sessionCredentialFromConsole: 'true',
      readOnly: true,
      userIdentity: { type: 'Root', accountId, accessKeyId: '', sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
    });
    expect(list!.record.sourceIPAddress).toBe(browser.ip);
    expect(list!.event.AccessKeyId).toBeUndefined();
    expect(list!.event.Username).toBe('root');
  });

  it('records a request the model refuses after authentication, with its error and no parameters; not a name that is no operation', async () => {
    const { root } = await pacedAccount();
    const tooLong = await call(root, 'CreateUser', { UserName: 'u'.repeat(65) });
    expect(tooLong.status).toBe(400);
    const [refused] = await eventsNamed(root, 'CreateUser');
    expect(refused!.record).toMatchObject({ eventSource: 'iam.amazonaws.com', errorCode: 'ValidationError', requestParameters: null, responseElements: null, readOnly: false });
    expect(refused!.record.errorMessage).toContain('userName');
    expect(refused!.record.userIdentity).toMatchObject({ type: 'Root', accessKeyId: root.accessKeyId });
    const unknown = await call(root, 'NoSuchOperation', {});
    expect(unknown.status).toBe(400);
    // A later refusal, once in the trail, shows the queue has delivered what came before it.
    await call(root, 'CreateUser', { UserName: 'v'.repeat(65) });
    expect(await eventsNamed(root, 'CreateUser', 2)).toHaveLength(2);
    expect(await lookupOk(root, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'NoSuchOperation' }] })).toEqual({ Events: [] });
  });
});
