/**
 * Service-specific credentials (issue 11 §3) through the Query API, for the deployment's catalog services
 * (`acme.amazonaws.com` once the acme catalog is declared): Create (user name `<user>-at-<account>`, a
 * password shown once), List (by service, the caller's own, AllUsers), Reset, Update, Delete; AWS's answers
 * for an unsupported service, an unknown credential, another user's credential, the two-per-service quota,
 * CredentialAgeDays, and DeleteUser while a credential remains; a Deny on the service name refuses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, operator, policy, userWithKey, type Keys } from './support';

const ACME_TEXT = Object.values(import.meta.glob('/examples/acme/acme.service.json', { query: '?raw', import: 'default', eager: true }))[0] as string;
const ACME = 'acme.amazonaws.com';
const list = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

describe('service-specific credentials', () => {
  let accountId: string;
  let root: Keys;
  let bookmark: string;
  /** A call that sees the catalog write (its bookmark). */
  const iam = (keys: Keys, action: string, params: Record<string, string>) => call(keys, action, params, 'iam', { 'x-iam-bookmark': bookmark });
  const ok = async (keys: Keys, action: string, params: Record<string, string>) => {
    const r = await iam(keys, action, params);
    if (r.status !== 200) throw new Error(`${action}: ${r.xml}`);
    return r.result;
  };

  beforeAll(async () => {
    const put = await operator('PUT', '/services/acme', JSON.parse(ACME_TEXT));
    expect(put.status).toBe(200);
    bookmark = put.headers.get('x-iam-bookmark')!;
    ({ accountId, root } = await newAccount());
    for (const u of ['sofia', 'leaver']) await iamOk(root, 'CreateUser', { UserName: u });
  });

  it('creates a credential for a catalog service, shows the password once, and lists, resets, updates and deletes it', async () => {
    const created = (await ok(root, 'CreateServiceSpecificCredential', { UserName: 'sofia', ServiceName: ACME })).ServiceSpecificCredential;
    expect(created).toMatchObject({ UserName: 'sofia', ServiceName: ACME, ServiceUserName: `sofia-at-${accountId}`, Status: 'Active' });
    expect(created.ServiceSpecificCredentialId).toMatch(/^ACCA[A-Z2-7]{17}$/);
    expect(created.ServicePassword).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const listed = await iam(root, 'ListServiceSpecificCredentials', { UserName: 'sofia', ServiceName: ACME });
    const { ServicePassword: password, ...metadata } = created;
    expect(list(listed.result.ServiceSpecificCredentials)).toEqual([metadata]);
    expect(listed.xml).not.toContain(password);

    const reset = (await ok(root, 'ResetServiceSpecificCredential', { UserName: 'sofia', ServiceSpecificCredentialId: created.ServiceSpecificCredentialId })).ServiceSpecificCredential;
    expect(reset).toMatchObject(metadata);
    expect(reset.ServicePassword).not.toBe(password);
    await ok(root, 'UpdateServiceSpecificCredential', { UserName: 'sofia', ServiceSpecificCredentialId: created.ServiceSpecificCredentialId, Status: 'Inactive' });
    const after = list((await ok(root, 'ListServiceSpecificCredentials', { UserName: 'sofia' })).ServiceSpecificCredentials);
    expect(after.map((c) => c.Status)).toEqual(['Inactive']);
    await ok(root, 'DeleteServiceSpecificCredential', { UserName: 'sofia', ServiceSpecificCredentialId: created.ServiceSpecificCredentialId });
    expect(list((await ok(root, 'ListServiceSpecificCredentials', { UserName: 'sofia' })).ServiceSpecificCredentials)).toEqual([]);
  });

  it('answers as AWS for services it does not support, unknown and foreign credentials, the quota and CredentialAgeDays', async () => {
    for (const service of ['codecommit.amazonaws.com', 'nonexistentservice.amazonaws.com', 'acme', 'o3on3n3onosneo']) {
      const r = await iam(root, 'CreateServiceSpecificCredential', { UserName: 'sofia', ServiceName: service });
      expect([r.status, r.error?.Code, r.error?.Message]).toEqual([404, 'NoSuchEntity', `No such service ${service} is supported for Service Specific Credentials`]);
    }
    const listBad = await iam(root, 'ListServiceSpecificCredentials', { UserName: 'sofia', ServiceName: 'codecommit.amazonaws.com' });
    expect([listBad.status, listBad.error?.Code]).toEqual([404, 'NoSuchEntity']);
    const noUser = await iam(root, 'CreateServiceSpecificCredential', { UserName: 'nobody', ServiceName: 'bogus.amazonaws.com' });
    expect(noUser.error?.Message).toBe('The user with name nobody cannot be found.');
    const aged = await iam(root, 'CreateServiceSpecificCredential', { UserName: 'sofia', ServiceName: ACME, CredentialAgeDays: '30' });
    expect([aged.status, aged.error?.Code]).toEqual([400, 'InvalidInput']);

    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await ok(root, 'CreateServiceSpecificCredential', { UserName: 'sofia', ServiceName: ACME })).ServiceSpecificCredential.ServiceSpecificCredentialId);
    const third = await iam(root, 'CreateServiceSpecificCredential', { UserName: 'sofia', ServiceName: ACME });
    expect([third.status, third.error?.Code, third.error?.Message]).toEqual([409, 'LimitExceeded', 'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2']);
    for (const action of ['ResetServiceSpecificCredential', 'UpdateServiceSpecificCredential', 'DeleteServiceSpecificCredential']) {
      const unknown = await iam(root, action, { UserName: 'sofia', ServiceSpecificCredentialId: 'satisfiesregexbutstillinvalid', Status: 'Inactive' });
      expect([action, unknown.status, unknown.error?.Message]).toEqual([action, 404, 'No such credential satisfiesregexbutstillinvalid exists']);
      const foreign = await iam(root, action, { UserName: 'leaver', ServiceSpecificCredentialId: ids[0]!, Status: 'Inactive' });
      expect([action, foreign.status, foreign.error?.Message]).toEqual([action, 404, `No such credential ${ids[0]} exists`]);
      const badId = await iam(root, action, { UserName: 'sofia', ServiceSpecificCredentialId: 'totally-wrong-credential-id-with-hyphens', Status: 'Inactive' });
      expect([action, badId.status, badId.error?.Code]).toEqual([action, 400, 'ValidationError']);
    }
    const all = await ok(root, 'ListServiceSpecificCredentials', { AllUsers: 'true', ServiceName: ACME });
    expect(list(all.ServiceSpecificCredentials).map((c) => c.ServiceSpecificCredentialId)).toEqual(ids);
    const both = await iam(root, 'ListServiceSpecificCredentials', { AllUsers: 'true', UserName: 'sofia' });
    expect([both.status, both.error?.Code]).toEqual([400, 'InvalidInput']);
  });

  it('refuses DeleteUser while the user holds a credential, as AWS words it', async () => {
    const id = (await ok(root, 'CreateServiceSpecificCredential', { UserName: 'leaver', ServiceName: ACME })).ServiceSpecificCredential.ServiceSpecificCredentialId;
    const refused = await iam(root, 'DeleteUser', { UserName: 'leaver' });
    expect([refused.status, refused.error?.Code, refused.error?.Message]).toEqual([409, 'DeleteConflict', 'Cannot delete entity, must remove referenced objects first.']);
    await ok(root, 'DeleteServiceSpecificCredential', { UserName: 'leaver', ServiceSpecificCredentialId: id });
    await ok(root, 'DeleteUser', { UserName: 'leaver' });
  });

  it('lets a user manage its own credentials without UserName, within a Deny on the service name', async () => {
    const self = await userWithKey(root, 'self');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'self',
      PolicyName: 'p',
      PolicyDocument: policy(
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:*ServiceSpecificCredential', Resource: '*', Condition: { StringEquals: { 'iam:ServiceSpecificCredentialServiceName': ACME } } },
      ),
    });
    const denied = await iam(self, 'CreateServiceSpecificCredential', { UserName: 'self', ServiceName: ACME });
    expect([denied.status, denied.error?.Code]).toEqual([403, 'AccessDenied']);
    const id = (await ok(root, 'CreateServiceSpecificCredential', { UserName: 'self', ServiceName: ACME })).ServiceSpecificCredential.ServiceSpecificCredentialId;
    expect(list((await ok(self, 'ListServiceSpecificCredentials', {})).ServiceSpecificCredentials).map((c) => c.ServiceSpecificCredentialId)).toEqual([id]);
    const reset = await iam(self, 'ResetServiceSpecificCredential', { ServiceSpecificCredentialId: id });
    expect([reset.status, reset.error?.Code]).toEqual([403, 'AccessDenied']);
  });
});
