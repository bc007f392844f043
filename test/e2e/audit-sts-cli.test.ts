/**
 * STS calls made with the real AWS CLI (v1) land in the account's trail through the audit queue, and the
 * CLI reads them back with `aws cloudtrail lookup-events`: the CLI's own user agent, the credentials'
 * key id without the secret, a refusal with its error code, and a request whose signature does not match.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { userWithKey } from './support/aws';
import { createAccountWithRootKeys, iamClient, runAwsCli, type Credentials } from './support/clients';
import { createRole, policy, putUserPolicy, trustAccount } from './support/sts';

let accountId: string;
let root: Credentials;
let user: Awaited<ReturnType<typeof userWithKey>>;
let roleArn: string;

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
  const iam = iamClient(root);
  roleArn = await createRole(iam, 'trail-reader', trustAccount(accountId), policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
  user = await userWithKey(iam, 'trail-user');
  await putUserPolicy(iam, 'trail-user', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }));
});

const cli = (args: string[], creds: Credentials) => runAwsCli(args, creds);

/** `aws cloudtrail lookup-events` as root by one attribute, polled until `count` events are there (newest first). */
async function lookup(key: string, value: string, count: number): Promise<any[]> {
  for (let i = 0; ; i++) {
    const r = await cli(['cloudtrail', 'lookup-events', '--lookup-attributes', `AttributeKey=${key},AttributeValue=${value}`], root);
    expect(r.code, r.stderr).toBe(0);
    const events = (r.json as { Events: any[] }).Events;
    if (events.length >= count || i >= 20) return events;
    await new Promise((res) => setTimeout(res, 500));
  }
}

describe('STS through the CLI, read back with aws cloudtrail lookup-events', () => {
  it('records get-caller-identity, assume-role and a refused assume-role with the CLI facts; no secret', async () => {
    const who = await cli(['sts', 'get-caller-identity'], user.credentials);
    expect(who.code, who.stderr).toBe(0);
    const assumed = await cli(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli-audit'], user.credentials);
    expect(assumed.code, assumed.stderr).toBe(0);
    const refused = await cli(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${accountId}:role/none`, '--role-session-name', 'x1'], user.credentials);
    expect(refused.stderr).toContain('AccessDenied');

    const events = await lookup('EventSource', 'sts.amazonaws.com', 3);
    expect(events.map((e) => e.EventName)).toEqual(['AssumeRole', 'AssumeRole', 'GetCallerIdentity']);
    expect(events.every((e) => e.Username === 'trail-user' && e.AccessKeyId === user.credentials.accessKeyId)).toBe(true);
    const [fail, ok, identity] = events.map((e) => JSON.parse(e.CloudTrailEvent));
    expect(identity).toMatchObject({ eventSource: 'sts.amazonaws.com', readOnly: true, userIdentity: { type: 'IAMUser', userName: 'trail-user', arn: user.arn }, recipientAccountId: accountId });
    expect(identity.userAgent).toMatch(/^aws-cli\//);
    const creds = (assumed.json as any).Credentials;
    expect(ok.responseElements.credentials.accessKeyId).toBe(creds.AccessKeyId);
    expect(ok.responseElements.assumedRoleUser.arn).toBe(`arn:aws:sts::${accountId}:assumed-role/trail-reader/cli-audit`);
    expect(events.find((e) => e.EventName === 'AssumeRole' && e.Resources.length)?.Resources).toEqual([{ ResourceType: 'AWS::IAM::Role', ResourceName: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//) }]);
    expect(fail).toMatchObject({ errorCode: 'AccessDenied', responseElements: null });
    const all = JSON.stringify(events);
    expect(all).not.toContain(creds.SecretAccessKey);
    expect(all).not.toContain(creds.SessionToken);
  });

  it('records a request whose signature does not match in the key account', async () => {
    const forged = await cli(['iam', 'list-users'], { ...user.credentials, secretAccessKey: 'x'.repeat(40) });
    expect(forged.stderr).toContain('SignatureDoesNotMatch');
    const [event] = await lookup('EventName', 'ListUsers', 1);
    expect(JSON.parse(event.CloudTrailEvent)).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      errorCode: 'SignatureDoesNotMatch',
      userIdentity: { type: 'IAMUser', userName: 'trail-user', accessKeyId: user.credentials.accessKeyId },
      requestParameters: null,
    });
  });
});
