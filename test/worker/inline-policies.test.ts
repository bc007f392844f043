/**
 * Inline policies of users and groups, and users' permissions boundaries, through the Worker: AWS's
 * semantics, errors, size quotas, URL-encoded documents and pagination.
 * Spec: IAM API Reference (PutUserPolicy, GetUserPolicy, … PutUserPermissionsBoundary); "IAM and AWS STS quotas".
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, type Keys } from './support';

/** Generous: these tests make tens of signed calls, and CI machines are shared. */
const TIMEOUT = 20_000;

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

const allow = (action = 's3:GetObject', resource = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

/** A compact (white-space-free) identity policy of exactly `size` characters. */
function docOfSize(size: number): string {
  const base = allow('s3:GetObject', 'arn:aws:s3:::');
  if (size < base.length) throw new Error(`smallest document is ${base.length}`);
  const doc = allow('s3:GetObject', `arn:aws:s3:::${'b'.repeat(size - base.length)}`);
  expect(doc.length).toBe(size);
  return doc;
}

/** Follows Marker pages of a List*Policies action and returns every name. */
async function allNames(root: Keys, action: string, params: Record<string, string>, maxItems: number): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await iamOk(root, action, { ...params, MaxItems: String(maxItems), ...(marker ? { Marker: marker } : {}) });
    names.push(...members(page.PolicyNames));
    if (page.IsTruncated !== 'true') return names;
    marker = page.Marker;
  }
  throw new Error('too many pages');
}

const ENTITIES = [
  { noun: 'User', member: 'UserName', create: 'CreateUser', quota: 2048, kind: 'user' },
  { noun: 'Group', member: 'GroupName', create: 'CreateGroup', quota: 5120, kind: 'group' },
] as const;

