/**
 * Trust policies bind the principals of other accounts too: a user or role of another account is pinned
 * to its unique id, and an account named by id or root ARN to its incarnation (this service, unlike AWS,
 * reuses the id of a closed account). Found by a security review of issue 7 §5 (H1: cross-account ARNs
 * were never pinned; M1: roles saved before bindings existed were not protected).
 * Spec: IAM User Guide, "Example IAM role trust policies"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_policy-examples.html): "When you save
 * the policy, AWS transforms the ARN to a unique principal ID"; an ARN that names nobody is refused with
 * MalformedPolicyDocument `Invalid principal in policy`.
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AccountDO } from '../../src/storage/account-do';
import { principalIdsByArn } from '../../src/storage/read-model';
import { call, iamOk, newAccount, operator, policy, type Keys } from './support';

const TIMEOUT = 30_000;

const trustOf = (...arns: string[]) => policy({ Effect: 'Allow', Principal: { AWS: arns.length === 1 ? arns[0] : arns }, Action: 'sts:AssumeRole' });
const assume = (keys: Keys, roleArn: string, bookmark?: string | null) =>
  call(keys, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'sess' }, 'sts', bookmark ? { 'x-iam-bookmark': bookmark } : {});
const trustShown = async (root: Keys, role: string) => JSON.parse(decodeURIComponent((await iamOk(root, 'GetRole', { RoleName: role })).Role.AssumeRolePolicyDocument));

/** A user allowed to assume any role (cross-account AssumeRole needs the caller's own allow too), with a key. */
async function assumer(root: Keys, name: string): Promise<{ keys: Keys; id: string; bookmark: string | null }> {
  const id = (await iamOk(root, 'CreateUser', { UserName: name })).User.UserId as string;
  await iamOk(root, 'PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
  const r = await call(root, 'CreateAccessKey', { UserName: name });
  const k = r.result.AccessKey;
  return { keys: { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey }, id, bookmark: r.headers.get('x-iam-bookmark') };
}

async function removeUser(root: Keys, name: string, keys: Keys) {
  await iamOk(root, 'DeleteAccessKey', { UserName: name, AccessKeyId: keys.accessKeyId });
  await iamOk(root, 'DeleteUserPolicy', { UserName: name, PolicyName: 'p' });
  await iamOk(root, 'DeleteUser', { UserName: name });
}

/** Closes `accountId` and creates it again; returns the new tenant's root keys. */
async function recreate(accountId: string): Promise<Keys> {
  expect((await operator('DELETE', `/accounts/${accountId}`)).status).toBe(200);
  expect((await operator('POST', '/accounts', { accountId, email: `new@${accountId}.example` })).status).toBe(201);
  const key = (await (await operator('POST', `/accounts/${accountId}/root-access-keys`)).json()) as { AccessKeyId: string; SecretAccessKey: string };
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

const stubOf = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId)) as unknown as DurableObjectStub;

describe('trust policies bind principals of other accounts', () => {
  it('refuses a user of another account deleted and created again, and GetRole shows the old id', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const devArn = `arn:aws:iam::${a.accountId}:user/dev`;
    const dev = await assumer(a.root, 'dev');
    const text = trustOf(devArn);
    await iamOk(b.root, 'CreateRole', { RoleName: 'x', AssumeRolePolicyDocument: text });
    const roleArn = `arn:aws:iam::${b.accountId}:role/x`;
    expect((await assume(dev.keys, roleArn, dev.bookmark)).status).toBe(200);
    expect(decodeURIComponent((await iamOk(b.root, 'GetRole', { RoleName: 'x' })).Role.AssumeRolePolicyDocument)).toBe(text);

    await removeUser(a.root, 'dev', dev.keys);
    const dev2 = await assumer(a.root, 'dev');
    expect(dev2.id).not.toBe(dev.id);
    const refused = await assume(dev2.keys, roleArn, dev2.bookmark);
    expect(refused.status).toBe(403);
    expect(refused.error?.Code).toBe('AccessDenied');
    expect((await trustShown(b.root, 'x')).Statement[0].Principal.AWS).toBe(dev.id);
    const listed = await iamOk(b.root, 'ListRoles');
    expect(JSON.parse(decodeURIComponent(listed.Roles.member[0].AssumeRolePolicyDocument)).Statement[0].Principal.AWS).toBe(dev.id);

    // Saving the policy again binds the new dev.
    await iamOk(b.root, 'UpdateAssumeRolePolicy', { RoleName: 'x', PolicyDocument: text });
    expect((await assume(dev2.keys, roleArn)).status).toBe(200);
  });

  it(
    'refuses the principals of an account closed and created again with the same id',
    async () => {
      const a = await newAccount();
      const b = await newAccount();
      const dev = await assumer(a.root, 'dev');
      const roles = {
        user: trustOf(`arn:aws:iam::${a.accountId}:user/dev`),
        id: trustOf(a.accountId),
        root: trustOf(`arn:aws:iam::${a.accountId}:root`),
      };
      for (const [name, text] of Object.entries(roles)) await iamOk(b.root, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: text });
      for (const name of Object.keys(roles)) expect((await assume(dev.keys, `arn:aws:iam::${b.accountId}:role/${name}`, dev.bookmark)).status).toBe(200);

      // A's id goes to a new tenant, which creates its own dev.
      const newRoot = await recreate(a.accountId);
      const impostor = await assumer(newRoot, 'dev');
      for (const name of Object.keys(roles)) {
        const r = await assume(impostor.keys, `arn:aws:iam::${b.accountId}:role/${name}`, impostor.bookmark);
        expect({ name, code: r.error?.Code }).toEqual({ name, code: 'AccessDenied' });
      }
      // The account principals are shown as written: AWS shows no id for an account.
      expect((await trustShown(b.root, 'id')).Statement[0].Principal.AWS).toBe(a.accountId);
      expect((await trustShown(b.root, 'user')).Statement[0].Principal.AWS).toBe(dev.id);
      // Trusting the new tenant is a new decision: saving the policy again pins the new incarnation.
      await iamOk(b.root, 'UpdateAssumeRolePolicy', { RoleName: 'id', PolicyDocument: roles.id });
      expect((await assume(impostor.keys, `arn:aws:iam::${b.accountId}:role/id`)).status).toBe(200);
    },
    TIMEOUT,
  );

  it('refuses a user or role of another account that does not exist, as IAM does', async () => {
    const a = await newAccount();
    const b = await newAccount();
    await iamOk(a.root, 'CreateUser', { UserName: 'real' });
    for (const arn of [`arn:aws:iam::${a.accountId}:user/ghost`, `arn:aws:iam::${a.accountId}:role/ghost`, `arn:aws:iam::${a.accountId}:user/other/real`]) {
      const r = await call(b.root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustOf(arn) });
      expect(r.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: `Invalid principal in policy: "AWS":"${arn}"` });
    }
    await iamOk(b.root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustOf(`arn:aws:iam::${a.accountId}:user/real`) });
    const update = await call(b.root, 'UpdateAssumeRolePolicy', { RoleName: 'r', PolicyDocument: trustOf(`arn:aws:iam::${a.accountId}:role/ghost`) });
    expect(update.error?.Code).toBe('MalformedPolicyDocument');
    expect((await trustShown(b.root, 'r')).Statement[0].Principal.AWS).toBe(`arn:aws:iam::${a.accountId}:user/real`);
  });
});

