/**
 * AWS's whole catalog of AWS-managed policies (catalog/aws-managed-policies/, seeded into D1 as `npm start`
 * seeds it), read from storage by the account object (IAM actions, enforcement, the simulator) and by the
 * isolate (STS's decisions and PolicyArns): listing, documents, attachment by ARN as infrastructure code
 * does, and decisions made from the attached documents.
 * Spec: IAM User Guide, "AWS managed policies"; IAM API Reference, ListPolicies (Scope=AWS, MaxItems up to
 * 1,000, Marker), GetPolicyVersion (the document URL-encoded), AttachUserPolicy (NoSuchEntity "Policy … does
 * not exist or is not attachable.").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { awsManagedArtefact, call, iamOk, newAccount, seedFullAwsManagedCatalog, userWithKey, type Keys } from './support';

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const S3_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);
const artefact = awsManagedArtefact();

let accountId: string;
let root: Keys;
let alice: Keys;

beforeAll(async () => {
  await seedFullAwsManagedCatalog();
  ({ accountId, root } = await newAccount());
  alice = await userWithKey(root, 'alice');
  await iamOk(root, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: READ_ONLY });
  await iamOk(root, 'CreateUser', { UserName: 'bob' });
  await iamOk(root, 'AttachUserPolicy', { UserName: 'bob', PolicyArn: S3_READ_ONLY });
});

describe('the AWS-managed policy catalog', () => {
  it('lists every policy of the artefact with Scope=AWS, page by page, in IAM order', async () => {
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const r = await iamOk(root, 'ListPolicies', { Scope: 'AWS', MaxItems: '500', ...(marker ? { Marker: marker } : {}) });
      const page = members(r.Policies);
      expect(page.length).toBeLessThanOrEqual(500);
      names.push(...page.map((p: any) => p.PolicyName));
      marker = r.IsTruncated === 'true' ? r.Marker : undefined;
      pages++;
    } while (marker && pages < 10);
    const expected = [...artefact.keys()].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(expected.length).toBeGreaterThan(1_300);
    expect(pages).toBe(Math.ceil(expected.length / 500));
    expect(names).toEqual(expected);
  });

  it('describes a policy under a path with the artefact’s version and dates, and its document exactly', async () => {
    const lambda = artefact.get('AWSLambdaBasicExecutionRole')!;
    const got = (await iamOk(root, 'GetPolicy', { PolicyArn: LAMBDA_BASIC })).Policy;
    expect(got).toMatchObject({
      PolicyName: 'AWSLambdaBasicExecutionRole',
      Arn: LAMBDA_BASIC,
      Path: '/service-role/',
      DefaultVersionId: lambda.defaultVersionId,
      AttachmentCount: '0',
      IsAttachable: 'true',
      CreateDate: lambda.createDate.replace('.000Z', 'Z'),
      UpdateDate: lambda.updateDate.replace('.000Z', 'Z'),
    });
    // ReadOnlyAccess (about 90 KB) is seeded in parts: the document read back is the artefact's text.
    const ro = artefact.get('ReadOnlyAccess')!;
    const v = (await iamOk(root, 'GetPolicyVersion', { PolicyArn: READ_ONLY, VersionId: ro.defaultVersionId })).PolicyVersion;
    expect(v.IsDefaultVersion).toBe('true');
    expect(decodeURIComponent(v.Document)).toBe(ro.document);
  });

  it('attaches any policy by ARN, a service-role one to a role too; an unknown AWS ARN is NoSuchEntity', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iamOk(root, 'CreateRole', { RoleName: 'fn', AssumeRolePolicyDocument: trust });
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'fn', PolicyArn: LAMBDA_BASIC });
    const attached = members((await iamOk(root, 'ListAttachedRolePolicies', { RoleName: 'fn' })).AttachedPolicies);
    expect(attached).toEqual([{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: LAMBDA_BASIC }]);
    const unknown = 'arn:aws:iam::aws:policy/NoSuchManagedPolicyAnywhere';
    const r = await call(root, 'AttachUserPolicy', { UserName: 'bob', PolicyArn: unknown });
    expect([r.status, r.error?.Code, r.error?.Message]).toEqual([404, 'NoSuchEntity', `Policy ${unknown} does not exist or is not attachable.`]);
  });

  it('enforces ReadOnlyAccess attached to a user: reads allowed, writes denied', async () => {
    expect((await call(alice, 'ListUsers')).status).toBe(200);
    const denied = await call(alice, 'CreateUser', { UserName: 'mallory' });
    expect([denied.status, denied.error?.Code]).toEqual([403, 'AccessDenied']);
    expect(denied.error?.Message).toBe(
      `User: arn:aws:iam::${accountId}:user/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${accountId}:user/mallory because no identity-based policy allows the iam:CreateUser action`,
    );
  });

  it('decides from AmazonS3ReadOnlyAccess in the simulator: s3:GetObject allowed, s3:PutObject and IAM denied', async () => {
    const r = await iamOk(root, 'SimulatePrincipalPolicy', {
      PolicySourceArn: `arn:aws:iam::${accountId}:user/bob`,
      'ActionNames.member.1': 's3:GetObject',
      'ActionNames.member.2': 's3:PutObject',
      'ActionNames.member.3': 'iam:ListUsers',
      'ResourceArns.member.1': 'arn:aws:s3:::bucket/key',
    });
    const results = members(r.EvaluationResults);
    expect(results.map((e: any) => [e.EvalActionName, e.EvalDecision])).toEqual([
      ['s3:GetObject', 'allowed'],
      ['s3:PutObject', 'implicitDeny'],
      ['iam:ListUsers', 'implicitDeny'],
    ]);
    expect(members(results[0].MatchedStatements)[0]).toMatchObject({ SourcePolicyId: 'AmazonS3ReadOnlyAccess', SourcePolicyType: 'aws-managed' });
  });

  it('decides in the isolate from the catalog too: ReadOnlyAccess allows sts:GetAccessKeyInfo; a catalog policy is taken as PolicyArns', async () => {
    // STS runs in the isolate, from the D1 read model: alice's ReadOnlyAccess allows it, bob's S3 policy does not.
    const info = await call(alice, 'GetAccessKeyInfo', { AccessKeyId: alice.accessKeyId }, 'sts');
    expect([info.status, info.result?.Account]).toEqual([200, accountId]);
    const bob = await iamOk(root, 'CreateAccessKey', { UserName: 'bob' });
    const bobKeys = { accessKeyId: bob.AccessKey.AccessKeyId, secretAccessKey: bob.AccessKey.SecretAccessKey };
    const denied = await call(bobKeys, 'GetAccessKeyInfo', { AccessKeyId: alice.accessKeyId }, 'sts');
    expect([denied.status, denied.error?.Code]).toEqual([403, 'AccessDenied']);
    // GetFederationToken's PolicyArns are looked up in the catalog, in the isolate.
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'federate', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }] }) });
    const ok = await call(alice, 'GetFederationToken', { Name: 'reader', 'PolicyArns.member.1.arn': S3_READ_ONLY }, 'sts');
    expect(ok.status).toBe(200);
    const unknown = await call(alice, 'GetFederationToken', { Name: 'reader', 'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/NoSuchManagedPolicyAnywhere' }, 'sts');
    expect([unknown.status, unknown.error?.Code]).toEqual([400, 'InvalidParameterValue']);
  });

  it('lists only the AWS-managed policies in use in GetAccountAuthorizationDetails and ListPolicies OnlyAttached', async () => {
    const details = await iamOk(root, 'GetAccountAuthorizationDetails', { 'Filter.member.1': 'AWSManagedPolicy' });
    expect(members(details.Policies).map((p: any) => p.PolicyName)).toEqual(['AmazonS3ReadOnlyAccess', 'AWSLambdaBasicExecutionRole', 'ReadOnlyAccess']);
    const attached = await iamOk(root, 'ListPolicies', { Scope: 'AWS', OnlyAttached: 'true' });
    expect(members(attached.Policies).map((p: any) => [p.PolicyName, p.AttachmentCount])).toEqual([
      ['AmazonS3ReadOnlyAccess', '1'],
      ['AWSLambdaBasicExecutionRole', '1'],
      ['ReadOnlyAccess', '1'],
    ]);
  });
});