for (const e of ENTITIES) {
  describe(`${e.noun} inline policies`, { timeout: TIMEOUT }, () => {
    it(`puts, gets (URL-encoded), replaces, lists and deletes ${e.kind} policies`, async () => {
      const { root } = await newAccount();
      await iamOk(root, e.create, { [e.member]: 'Owner' });
      // White space, newlines and RFC 3986 reserved characters survive the round trip as submitted.
      const document = `{
  "Version": "2012-10-17",
  "Statement": [ { "Sid": "Read1", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
    "Resource": "arn:aws:s3:::bucket/it's (mine)!/*",
    "Condition": { "StringLike": { "aws:UserAgent": "a+b=c & d~e;f" } } } ]
}`;
      await iamOk(root, `Put${e.noun}Policy`, { [e.member]: 'owner', PolicyName: 'ReadOnly', PolicyDocument: document });
      const got = await iamOk(root, `Get${e.noun}Policy`, { [e.member]: 'OWNER', PolicyName: 'ReadOnly' });
      expect(got[e.member]).toBe('Owner');
      expect(got.PolicyName).toBe('ReadOnly');
      expect(got.PolicyDocument).not.toMatch(/[\s!'()*"{}:&;+=]/);
      expect(got.PolicyDocument).toContain('%28mine%29%21%2F%2A');
      expect(decodeURIComponent(got.PolicyDocument)).toBe(document);

      await iamOk(root, `Put${e.noun}Policy`, { [e.member]: 'Owner', PolicyName: 'ReadOnly', PolicyDocument: allow('s3:ListBucket') });
      const replaced = await iamOk(root, `Get${e.noun}Policy`, { [e.member]: 'Owner', PolicyName: 'ReadOnly' });
      expect(JSON.parse(decodeURIComponent(replaced.PolicyDocument)).Statement[0].Action).toBe('s3:ListBucket');

      for (const name of ['b-policy', 'A_policy', 'c.policy', 'Zeta']) {
        await iamOk(root, `Put${e.noun}Policy`, { [e.member]: 'Owner', PolicyName: name, PolicyDocument: allow() });
      }
      const everything = ['A_policy', 'ReadOnly', 'Zeta', 'b-policy', 'c.policy'];
      expect(members((await iamOk(root, `List${e.noun}Policies`, { [e.member]: 'owner' })).PolicyNames)).toEqual(everything);
      expect(await allNames(root, `List${e.noun}Policies`, { [e.member]: 'Owner' }, 2)).toEqual(everything);
      const first = await iamOk(root, `List${e.noun}Policies`, { [e.member]: 'Owner', MaxItems: '3' });
      expect(first.IsTruncated).toBe('true');
      expect(members(first.PolicyNames)).toHaveLength(3);

      await iamOk(root, `Delete${e.noun}Policy`, { [e.member]: 'Owner', PolicyName: 'ReadOnly' });
      const gone = await call(root, `Get${e.noun}Policy`, { [e.member]: 'Owner', PolicyName: 'ReadOnly' });
      expect(gone.status).toBe(404);
      expect(gone.error).toMatchObject({ Code: 'NoSuchEntity', Message: `The ${e.kind} policy with name ReadOnly cannot be found.` });
      const again = await call(root, `Delete${e.noun}Policy`, { [e.member]: 'Owner', PolicyName: 'ReadOnly' });
      expect(again.error).toMatchObject({ Code: 'NoSuchEntity', Message: `The ${e.kind} policy with name ReadOnly cannot be found.` });
      expect(members((await iamOk(root, `List${e.noun}Policies`, { [e.member]: 'Owner' })).PolicyNames)).toHaveLength(4);
    });

    it(`answers NoSuchEntity for an unknown ${e.kind}, and refuses bad names and markers`, async () => {
      const { root } = await newAccount();
      const missing = `The ${e.kind} with name ghost cannot be found.`;
      for (const action of ['Put', 'Get', 'Delete']) {
        const params: Record<string, string> = { [e.member]: 'ghost', PolicyName: 'p' };
        if (action === 'Put') params.PolicyDocument = allow();
        const r = await call(root, `${action}${e.noun}Policy`, params);
        expect(r.status).toBe(404);
        expect(r.error).toMatchObject({ Code: 'NoSuchEntity', Message: missing });
      }
      expect((await call(root, `List${e.noun}Policies`, { [e.member]: 'ghost' })).error).toMatchObject({ Code: 'NoSuchEntity', Message: missing });
      await iamOk(root, e.create, { [e.member]: 'real' });
      const badName = await call(root, `Put${e.noun}Policy`, { [e.member]: 'real', PolicyName: 'no/slash', PolicyDocument: allow() });
      expect(badName.status).toBe(400);
      expect(badName.error?.Code).toBe('ValidationError');
      const noDoc = await call(root, `Put${e.noun}Policy`, { [e.member]: 'real', PolicyName: 'p' });
      expect(noDoc.error?.Code).toBe('ValidationError');
      expect((await call(root, `List${e.noun}Policies`, { [e.member]: 'real', Marker: '!!' })).error?.Code).toBe('ValidationError');
    });

    it(`refuses malformed documents with IAM's messages`, async () => {
      const { root } = await newAccount();
      await iamOk(root, e.create, { [e.member]: 'strict' });
      const put = (doc: string) => call(root, `Put${e.noun}Policy`, { [e.member]: 'strict', PolicyName: 'p', PolicyDocument: doc });
      const syntax = await put('{ not json');
      expect(syntax.status).toBe(400);
      expect(syntax.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Syntax errors in policy.' });
      const principal = await put(
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }),
      );
      expect(principal.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Policy document should not specify a principal.' });
      const noResource = await put(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*' }] }));
      expect(noResource.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Policy statement must contain resources.' });
      const noVendor = await put(allow('GetObject'));
      expect(noVendor.error?.Message).toBe('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
      expect(members((await iamOk(root, `List${e.noun}Policies`, { [e.member]: 'strict' })).PolicyNames)).toEqual([]);
    });

    it(`limits the aggregate size of a ${e.kind}'s inline policies to ${e.quota} characters without white space`, async () => {
      const { root } = await newAccount();
      await iamOk(root, e.create, { [e.member]: 'Big' });
      const put = (name: string, doc: string) =>
        call(root, `Put${e.noun}Policy`, { [e.member]: 'big', PolicyName: name, PolicyDocument: doc });
      const half = Math.floor(e.quota / 2);
      expect((await put('one', docOfSize(half))).status).toBe(200);
      expect((await put('two', docOfSize(e.quota - half))).status).toBe(200); // exactly at the quota
      const over = await put('three', docOfSize(200));
      expect(over.status).toBe(409);
      expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: `Maximum policy size of ${e.quota} bytes exceeded for ${e.kind} Big` });
      // Replacing a policy counts the new text instead of the old one.
      expect((await put('one', docOfSize(half))).status).toBe(200);
      expect((await put('one', docOfSize(half + 1))).error?.Code).toBe('LimitExceeded');
      expect((await put('one', docOfSize(half - 50))).status).toBe(200);
      expect((await put('three', docOfSize(200))).error?.Code).toBe('LimitExceeded');
      // White space outside strings is not counted.
      const spaced = docOfSize(150).replace(/,/g, `,\n\t${' '.repeat(e.quota / 4)}`).replace(/":/g, '" :  ');
      expect(spaced.length + (e.quota - half)).toBeGreaterThan(e.quota);
      expect((await put('one', spaced)).status).toBe(200);
      expect(members((await iamOk(root, `List${e.noun}Policies`, { [e.member]: 'Big' })).PolicyNames)).toEqual(['one', 'two']);
    });
  });
}

describe('inline policies and other entities', { timeout: TIMEOUT }, () => {
  it('keeps user and group policies of the same name apart, and a renamed user keeps its policies', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'same' });
    await iamOk(root, 'CreateGroup', { GroupName: 'same' });
    await iamOk(root, 'PutUserPolicy', { UserName: 'same', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') });
    await iamOk(root, 'PutGroupPolicy', { GroupName: 'same', PolicyName: 'p', PolicyDocument: allow('ec2:RunInstances') });
    const u = await iamOk(root, 'GetUserPolicy', { UserName: 'same', PolicyName: 'p' });
    const g = await iamOk(root, 'GetGroupPolicy', { GroupName: 'same', PolicyName: 'p' });
    expect(decodeURIComponent(u.PolicyDocument)).toBe(allow('s3:GetObject'));
    expect(decodeURIComponent(g.PolicyDocument)).toBe(allow('ec2:RunInstances'));
    await iamOk(root, 'UpdateUser', { UserName: 'same', NewUserName: 'renamed' });
    expect(members((await iamOk(root, 'ListUserPolicies', { UserName: 'renamed' })).PolicyNames)).toEqual(['p']);
    await iamOk(root, 'DeleteGroupPolicy', { GroupName: 'same', PolicyName: 'p' });
    expect(members((await iamOk(root, 'ListUserPolicies', { UserName: 'renamed' })).PolicyNames)).toEqual(['p']);
  });
});

describe('permissions boundaries', { timeout: TIMEOUT }, () => {
  const power = 'arn:aws:iam::aws:policy/PowerUserAccess';
  const readOnly = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';

  it('sets, replaces and removes an AWS-managed boundary; GetUser shows it', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'bounded' });
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'BOUNDED', PermissionsBoundary: power });
    const got = await iamOk(root, 'GetUser', { UserName: 'bounded' });
    expect(got.User.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: power });
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'bounded', PermissionsBoundary: readOnly });
    expect((await iamOk(root, 'GetUser', { UserName: 'bounded' })).User.PermissionsBoundary.PermissionsBoundaryArn).toBe(readOnly);
    // A listing of the user's group shows the user without the boundary (listings return a subset of attributes).
    await iamOk(root, 'CreateGroup', { GroupName: 'g' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'g', UserName: 'bounded' });
    const listed = members((await iamOk(root, 'GetGroup', { GroupName: 'g' })).Users)[0];
    expect(listed.UserName).toBe('bounded');
    expect(listed.PermissionsBoundary).toBeUndefined();
    await iamOk(root, 'DeleteUserPermissionsBoundary', { UserName: 'bounded' });
    expect((await iamOk(root, 'GetUser', { UserName: 'bounded' })).User.PermissionsBoundary).toBeUndefined();
    // Deleting when there is none leaves the user as it is.
    await iamOk(root, 'DeleteUserPermissionsBoundary', { UserName: 'bounded' });
  });

  it('refuses an unknown policy, a non-ARN and an unknown user', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'bob' });
    for (const arn of ['arn:aws:iam::aws:policy/NoSuchManagedPolicy', `arn:aws:iam::${accountId}:policy/Missing`, 'arn:aws:iam::999999999999:policy/Elsewhere']) {
      const r = await call(root, 'PutUserPermissionsBoundary', { UserName: 'bob', PermissionsBoundary: arn });
      expect(r.status).toBe(404);
      expect(r.error).toMatchObject({ Code: 'NoSuchEntity', Message: `Policy ${arn} does not exist or is not attachable.` });
    }
    const notArn = await call(root, 'PutUserPermissionsBoundary', { UserName: 'bob', PermissionsBoundary: 'definitely-not-an-arn' });
    expect(notArn.status).toBe(400);
    expect(notArn.error).toMatchObject({ Code: 'InvalidInput', Message: 'ARN definitely-not-an-arn is not valid.' });
    const tooShort = await call(root, 'PutUserPermissionsBoundary', { UserName: 'bob', PermissionsBoundary: 'arn:short' });
    expect(tooShort.error?.Code).toBe('ValidationError');
    for (const action of ['PutUserPermissionsBoundary', 'DeleteUserPermissionsBoundary']) {
      const r = await call(root, action, { UserName: 'nobody', ...(action.startsWith('Put') ? { PermissionsBoundary: power } : {}) });
      expect(r.status).toBe(404);
      expect(r.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The user with name nobody cannot be found.' });
    }
    expect((await iamOk(root, 'GetUser', { UserName: 'bob' })).User.PermissionsBoundary).toBeUndefined();
  });

  it('accepts a customer-managed policy of the account', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'carol' });
    const created = await call(root, 'CreatePolicy', { PolicyName: 'Boundary', PolicyDocument: allow('s3:*') });
    const arn = created.result.Policy.Arn;
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'carol', PermissionsBoundary: arn });
    expect((await iamOk(root, 'GetUser', { UserName: 'carol' })).User.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: arn,
    });
  });
});

