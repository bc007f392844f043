/**
 * Policy documents validated as IAM validates them, through the Worker: managed policies need Version
 * 2012-10-17 while inline ones may omit it; refusals are MalformedPolicyDocument (HTTP 400) with IAM's
 * message and change nothing; a short resource ARN is accepted and padded for evaluation.
 * Spec: IAM User Guide "IAM JSON policy elements: Version"; the per-case sources of
 * test/unit/policy/validator-corpus.json.
 */
import { describe, expect, it } from 'vitest';
import { call, federatingUser, iamOk, newAccount, userWithKey } from './support';

const TIMEOUT = 20_000;
const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);
const statement = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' };

describe('policy documents validated as IAM validates them', () => {
  it("CreatePolicy refuses with IAM's message and creates nothing", async () => {
    const { root } = await newAccount();
    const refusals: [string, unknown][] = [
      ['Policy document must be version 2012-10-17 or greater.', { Statement: statement }],
      ['Policy document must be version 2012-10-17 or greater.', { Version: '2008-10-17', Statement: statement }],
      ['Syntax errors in policy.', { Version: '2013-10-17', Statement: statement }],
      ['Policy statement must contain actions.', { Version: '2012-10-17', Statement: { ...statement, Action: [] } }],
      ['IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.', { Version: '2012-10-17', Statement: { ...statement, Resource: 'arn:aws:iam:us-east-1::example_bucket' } }],
      ['The policy failed legacy parsing', { Version: '2012-10-17', Statement: { ...statement, Effect: 'allow' } }],
    ];
    for (const [message, document] of refusals) {
      const r = await call(root, 'CreatePolicy', { PolicyName: 'Refused', PolicyDocument: JSON.stringify(document) });
      expect(r.status).toBe(400);
      expect(r.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: message });
    }
    expect(members((await iamOk(root, 'ListPolicies', { Scope: 'Local' })).Policies)).toEqual([]);
  }, TIMEOUT);

  it('CreatePolicyVersion needs Version 2012-10-17 too; documents AWS accepts are accepted', async () => {
    const { root } = await newAccount();
    const accepted = {
      Version: '2012-10-17',
      Statement: [
        { ...statement, Action: 's3.s:ListBucket', Condition: { StringEquals: { a: 'b' }, NotAnOperator: {} } },
        { Effect: 'Allow', Action: 'svc:Do', Resource: 'arn:aws:svc' },
      ],
    };
    const arn = (await iamOk(root, 'CreatePolicy', { PolicyName: 'Accepted', PolicyDocument: JSON.stringify(accepted) })).Policy.Arn;
    const old = await call(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: JSON.stringify({ Statement: statement }) });
    expect(old.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Policy document must be version 2012-10-17 or greater.' });
    const versions = members((await iamOk(root, 'ListPolicyVersions', { PolicyArn: arn })).Versions);
    expect(versions.map((v: any) => v.VersionId)).toEqual(['v1']);
  }, TIMEOUT);

  it('inline policies may omit Version or use 2008-10-17', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'u' });
    const noVersion = JSON.stringify({ Statement: statement });
    await iamOk(root, 'PutUserPolicy', { UserName: 'u', PolicyName: 'no-version', PolicyDocument: noVersion });
    await iamOk(root, 'PutUserPolicy', { UserName: 'u', PolicyName: 'old', PolicyDocument: JSON.stringify({ Version: '2008-10-17', Statement: statement }) });
    const got = await iamOk(root, 'GetUserPolicy', { UserName: 'u', PolicyName: 'no-version' });
    expect(decodeURIComponent(got.PolicyDocument)).toBe(noVersion);
    const unknown = await call(root, 'PutUserPolicy', { UserName: 'u', PolicyName: 'x', PolicyDocument: JSON.stringify({ Version: '2013-10-17', Statement: statement }) });
    expect(unknown.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Syntax errors in policy.' });
    expect(members((await iamOk(root, 'ListUserPolicies', { UserName: 'u' })).PolicyNames).sort()).toEqual(['no-version', 'old']);
  }, TIMEOUT);

  it('session policies: Version optional, a Principal and a bad date refused with IAM messages', async () => {
    const { root } = await newAccount();
    const { federate: federateText } = await federatingUser(root);
    const federate = (policyDocument: unknown) => federateText(JSON.stringify(policyDocument));
    const session = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    expect((await federate({ Statement: session })).status).toBe(200);
    const principal = await federate({ Version: '2012-10-17', Statement: { ...session, Principal: '*' } });
    expect(principal.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Policy document should not specify a principal.' });
    const date = await federate({ Version: '2012-10-17', Statement: { ...session, Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } } });
    expect(date.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'The policy failed legacy parsing' });
  }, TIMEOUT);

  it('a short resource ARN is padded with * when the policy is evaluated', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    // "arn:aws:iam:" stands for arn:aws:iam::*:* — it covers alice's own user ARN.
    const short = JSON.stringify({ Statement: { Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam:' } });
    expect((await call(alice, 'GetUser', { UserName: 'alice' })).error?.Code).toBe('AccessDenied');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'short', PolicyDocument: short });
    const r = await call(alice, 'GetUser', { UserName: 'alice' });
    expect(r.status).toBe(200);
  }, TIMEOUT);
});
