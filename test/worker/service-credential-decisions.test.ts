/**
 * Service-specific credentials used for the SaaS's own service (issue 11 §3): a decision call whose caller is
 * `{serviceCredential: {userName, password}}` acts as the IAM user holding the credential, with that user's
 * policies. Refused alike (InvalidClientTokenId, one message) for a wrong password, an unknown name, another
 * service's credential, an Inactive, reset or deleted credential, and a closed account; a principal token
 * issued for the credential ends with it (bound to the credential and its password). Credentials made before
 * the read model had them are projected once when their object starts.
 * Spec: IAM User Guide, "Service-specific credentials for IAM users" (id_credentials_service-specific-creds.html).
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountContext } from '../../src/storage/account/context';
import { OutboxProjection } from '../../src/storage/account/projection';
import { backfillServiceCredentials } from '../../src/storage/account/service-credential-backfill';
import { readModelFor } from '../../src/storage/read-model';
import { authenticate, authorize, installAcme, projectArn, REGION } from './decide-support';
import { advanceClock, call, iamOk, newAccount, operator, policy, type Keys } from './support';

const ACME = 'acme.amazonaws.com';
const REFUSED = { code: 'InvalidClientTokenId', message: 'The service-specific credential included in the request is invalid.', status: 403 };

let accountId: string;
let root: Keys;

/** An IAM write that sees the catalog (the bookmark of the catalog's write or of a later write). */
async function ok(action: string, params: Record<string, string>): Promise<any> {
  const r = await call(root, action, params);
  if (r.status !== 200) throw new Error(`${action}: ${r.xml}`);
  return { result: r.result, bookmark: r.headers.get('x-iam-bookmark') };
}

const as = (credential: { userName: string; password: string }, extra: Record<string, unknown> = {}) => ({ service: 'acme', region: REGION, caller: { serviceCredential: credential }, ...extra });
const list = { action: 'acme:ListProjects', resource: '*' };

beforeAll(async () => {
  await installAcme();
  ({ accountId, root } = await newAccount());
  for (const u of ['sofia', 'victor']) await iamOk(root, 'CreateUser', { UserName: u });
  await iamOk(root, 'PutUserPolicy', { UserName: 'sofia', PolicyName: 'acme', PolicyDocument: policy({ Effect: 'Allow', Action: ['acme:ListProjects', 'acme:GetProject'], Resource: '*' }) });
});

/** A new credential of `user` for acme, and the bookmark that makes it visible to decisions at once. */
async function credentialOf(user: string) {
  const { result, bookmark } = await ok('CreateServiceSpecificCredential', { UserName: user, ServiceName: ACME });
  return shapeOf(result, bookmark);
}

/** A new user with sofia's policy and a credential for acme (a user holds two per service at most). */
async function freshCredential(user: string) {
  await iamOk(root, 'CreateUser', { UserName: user });
  await iamOk(root, 'PutUserPolicy', { UserName: user, PolicyName: 'acme', PolicyDocument: policy({ Effect: 'Allow', Action: ['acme:ListProjects', 'acme:GetProject'], Resource: '*' }) });
  return credentialOf(user);
}

function shapeOf(result: any, bookmark: string | null) {
  const c = result.ServiceSpecificCredential;
  return { id: c.ServiceSpecificCredentialId as string, userName: c.ServiceUserName as string, password: c.ServicePassword as string, bookmark: bookmark as string };
}

