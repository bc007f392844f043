/**
 * Trust policies bind the users and roles they name by unique id: a principal deleted and created again
 * under the same name is no longer trusted, and GetRole shows the old principal's unique id in its place.
 * Spec: IAM User Guide, "Example IAM role trust policies"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_policy-examples.html): "When you save
 * the policy, AWS transforms the ARN to a unique principal ID … if you delete the role or user, then the
 * relationship is broken … even if you recreate the user or role".
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, keysOf, newAccount, policy, type Keys } from './support';

const sts = (keys: Keys, action: string, params: Record<string, string>, bookmark?: string | null) =>
  call(keys, action, params, 'sts', bookmark ? { 'x-iam-bookmark': bookmark } : {});

/** An IAM write that must succeed; returns its bookmark for a later data-plane read. */
async function write(keys: Keys, action: string, params: Record<string, string>): Promise<string | null> {
  const r = await call(keys, action, params);
  if (r.status !== 200) throw new Error(`${action} failed: ${r.xml}`);
  return r.headers.get('x-iam-bookmark');
}

/** Creates a user with a key; returns the keys and its unique id. */
async function user(root: Keys, name: string): Promise<{ keys: Keys; id: string; bookmark: string | null }> {
  const created = await iamOk(root, 'CreateUser', { UserName: name });
  const r = await call(root, 'CreateAccessKey', { UserName: name });
  const k = r.result.AccessKey;
  return { keys: { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey }, id: created.User.UserId, bookmark: r.headers.get('x-iam-bookmark') };
}

/** Deletes a user and its access keys. */
async function deleteUser(root: Keys, name: string, keys: Keys) {
  await iamOk(root, 'DeleteAccessKey', { UserName: name, AccessKeyId: keys.accessKeyId });
  return write(root, 'DeleteUser', { UserName: name });
}

const trustOf = (...arns: string[]) => policy({ Effect: 'Allow', Principal: { AWS: arns.length === 1 ? arns[0] : arns }, Action: 'sts:AssumeRole' });
const assume = (keys: Keys, roleArn: string, bookmark?: string | null) => sts(keys, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'sess' }, bookmark);
const trustShown = async (root: Keys, role: string) => JSON.parse(decodeURIComponent((await iamOk(root, 'GetRole', { RoleName: role })).Role.AssumeRolePolicyDocument));

