/**
 * The audit event's builder: CloudTrail's userIdentity per kind of caller (cloudtrail-event-reference-user-identity.html),
 * request parameters in CloudTrail's member names with secrets hidden wherever they are nested, dates in
 * IAM's CloudTrail form, and the record's envelope (responseElements only for a successful write).
 */
import { describe, expect, it } from 'vitest';
import { lookupUsernameOf, storedEventOf } from '../../../src/core/audit/event';
import { cloudTrailEventOf, auditEventOf, type AuditedCall } from '../../../src/services/audit/event';
import { userIdentityOf } from '../../../src/services/audit/identity';
import { cloudTrailDate, cloudTrailMembers } from '../../../src/services/audit/parameters';
import type { Caller } from '../../../src/services/context';

const ACCOUNT = '111122223333';
const iat = Date.UTC(2026, 11, 2, 12, 0, 0) / 1000;

const roleSession: Caller = {
  type: 'AssumedRole',
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`,
  principalId: 'AROAEXAMPLE:alice',
  userName: null,
  accessKeyId: 'ASIAEXAMPLE',
  session: { v: 1, kind: 'role', acct: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`, uid: 'AROAEXAMPLE:alice', roleId: 'AROAEXAMPLE', roleName: 'Admin', roleArn: `arn:aws:iam::${ACCOUNT}:role/Admin`, mfa: true, iat, exp: iat + 3600 } as never,
};

describe('userIdentity', () => {
  it('of the root user, an IAM user and a role session', () => {
    expect(userIdentityOf({ type: 'Account', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT, userName: null, accessKeyId: 'AKIAROOT' })).toEqual({
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAROOT',
    });
    expect(userIdentityOf({ type: 'User', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/a/bob`, principalId: 'AIDABOB', userName: 'bob', accessKeyId: 'AKIABOB' })).toEqual({
      type: 'IAMUser',
      principalId: 'AIDABOB',
      arn: `arn:aws:iam::${ACCOUNT}:user/a/bob`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIABOB',
      userName: 'bob',
    });
    expect(userIdentityOf(roleSession)).toEqual({
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:alice',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/Admin`, accountId: ACCOUNT, userName: 'Admin' },
        webIdFederationData: {},
        attributes: { creationDate: '2026-12-02T12:00:00Z', mfaAuthenticated: 'true' },
      },
    });
  });

  it("of a console session: the sign-in's time and MFA", () => {
    const id = userIdentityOf({ type: 'User', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/bob`, principalId: 'AIDABOB', userName: 'bob', accessKeyId: '', console: { passwordVersion: 'v', issuedAt: iat } });
    expect(id.accessKeyId).toBe('');
    expect(id.sessionContext).toEqual({ attributes: { creationDate: '2026-12-02T12:00:00Z', mfaAuthenticated: 'false' } });
  });

  it("gives LookupEvents' Username: the user's name, the role session's name, root", () => {
    expect(lookupUsernameOf(userIdentityOf(roleSession))).toBe('alice');
    expect(lookupUsernameOf({ type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` })).toBe('root');
    expect(lookupUsernameOf({ type: 'IAMUser', userName: 'bob' })).toBe('bob');
    expect(lookupUsernameOf({ type: 'Unknown' })).toBeNull();
  });
});

describe('parameters', () => {
  it('renames members, hides secrets at any depth, and writes dates as IAM events do', () => {
    expect(
      cloudTrailMembers({
        UserName: 'bob',
        Password: 'hunter2',
        AccessKey: { AccessKeyId: 'AKIA1', SecretAccessKey: 's3cr3t', CreateDate: new Date(Date.UTC(2026, 0, 5, 0, 7, 9)) },
        Credentials: [{ SessionToken: 't' }],
        Seed: new Uint8Array([1, 2]),
        Skipped: undefined,
      }),
    ).toEqual({
      userName: 'bob',
      password: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      accessKey: { accessKeyId: 'AKIA1', secretAccessKey: 'HIDDEN_DUE_TO_SECURITY_REASONS', createDate: 'Jan 5, 2026, 12:07:09 AM' },
      credentials: [{ sessionToken: 'HIDDEN_DUE_TO_SECURITY_REASONS' }],
      seed: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    });
    expect(cloudTrailDate(new Date(Date.UTC(2026, 11, 2, 13, 1, 55)))).toBe('Dec 2, 2026, 1:01:55 PM');
    expect(cloudTrailDate(new Date(Date.UTC(2026, 11, 2, 12, 0, 0)))).toBe('Dec 2, 2026, 12:00:00 PM');
  });
});

describe('the record', () => {
  const call = (over: Partial<AuditedCall> = {}): AuditedCall => ({
    eventId: '3f1f2a3c-0000-4000-8000-000000000001',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    identity: userIdentityOf(roleSession),
    recipientAccountId: ACCOUNT,
    facts: { requestId: 'req-1', now: new Date(Date.UTC(2026, 11, 2, 13, 1, 55, 123)), region: 'us-east-1', sourceIp: '192.0.2.7', userAgent: 'aws-cli/1.45' },
    request: { UserName: 'carol' },
    response: { User: { UserName: 'carol', UserId: 'AIDACAROL' } },
    readOnly: false,
    resources: [{ type: 'AWS::IAM::User', name: 'carol' }],
    ...over,
  });

  it("has CloudTrail's envelope; a successful write keeps its response", () => {
    const event = cloudTrailEventOf(call());
    expect(event).toMatchObject({
      eventVersion: '1.11',
      eventTime: '2026-12-02T13:01:55Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.7',
      userAgent: 'aws-cli/1.45',
      requestParameters: { userName: 'carol' },
      responseElements: { user: { userName: 'carol', userId: 'AIDACAROL' } },
      requestID: 'req-1',
      eventID: '3f1f2a3c-0000-4000-8000-000000000001',
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
    expect(event).not.toHaveProperty('errorCode');
  });

  it('drops the response of a failure and of a read, and says where nothing was observed', () => {
    const failed = cloudTrailEventOf(call({ error: { code: 'EntityAlreadyExists', message: 'User with name carol already exists.' } }));
    expect(failed.responseElements).toBeNull();
    expect([failed.errorCode, failed.errorMessage]).toEqual(['EntityAlreadyExists', 'User with name carol already exists.']);
    const read = cloudTrailEventOf(call({ eventName: 'GetUser', readOnly: true, request: {}, facts: { ...call().facts, sourceIp: null, userAgent: null } }));
    expect([read.responseElements, read.requestParameters, read.sourceIPAddress, read.userAgent]).toEqual([null, null, 'AWS Internal', 'AWS Internal']);
  });

  it('is stored with its searchable columns and the millisecond it happened', () => {
    const stored = auditEventOf(call());
    expect(stored).toEqual(storedEventOf(cloudTrailEventOf(call()), [{ type: 'AWS::IAM::User', name: 'carol' }], call().facts.now));
    expect(stored).toMatchObject({ eventTimeMs: Date.UTC(2026, 11, 2, 13, 1, 55, 123), username: 'alice', accessKeyId: 'ASIAEXAMPLE', readOnly: false, eventName: 'CreateUser' });
    expect(JSON.parse(stored.record).eventID).toBe(stored.eventId);
  });
});
