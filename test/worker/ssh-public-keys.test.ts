/**
 * SSH public keys (issue 11 §3) through the Query API: Upload in OpenSSH and PEM form, Get in SSH and PEM
 * encodings with ssh-keygen's MD5 fingerprint, List, Update, Delete; AWS's refusals for garbage, truncated,
 * huge and wrong-type keys (nothing stored), duplicates, the five-key quota, another user's key, and
 * DeleteUser while a key remains; a Deny refuses the upload.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as fx from '../fixtures/ssh/index';
import { call, iamOk, newAccount, policy, userWithKey, type Keys } from './support';

const list = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);
const keysOf = async (root: Keys, user: string) => list((await iamOk(root, 'ListSSHPublicKeys', { UserName: user })).SSHPublicKeys);

describe('SSH public keys', () => {
  let root: Keys;
  beforeAll(async () => {
    ({ root } = await newAccount());
    for (const u of ['dev', 'ops', 'full', 'leaver']) await iamOk(root, 'CreateUser', { UserName: u });
  });

  it('uploads an OpenSSH key and gives it back in SSH and PEM encodings, with its MD5 fingerprint', async () => {
    const up = (await iamOk(root, 'UploadSSHPublicKey', { UserName: 'dev', SSHPublicKeyBody: fx.RSA_2048 })).SSHPublicKey;
    expect(up.SSHPublicKeyId).toMatch(/^APKA[A-Z2-7]{17}$/);
    expect(up).toMatchObject({ UserName: 'dev', Fingerprint: fx.RSA_2048_MD5, Status: 'Active', SSHPublicKeyBody: fx.RSA_2048.split(' ').slice(0, 2).join(' ') });
    const get = (Encoding: string) => iamOk(root, 'GetSSHPublicKey', { UserName: 'dev', SSHPublicKeyId: up.SSHPublicKeyId, Encoding });
    expect((await get('SSH')).SSHPublicKey).toEqual(up);
    // The test's XML reader trims text; the answer itself ends the PEM with a newline, as AWS's examples do.
    expect((await get('PEM')).SSHPublicKey).toEqual({ ...up, SSHPublicKeyBody: fx.RSA_2048_SPKI_PEM.trimEnd() });
    const pem = await call(root, 'GetSSHPublicKey', { UserName: 'dev', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'PEM' });
    expect(pem.xml).toContain('-----END PUBLIC KEY-----\n</SSHPublicKeyBody>');
    expect(await keysOf(root, 'dev')).toEqual([{ UserName: 'dev', SSHPublicKeyId: up.SSHPublicKeyId, Status: 'Active', UploadDate: up.UploadDate }]);
    // The same key in either PEM form is the same key: a duplicate for this user, not for another.
    for (const pem of [fx.RSA_2048_SPKI_PEM, fx.RSA_2048_PKCS1_PEM]) {
      const dup = await call(root, 'UploadSSHPublicKey', { UserName: 'dev', SSHPublicKeyBody: pem });
      expect([dup.status, dup.error?.Code, dup.error?.Message]).toEqual([400, 'DuplicateSSHPublicKey', 'The SSH public key is already associated with the specified IAM user.']);
    }
    const other = (await iamOk(root, 'UploadSSHPublicKey', { UserName: 'ops', SSHPublicKeyBody: fx.RSA_2048_PKCS1_PEM })).SSHPublicKey;
    expect(other.Fingerprint).toBe(fx.RSA_2048_MD5);
    expect(other.SSHPublicKeyId).not.toBe(up.SSHPublicKeyId);
  });

  it('refuses garbage, other encodings, wrong key types, small, truncated and huge keys, storing nothing', async () => {
    const blob = fx.RSA_3072.split(' ')[1]!;
    const cases: [string, string, string][] = [
      ['garbage', 'UnrecognizedPublicKeyEncoding', 'this is not a key'],
      ['ed25519', 'UnrecognizedPublicKeyEncoding', fx.ED25519],
      ['RFC 4716', 'UnrecognizedPublicKeyEncoding', fx.RSA_2048_RFC4716],
      ['1024-bit', 'InvalidPublicKey', fx.RSA_1024],
      ['EC in PEM', 'InvalidPublicKey', fx.EC_SPKI_PEM],
      ['truncated', 'InvalidPublicKey', `ssh-rsa ${blob.slice(0, 200)}`],
      ['over 16384 bits', 'InvalidPublicKey', fx.syntheticRsaKey(16392)],
    ];
    for (const [what, code, body] of cases) {
      const r = await call(root, 'UploadSSHPublicKey', { UserName: 'full', SSHPublicKeyBody: body });
      expect([what, r.status, r.error?.Code], r.xml).toEqual([what, 400, code]);
    }
    const huge = await call(root, 'UploadSSHPublicKey', { UserName: 'full', SSHPublicKeyBody: `ssh-rsa ${'A'.repeat(16400)}` });
    expect([huge.status, huge.error?.Code]).toEqual([400, 'ValidationError']);
    const noUser = await call(root, 'UploadSSHPublicKey', { UserName: 'nobody', SSHPublicKeyBody: fx.RSA_3072 });
    expect([noUser.status, noUser.error?.Message]).toEqual([404, 'The user with name nobody cannot be found.']);
    expect(await keysOf(root, 'full')).toEqual([]);
  });

  it('holds five keys per user, updates their status and deletes them; another user\'s key id is not found', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await iamOk(root, 'UploadSSHPublicKey', { UserName: 'full', SSHPublicKeyBody: fx.syntheticRsaKey(2048, 0x10 + i) })).SSHPublicKey.SSHPublicKeyId);
    const sixth = await call(root, 'UploadSSHPublicKey', { UserName: 'full', SSHPublicKeyBody: fx.RSA_3072 });
    expect([sixth.status, sixth.error?.Code, sixth.error?.Message]).toEqual([409, 'LimitExceeded', 'Cannot exceed quota for SSHPublicKeysPerUser: 5']);
    expect((await keysOf(root, 'full')).map((k) => k.SSHPublicKeyId)).toEqual(ids);
    const page = await iamOk(root, 'ListSSHPublicKeys', { UserName: 'full', MaxItems: '2' });
    expect([list(page.SSHPublicKeys).length, page.IsTruncated]).toEqual([2, 'true']);

    await iamOk(root, 'UpdateSSHPublicKey', { UserName: 'full', SSHPublicKeyId: ids[0]!, Status: 'Inactive' });
    const got = await iamOk(root, 'GetSSHPublicKey', { UserName: 'full', SSHPublicKeyId: ids[0]!, Encoding: 'SSH' });
    expect(got.SSHPublicKey.Status).toBe('Inactive');
    const expired = await call(root, 'UpdateSSHPublicKey', { UserName: 'full', SSHPublicKeyId: ids[0]!, Status: 'Expired' });
    expect([expired.status, expired.error?.Code]).toEqual([400, 'InvalidInput']);
    for (const action of ['GetSSHPublicKey', 'UpdateSSHPublicKey', 'DeleteSSHPublicKey']) {
      const r = await call(root, action, { UserName: 'dev', SSHPublicKeyId: ids[1]!, Encoding: 'PEM', Status: 'Inactive' });
      expect([action, r.status, r.error?.Message]).toEqual([action, 404, `The Public Key with id ${ids[1]} cannot be found.`]);
    }
    await iamOk(root, 'DeleteSSHPublicKey', { UserName: 'full', SSHPublicKeyId: ids[1]! });
    expect((await keysOf(root, 'full')).map((k) => k.SSHPublicKeyId)).toEqual([ids[0], ...ids.slice(2)]);
  });

  it('refuses DeleteUser while the user holds a key, as AWS words it', async () => {
    const id = (await iamOk(root, 'UploadSSHPublicKey', { UserName: 'leaver', SSHPublicKeyBody: fx.RSA_3072 })).SSHPublicKey.SSHPublicKeyId;
    const refused = await call(root, 'DeleteUser', { UserName: 'leaver' });
    expect([refused.status, refused.error?.Code, refused.error?.Message]).toEqual([409, 'DeleteConflict', 'Cannot delete entity, must remove referenced objects first.']);
    await iamOk(root, 'DeleteSSHPublicKey', { UserName: 'leaver', SSHPublicKeyId: id });
    await iamOk(root, 'DeleteUser', { UserName: 'leaver' });
  });

  it('lists the caller\'s own keys without UserName, and a Deny refuses an upload', async () => {
    const ops = await userWithKey(root, 'self');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'self',
      PolicyName: 'p',
      PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:UploadSSHPublicKey', Resource: '*' }),
    });
    const denied = await call(ops, 'UploadSSHPublicKey', { UserName: 'self', SSHPublicKeyBody: fx.RSA_3072 });
    expect([denied.status, denied.error?.Code]).toEqual([403, 'AccessDenied']);
    await iamOk(root, 'UploadSSHPublicKey', { UserName: 'self', SSHPublicKeyBody: fx.RSA_3072 });
    expect(list((await iamOk(ops, 'ListSSHPublicKeys')).SSHPublicKeys).map((k) => k.UserName)).toEqual(['self']);
  });
});