describe('trust policies bind principals by unique id', () => {
  it('refuses a user deleted and created again under the same name, and GetRole shows the old user id', async () => {
    const { accountId, root } = await newAccount();
    const bobArn = `arn:aws:iam::${accountId}:user/bob`;
    const bob = await user(root, 'bob');
    const text = trustOf(bobArn);
    const created = await write(root, 'CreateRole', { RoleName: 'target', AssumeRolePolicyDocument: text });
    const roleArn = `arn:aws:iam::${accountId}:role/target`;

    // While bob exists: trusted, and the policy reads back exactly as written.
    expect((await assume(bob.keys, roleArn, created)).status).toBe(200);
    expect(decodeURIComponent((await iamOk(root, 'GetRole', { RoleName: 'target' })).Role.AssumeRolePolicyDocument)).toBe(text);

    await deleteUser(root, 'bob', bob.keys);
    expect((await trustShown(root, 'target')).Statement[0].Principal.AWS).toBe(bob.id);
    expect(bob.id).toMatch(/^AIDA/);

    // A new bob: another unique id, not trusted.
    const bob2 = await user(root, 'bob');
    expect(bob2.id).not.toBe(bob.id);
    const refused = await assume(bob2.keys, roleArn, bob2.bookmark);
    expect(refused.status).toBe(403);
    expect(refused.error?.Code).toBe('AccessDenied');
    // The simulator compiles the trust policy with the same binding and agrees.
    const simulated = await iamOk(root, 'SimulatePrincipalPolicy', { PolicySourceArn: bobArn, 'ActionNames.member.1': 'sts:AssumeRole', 'ResourceArns.member.1': roleArn });
    expect(simulated.EvaluationResults.member[0].EvalDecision).toBe('implicitDeny');
    // GetRole and ListRoles still show the old id: the new bob is not the principal the policy names.
    expect((await trustShown(root, 'target')).Statement[0].Principal.AWS).toBe(bob.id);
    const listed = await iamOk(root, 'ListRoles');
    expect(JSON.parse(decodeURIComponent(listed.Roles.member[0].AssumeRolePolicyDocument)).Statement[0].Principal.AWS).toBe(bob.id);

    // Saving the policy again binds the new bob.
    const rebound = await write(root, 'UpdateAssumeRolePolicy', { RoleName: 'target', PolicyDocument: text });
    expect((await assume(bob2.keys, roleArn, rebound)).status).toBe(200);
    const again = await iamOk(root, 'SimulatePrincipalPolicy', { PolicySourceArn: bobArn, 'ActionNames.member.1': 'sts:AssumeRole', 'ResourceArns.member.1': roleArn });
    expect(again.EvaluationResults.member[0].EvalDecision).toBe('allowed');
    expect(decodeURIComponent((await iamOk(root, 'GetRole', { RoleName: 'target' })).Role.AssumeRolePolicyDocument)).toBe(text);
  });

  it('binds a role principal: a session of a role deleted and created again cannot chain into the trusting role', async () => {
    const { accountId, root } = await newAccount();
    const eve = await user(root, 'eve');
    const firstArn = `arn:aws:iam::${accountId}:role/first`;
    const secondArn = `arn:aws:iam::${accountId}:role/second`;
    const firstTrust = trustOf(`arn:aws:iam::${accountId}:user/eve`);
    const assumeAny = policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
    const oldFirst = (await iamOk(root, 'CreateRole', { RoleName: 'first', AssumeRolePolicyDocument: firstTrust })).Role.RoleId;
    await iamOk(root, 'PutRolePolicy', { RoleName: 'first', PolicyName: 'p', PolicyDocument: assumeAny });
    const ready = await write(root, 'CreateRole', { RoleName: 'second', AssumeRolePolicyDocument: trustOf(firstArn) });

    const s1 = await assume(eve.keys, firstArn, ready);
    expect(s1.status).toBe(200);
    expect((await assume(keysOf(s1.result.Credentials), secondArn, ready)).status).toBe(200);

    // first is deleted and created again: its sessions are of another role id.
    await iamOk(root, 'DeleteRolePolicy', { RoleName: 'first', PolicyName: 'p' });
    await iamOk(root, 'DeleteRole', { RoleName: 'first' });
    const newFirst = (await iamOk(root, 'CreateRole', { RoleName: 'first', AssumeRolePolicyDocument: firstTrust })).Role.RoleId;
    const again = await write(root, 'PutRolePolicy', { RoleName: 'first', PolicyName: 'p', PolicyDocument: assumeAny });
    expect(newFirst).not.toBe(oldFirst);
    const s2 = await assume(eve.keys, firstArn, again);
    expect(s2.status).toBe(200);
    const chained = await assume(keysOf(s2.result.Credentials), secondArn, again);
    expect(chained.status).toBe(403);
    expect(chained.error?.Code).toBe('AccessDenied');
    expect((await trustShown(root, 'second')).Statement[0].Principal.AWS).toBe(oldFirst);
    expect(oldFirst).toMatch(/^AROA/);
  });

  it('leaves principals that still exist, accounts and other accounts as written, and binds each ARN of a list', async () => {
    const { accountId, root } = await newAccount();
    // Another account's user must exist (IAM refuses an ARN naming nobody, in any account: see
    // trust-bindings-foreign.test.ts); carl still exists, so his ARN is shown as written.
    const { accountId: other, root: otherRoot } = await newAccount();
    await iamOk(otherRoot, 'CreateUser', { UserName: 'carl' });
    const amy = await user(root, 'amy');
    const ben = await user(root, 'ben');
    const arns = [`arn:aws:iam::${accountId}:user/amy`, `arn:aws:iam::${accountId}:user/ben`, `arn:aws:iam::${other}:user/carl`, `arn:aws:iam::${other}:root`];
    const made = await write(root, 'CreateRole', { RoleName: 'multi', AssumeRolePolicyDocument: trustOf(...arns) });
    const roleArn = `arn:aws:iam::${accountId}:role/multi`;
    await deleteUser(root, 'amy', amy.keys);
    // ben still exists and is still trusted; only amy's ARN is shown as her id.
    expect((await assume(ben.keys, roleArn, made)).status).toBe(200);
    expect((await trustShown(root, 'multi')).Statement[0].Principal.AWS).toEqual([amy.id, arns[1], arns[2], arns[3]]);
  });

  it('refuses a user or role of this account that does not exist, as IAM does', async () => {
    const { accountId, root } = await newAccount();
    for (const arn of [`arn:aws:iam::${accountId}:user/ghost`, `arn:aws:iam::${accountId}:role/ghost`]) {
      const r = await call(root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustOf(arn) });
      expect(r.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: `Invalid principal in policy: "AWS":"${arn}"` });
    }
    await iamOk(root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustOf(`arn:aws:iam::${accountId}:root`) });
    const update = await call(root, 'UpdateAssumeRolePolicy', { RoleName: 'r', PolicyDocument: trustOf(`arn:aws:iam::${accountId}:user/ghost`) });
    expect(update.error?.Code).toBe('MalformedPolicyDocument');
    // The failed update changed nothing.
    expect((await trustShown(root, 'r')).Statement[0].Principal.AWS).toBe(`arn:aws:iam::${accountId}:root`);
  });
});