describe('roles saved before trust bindings existed', () => {
  it('are bound to the principals that hold their ARNs when the object starts, and projected', async () => {
    const { accountId, root } = await newAccount();
    const bob = await assumer(root, 'bob');
    const gone = await assumer(root, 'gone');
    const ghostArn = `arn:aws:iam::${accountId}:user/gone`;
    await iamOk(root, 'CreateRole', { RoleName: 'legacy', AssumeRolePolicyDocument: trustOf(`arn:aws:iam::${accountId}:user/bob`, ghostArn) });
    await removeUser(root, 'gone', gone.keys);
    // Not possible through the API any more; the state a role saved by an older version is in.
    await runInDurableObject(stubOf(accountId), (_o, state) => {
      state.storage.sql.exec('UPDATE roles SET trust_bindings = NULL');
    });
    await env.DB.prepare("UPDATE principals SET trust_bindings = NULL WHERE account_id = ? AND type = 'Role'").bind(accountId).run();

    // The object starts again over the same storage: its constructor migrates, then binds (it blocks the
    // object's other events until done, so the calls below see the result).
    await runInDurableObject(stubOf(accountId), (_o, state) => {
      new AccountDO(state, env);
    });
    const roleArn = `arn:aws:iam::${accountId}:role/legacy`;
    expect((await assume(bob.keys, roleArn)).status).toBe(200);

    await removeUser(root, 'bob', bob.keys);
    const bob2 = await assumer(root, 'bob');
    const refused = await assume(bob2.keys, roleArn, bob2.bookmark);
    expect(refused.error?.Code).toBe('AccessDenied');
    // An ARN that named nobody is bound to no one: a user created under it later is not trusted.
    const late = await assumer(root, 'gone');
    expect((await assume(late.keys, roleArn, late.bookmark)).error?.Code).toBe('AccessDenied');
    expect((await trustShown(root, 'legacy')).Statement[0].Principal.AWS).toEqual([bob.id, ghostArn]);
    // Nothing is left unbound, in the object and in the read model.
    const d1 = await env.DB.prepare("SELECT trust_bindings AS b FROM principals WHERE account_id = ? AND type = 'Role'").bind(accountId).first<{ b: string | null }>();
    // The read model holds what the object bound: bob's ARN to the bob who existed when the object started.
    const [inObject] = await runInDurableObject(stubOf(accountId), (_o, state) => state.storage.sql.exec<{ b: string }>("SELECT trust_bindings AS b FROM roles WHERE role_name = 'legacy'").toArray());
    expect(d1?.b).toBe(inObject!.b);
    expect(JSON.parse(d1!.b!)[`arn:aws:iam::${accountId}:user/bob`]).toBe(bob.id);
  });
});

describe("reading another account's principals by ARN", () => {
  it('reads more ARNs than D1 binds in one statement (100)', async () => {
    const { accountId, root } = await newAccount();
    const ids: string[] = [];
    for (const name of ['u1', 'u2', 'u3']) ids.push((await iamOk(root, 'CreateUser', { UserName: name })).User.UserId);
    const arns = Array.from({ length: 150 }, (_, i) => `arn:aws:iam::${accountId}:user/${i < 147 ? `nobody${i}` : `u${i - 146}`}`);
    const found = await principalIdsByArn(env.DB.withSession('first-primary'), accountId, arns);
    expect([...found.entries()].sort()).toEqual([1, 2, 3].map((n, i) => [`arn:aws:iam::${accountId}:user/u${n}`, ids[i]]));
  });
});