describe('authorization context', { timeout: TIMEOUT }, () => {
  it('carries the target user\'s tags and the boundary a request sets as condition keys', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'admin' });
    const k = (await iamOk(root, 'CreateAccessKey', { UserName: 'admin' })).AccessKey;
    const admin = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'admin',
      PolicyName: 'scoped',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'core' } } },
          {
            Effect: 'Allow',
            Action: 'iam:PutUserPermissionsBoundary',
            Resource: '*',
            Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/PowerUserAccess' } },
          },
        ],
      }),
    });
    await iamOk(root, 'CreateUser', { UserName: 'tagged', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'core' });
    await iamOk(root, 'CreateUser', { UserName: 'untagged' });
    await iamOk(admin, 'PutUserPolicy', { UserName: 'tagged', PolicyName: 'p', PolicyDocument: allow() });
    const refused = await call(admin, 'PutUserPolicy', { UserName: 'untagged', PolicyName: 'p', PolicyDocument: allow() });
    expect(refused.status).toBe(403);
    expect(refused.error?.Message).toContain(`iam:PutUserPolicy on resource: arn:aws:iam::${accountId}:user/untagged `);
    await iamOk(admin, 'PutUserPermissionsBoundary', { UserName: 'untagged', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    const other = await call(admin, 'PutUserPermissionsBoundary', { UserName: 'untagged', PermissionsBoundary: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    expect(other.error?.Code).toBe('AccessDenied');
  });
});