describe('a service-specific credential as a decision caller', () => {
  it("acts as its user, with the user's policies", async () => {
    const c = await credentialOf('sofia');
    expect(c.userName).toBe(`sofia-at-${accountId}`);
    const who = await authenticate(as(c, { bookmark: c.bookmark }));
    if (!who.ok) throw new Error(JSON.stringify(who.error));
    expect(who.principal).toMatchObject({ accountId, arn: `arn:aws:iam::${accountId}:user/sofia`, type: 'User', userName: 'sofia', accessKeyId: c.id });
    const allowed = await authorize(as(c, { ...list }));
    expect(allowed.ok && allowed.decision).toBe('Allow');
    const denied = await authorize(as(c, { action: 'acme:DeleteProject', resource: projectArn(accountId) }));
    expect(denied.ok && denied.decision).toBe('ImplicitDeny');
    // Victor has no policy: his own credential gets his (empty) permissions, not sofia's.
    const v = await credentialOf('victor');
    const victor = await authorize(as(v, { ...list, bookmark: v.bookmark }));
    expect(victor.ok && victor.decision).toBe('ImplicitDeny');
  });

  it('is refused alike for a wrong password, an unknown name, a malformed name and a prefix of the password', async () => {
    const c = await freshCredential('walt');
    for (const bad of [
      { userName: c.userName, password: c.password.slice(0, -1) + (c.password.endsWith('A') ? 'B' : 'A') },
      { userName: c.userName, password: c.password.slice(0, 20) },
      { userName: `nobody-at-${accountId}`, password: c.password },
      { userName: 'sofia', password: c.password },
      { userName: `sofia-at-${accountId.replace(/.$/, (d) => String((Number(d) + 1) % 10))}`, password: c.password },
    ]) {
      const out = await authenticate(as(bad, { bookmark: c.bookmark }));
      expect(out.ok ? 'allowed' : out.error, JSON.stringify(bad.userName)).toEqual(REFUSED);
    }
    // Input that is not a credential at all is a 400, before any lookup.
    const malformed = await authenticate(as({ userName: '', password: 'x' } as never));
    expect(malformed.ok ? 'allowed' : malformed.error.code).toBe('ValidationException');
  });

  it("is honoured only for the service it was created for", async () => {
    const c = await freshCredential('tess');
    const other = { ...JSON.parse(JSON.stringify({ Name: 'beta', Actions: [{ Name: 'ListThings' }], ConditionKeys: [], Resources: [] })) };
    const put = await operator('PUT', '/services/beta', other);
    expect([200, 201]).toContain(put.status);
    advanceClock(5_001);
    const out = await authenticate({ ...as(c), service: 'beta' });
    expect(out.ok ? 'allowed' : out.error).toEqual(REFUSED);
  });

  it('ends when deactivated, reset or deleted, and its principal token ends with it', async () => {
    const c = await freshCredential('uma');
    const first = await authenticate(as(c, { bookmark: c.bookmark }));
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const token = first.principal.principalToken;
    const byToken = async (bookmark: string) => authorize({ service: 'acme', region: REGION, caller: { principalToken: token }, bookmark, ...list });
    expect((await byToken(c.bookmark)).ok).toBe(true);

    const off = await ok('UpdateServiceSpecificCredential', { UserName: 'uma', ServiceSpecificCredentialId: c.id, Status: 'Inactive' });
    expect((await authenticate(as(c, { bookmark: off.bookmark }))).ok ? 'allowed' : 'refused').toBe('refused');
    const tokenAfterOff = await byToken(off.bookmark);
    expect(tokenAfterOff.ok ? 'allowed' : tokenAfterOff.error.code).toBe('InvalidClientTokenId');
    const on = await ok('UpdateServiceSpecificCredential', { UserName: 'uma', ServiceSpecificCredentialId: c.id, Status: 'Active' });
    expect((await byToken(on.bookmark)).ok).toBe(true);

    const reset = await ok('ResetServiceSpecificCredential', { UserName: 'uma', ServiceSpecificCredentialId: c.id });
    const newPassword = reset.result.ServiceSpecificCredential.ServicePassword as string;
    expect((await authenticate(as(c, { bookmark: reset.bookmark }))).ok).toBe(false);
    expect((await byToken(reset.bookmark)).ok).toBe(false);
    const afterReset = await authenticate(as({ userName: c.userName, password: newPassword }, { bookmark: reset.bookmark }));
    expect(afterReset.ok).toBe(true);

    const gone = await ok('DeleteServiceSpecificCredential', { UserName: 'uma', ServiceSpecificCredentialId: c.id });
    expect((await authenticate(as({ userName: c.userName, password: newPassword }, { bookmark: gone.bookmark }))).ok).toBe(false);
  });

  it('is refused once its account is closed', async () => {
    const other = await newAccount();
    await iamOk(other.root, 'CreateUser', { UserName: 'ola' });
    const r = await call(other.root, 'CreateServiceSpecificCredential', { UserName: 'ola', ServiceName: ACME });
    const c = r.result.ServiceSpecificCredential;
    const credential = { userName: c.ServiceUserName as string, password: c.ServicePassword as string };
    expect((await authenticate(as(credential, { bookmark: r.headers.get('x-iam-bookmark') }))).ok).toBe(true);
    expect((await operator('DELETE', `/accounts/${other.accountId}`)).status).toBeLessThan(300);
    advanceClock(5_001);
    const out = await authenticate(as(credential));
    expect(out.ok ? 'allowed' : out.error).toEqual(REFUSED);
  });
});

describe('credentials made before the read model had them', () => {
  it('are projected once when their object starts, and verify afterwards', async () => {
    const c = await freshCredential('xena');
    // As before this version: the credential in the object, not in the read model, and no backfill done.
    await env.DB.prepare('DELETE FROM service_specific_credentials WHERE service_user_name = ?').bind(c.userName).run();
    advanceClock(5_001);
    expect((await authenticate(as(c))).ok).toBe(false);
    const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
    await runInDurableObject(stub as unknown as DurableObjectStub, async (_o, state) => {
      const obj = new AccountContext(state, env as never, Date.now);
      obj.deleteMeta('service-credentials-projected');
      const projection = new OutboxProjection(obj, (id) => readModelFor(env as never, id));
      await backfillServiceCredentials(obj, projection);
      expect(obj.meta('service-credentials-projected')).toBe('1');
    });
    const row = await env.DB.prepare('SELECT credential_id, status FROM service_specific_credentials WHERE service_user_name = ?').bind(c.userName).first();
    expect(row).toEqual({ credential_id: c.id, status: 'Active' });
    advanceClock(5_001);
    expect((await authenticate(as(c))).ok).toBe(true);
  });
});
