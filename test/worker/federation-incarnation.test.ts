/**
 * Sessions issued into an account's roles (AssumeRole and the federation actions, which share the role
 * lookup; workload credentials) carry the incarnation of the account the role row belongs to, even when the
 * isolate issuing them still caches the state of the account's previous incarnation (security review of
 * issue 7, L1). The attack window: the 5 s after an account id is closed and created again, an isolate
 * that cached the old tenant's state stamped the NEW tenant's sessions with the OLD incarnation, so they
 * were refused for their whole life.
 *
 * Two isolates are simulated with two env objects: every per-isolate cache (account states, key records)
 * is keyed by the env, so requests dispatched with a copy of it see caches of their own.
 */
import { AwsClient } from 'aws4fetch';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { authenticatorFor } from '../../src/data-plane/authenticate';
import { stsPorts } from '../../src/data-plane/sts-ports';
import worker from '../../src/worker';
import { call, iamOk, keysOf, newAccount, operator, policy, type Keys } from './support';

/** Another isolate: the same bindings, caches of its own. */
const stale = { ...(env as unknown as Record<string, unknown>) };
const parser = new XMLParser();

async function dispatchStale(req: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, stale as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A signed STS call served by the stale isolate. */
async function staleSts(keys: Keys, action: string, params: Record<string, string>) {
  const client = new AwsClient({ ...keys, service: 'sts', region: 'us-east-1' });
  const body = new URLSearchParams({ Action: action, Version: '2011-06-15', ...params }).toString();
  const res = await dispatchStale(await client.sign('https://iam.test/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
  const doc = parser.parse(await res.text());
  return { status: res.status, result: doc[`${action}Response`]?.[`${action}Result`], error: doc.ErrorResponse?.Error };
}

/** Closes `accountId` and creates it again; the new tenant's root keys. */
async function recreate(accountId: string): Promise<Keys> {
  expect((await operator('DELETE', `/accounts/${accountId}`)).status).toBe(200);
  expect((await operator('POST', '/accounts', { accountId, email: `new@${accountId}.example` })).status).toBe(201);
  const key = (await (await operator('POST', `/accounts/${accountId}/root-access-keys`)).json()) as { AccessKeyId: string; SecretAccessKey: string };
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

/** The stale isolate caches the account's current (soon old) state. */
async function cacheState(accountId: string): Promise<void> {
  expect(await authenticatorFor(stale as never).liveAccount(accountId, Date.now(), null)).toEqual({ accountId, createdAt: expect.stringMatching(/^\d{4}-/) });
}

describe('sessions into a re-created account, issued by an isolate that cached the old one', () => {
  it('the role lookup of the unsigned federation actions (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) gives the role row its own incarnation', async () => {
    const { accountId } = await newAccount();
    await cacheState(accountId);
    const newRoot = await recreate(accountId);
    await iamOk(newRoot, 'CreateRole', {
      RoleName: 'fed',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/IdP` }, Action: 'sts:AssumeRoleWithSAML' }),
    });
    const created = await env.DB.prepare('SELECT created_at AS at FROM accounts WHERE account_id = ?').bind(accountId).first<{ at: string }>();
    // The ports as the unsigned STS actions build them (no caller, no bookmark), in the stale isolate.
    const ports = stsPorts({ env: stale } as never, null, Date.now(), null);
    const role = await ports.findRole(accountId, `arn:aws:iam::${accountId}:role/fed`);
    expect(role?.accountCreatedAt).toBe(created!.at);
  });

  it('AssumeRole (signed: read on the primary) issues a session of the new tenant that works', async () => {
    const { accountId } = await newAccount();
    const other = await newAccount();
    await iamOk(other.root, 'CreateUser', { UserName: 'bob' });
    const k = (await iamOk(other.root, 'CreateAccessKey', { UserName: 'bob' })).AccessKey;
    const bob = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
    await iamOk(other.root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
    await cacheState(accountId);

    const newRoot = await recreate(accountId);
    await iamOk(newRoot, 'CreateRole', {
      RoleName: 'shared',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other.accountId}:user/bob` }, Action: 'sts:AssumeRole' }),
    });
    // Within the account state's TTL, the stale isolate serves the call: the role row is the new tenant's.
    const assumed = await staleSts(bob, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/shared`, RoleSessionName: 'ss' });
    expect(assumed.error).toBeUndefined();
    expect(assumed.status).toBe(200);
    const who = await call(keysOf(assumed.result.Credentials), 'GetCallerIdentity', {}, 'sts');
    expect(who.error?.Code).toBeUndefined();
    expect(who.result.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/shared/ss`);
  });

  it('workload credentials: minted for the new tenant and working', async () => {
    const { accountId } = await newAccount();
    await cacheState(accountId);
    const newRoot = await recreate(accountId);
    await iamOk(newRoot, 'CreateRole', {
      RoleName: 'web',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    });
    await iamOk(newRoot, 'CreateInstanceProfile', { InstanceProfileName: 'web' });
    await iamOk(newRoot, 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'web' });
    const res = await operator('POST', `/accounts/${accountId}/workload-tokens`, { instanceProfileName: 'web' });
    const token = ((await res.json()) as { token: string }).token;
    const issued = await dispatchStale(new Request('https://iam.test/workload/credentials', { headers: { authorization: token } }));
    expect(issued.status).toBe(200);
    const body = (await issued.json()) as Record<string, string>;
    const who = await call({ accessKeyId: body.AccessKeyId!, secretAccessKey: body.SecretAccessKey!, sessionToken: body.Token! }, 'GetCallerIdentity', {}, 'sts');
    expect(who.error?.Code).toBeUndefined();
    expect(who.status).toBe(200);
  });
});
