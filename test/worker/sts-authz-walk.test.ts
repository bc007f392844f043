/**
 * The STS side of the table walk (issue 7 §2): for sts:AssumeRole, every condition key the Service
 * Authorization Reference lists for it and its `role` resource type that a signed AssumeRole carries, a
 * caller allowed `sts:*` but denied sts:AssumeRole on that key, with a value the request carries, is
 * refused; the same call without the Deny succeeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { targetConditionKeys } from '../../src/services/authz-resources';
import { call, iamOk, newAccount, policy, userWithKey, type Keys } from './support';

/** Keys set from a web identity token or SAML assertion: a signed AssumeRole by an IAM user carries none. */
const FEDERATED = /^(accounts\.google\.com|cognito-identity\.amazonaws\.com|graph\.facebook\.com|www\.amazon\.com|saml):/;

const CONDITIONS: Record<string, object> = {
  'aws:RequestTag/${TagKey}': { StringEquals: { 'aws:RequestTag/team': 'red' } },
  'aws:TagKeys': { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } },
  'aws:ResourceTag/${TagKey}': { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
  'iam:ResourceTag/${TagKey}': { StringEquals: { 'iam:ResourceTag/env': 'prod' } },
  'sts:ExternalId': { StringEquals: { 'sts:ExternalId': 'ext-1' } },
  'sts:RoleSessionName': { StringEquals: { 'sts:RoleSessionName': 'walk-session' } },
  'sts:SourceIdentity': { StringEquals: { 'sts:SourceIdentity': 'walker-id' } },
  'sts:TransitiveTagKeys': { 'ForAnyValue:StringEquals': { 'sts:TransitiveTagKeys': 'team' } },
};

const KEYS = (targetConditionKeys('sts:AssumeRole', 'role') ?? []).filter((k) => !FEDERATED.test(k));

describe('sts:AssumeRole authorizes with every key the reference lists for it', { timeout: 60_000 }, () => {
  let root: Keys;
  let caller: Keys;
  let roleArn: string;
  const put = async (statements: object[]) => {
    const r = await call(root, 'PutUserPolicy', { UserName: 'walker', PolicyName: 'walk', PolicyDocument: policy(...statements) });
    expect(r.status).toBe(200);
    return r.headers.get('x-iam-bookmark');
  };
  const assume = (bookmark: string | null) =>
    call(
      caller,
      'AssumeRole',
      {
        RoleArn: roleArn,
        RoleSessionName: 'walk-session',
        ExternalId: 'ext-1',
        SourceIdentity: 'walker-id',
        'Tags.member.1.Key': 'team',
        'Tags.member.1.Value': 'red',
        'TransitiveTagKeys.member.1': 'team',
      },
      'sts',
      bookmark ? { 'x-iam-bookmark': bookmark } : {},
    );
  const allow = { Effect: 'Allow', Action: 'sts:*', Resource: '*' };

  beforeAll(async () => {
    const account = await newAccount();
    root = account.root;
    caller = await userWithKey(root, 'walker');
    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account.accountId}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] });
    await iamOk(root, 'CreateRole', { RoleName: 'walk-role', AssumeRolePolicyDocument: trust, 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': 'prod' });
    roleArn = `arn:aws:iam::${account.accountId}:role/walk-role`;
  });

  it('walks every knowable key, each with a Deny condition', () => {
    expect(KEYS.length).toBeGreaterThanOrEqual(8);
    expect(KEYS.filter((k) => !CONDITIONS[k])).toEqual([]);
  });

  it('the call without a Deny succeeds', async () => {
    expect((await assume(await put([allow]))).status).toBe(200);
  });

  it('a Deny conditioned on each key refuses it', async () => {
    const notDenied: string[] = [];
    for (const key of KEYS) {
      const r = await assume(await put([allow, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: CONDITIONS[key] }]));
      if (r.error?.Code !== 'AccessDenied') notDenied.push(`${key}: ${r.status} ${r.error?.Code ?? 'OK'}`);
    }
    expect(notDenied).toEqual([]);
  });
});

describe('sts:GetFederationToken authorizes with every key the reference lists for it', { timeout: 60_000 }, () => {
  it('a Deny on each of aws:RequestTag/<key>, aws:TagKeys refuses it; without the Deny it succeeds', async () => {
    const { root } = await newAccount();
    const caller = await userWithKey(root, 'fed');
    const put = async (statements: object[]) => {
      const r = await call(root, 'PutUserPolicy', { UserName: 'fed', PolicyName: 'walk', PolicyDocument: policy(...statements) });
      expect(r.status).toBe(200);
      return r.headers.get('x-iam-bookmark');
    };
    const federate = (bookmark: string | null) =>
      call(caller, 'GetFederationToken', { Name: 'walk-fed', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' }, 'sts', bookmark ? { 'x-iam-bookmark': bookmark } : {});
    const allow = { Effect: 'Allow', Action: 'sts:*', Resource: '*' };
    const keys = targetConditionKeys('sts:GetFederationToken', 'federated-user') ?? [];
    expect(keys).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys']);
    expect((await federate(await put([allow]))).status).toBe(200);
    const notDenied: string[] = [];
    for (const key of keys) {
      const r = await federate(await put([allow, { Effect: 'Deny', Action: 'sts:GetFederationToken', Resource: '*', Condition: CONDITIONS[key] }]));
      if (r.error?.Code !== 'AccessDenied') notDenied.push(`${key}: ${r.status} ${r.error?.Code ?? 'OK'}`);
    }
    expect(notDenied).toEqual([]);
  });
});
