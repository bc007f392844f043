/**
 * The console's security-credentials pages (issue 10 §3): a user's page for an administrator and one's own
 * page (an IAM user with only AWS's self-service policies, and the root user), acting through the IAM
 * actions as the signed-in principal. Every change is checked through the API; every refusal shows AWS's
 * words and changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSeed, totpAt, totpStep } from '../../src/core/totp';
import { call, clockNow, iamOk, policy, type Keys } from './support';
import { accountWithRoot, Browser, hidden, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const members = (list: any): any[] => list?.member ?? [];
const keysOf = async (root: Keys, name: string) => members((await iamOk(root, 'ListAccessKeys', { UserName: name })).AccessKeyMetadata);
/** The text of a page with JSX's entities undone, for comparing AWS's messages. */
const text = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const csrfOf = (html: string) => hidden(html, 'csrf');
const byId = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];

/** Two consecutive codes of the seed shown on an enrolment page. */
function codesFrom(html: string, offset = 0) {
  const seed = decodeSeed(byId(html, 'mfa-seed')!)!;
  const step = totpStep(clockNow()) + offset;
  return { AuthenticationCode1: totpAt(seed, step), AuthenticationCode2: totpAt(seed, step + 1) };
}

/** AWS's "manage your own credentials" policies, `${aws:username}` scoped (IAM User Guide, reference_policies_examples_aws_my-sec-creds-self-manage*.html). */
const SELF_SERVICE = policy(
  { Effect: 'Allow', Action: ['iam:GetUser', 'iam:ChangePassword', 'iam:GetLoginProfile', 'iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:GetAccessKeyLastUsed', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:DeactivateMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
  { Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/${aws:username}' },
);

describe('console security credentials', () => {
  let accountId: string;
  let root: Keys;
  let admin: Browser;
  /** A user with only the self-service policy, signed in. */
  let carol: Browser;
  let carolCsrf: string;
  const page = (name: string) => `/console/iam/users/${name}/security-credentials`;

  beforeAll(async () => {
    ({ accountId, root } = await accountWithRoot());
    admin = await signedIn(accountId, `root@${accountId}.example`, ROOT_PW, true);
    for (const name of ['alice', 'bob', 'dave']) await iamOk(root, 'CreateUser', { UserName: name });
    await userWithPassword(root, 'carol');
    await iamOk(root, 'PutUserPolicy', { UserName: 'carol', PolicyName: 'self', PolicyDocument: SELF_SERVICE });
    carol = await signedIn(accountId, 'carol', USER_PW);
    carolCsrf = csrfOf(await (await carol.get('/console/home')).text());
  });

  it("creates a user's access key and shows its secret once; rotates, deactivates and deletes; LimitExceeded in AWS's words", async () => {
    const created = await admin.post(`${page('alice')}/keys`, { csrf: hidden(await (await admin.get(page('alice'))).text(), 'csrf') });
    const html = await created.text();
    const [key] = await keysOf(root, 'alice');
    const secret = byId(html, 'new-secret-access-key')!;
    expect([created.status, byId(html, 'new-access-key-id'), secret.length]).toEqual([200, key.AccessKeyId, 40]);
    expect(html).toContain('This is the only time the secret access key can be viewed.');
    const later = await (await admin.get(page('alice'))).text();
    expect([later.includes(key.AccessKeyId), later.includes(secret), later.includes('Rotate access key')]).toEqual([true, false, true]);

    const rotated = await (await admin.post(`${page('alice')}/keys`, { csrf: csrfOf(later), Rotate: key.AccessKeyId })).text();
    expect(rotated).toContain('id="rotation-steps"');
    expect((await keysOf(root, 'alice')).length).toBe(2);
    const third = await admin.post(`${page('alice')}/keys`, { csrf: csrfOf(later) });
    expect([third.status, text(await third.text()).includes('LimitExceeded</strong>: <span class="message">Cannot exceed quota for AccessKeysPerUser: 2')]).toEqual([409, true]);

    const off = await admin.post(`${page('alice')}/keys/${key.AccessKeyId}/status`, { csrf: csrfOf(later), Status: 'Inactive' });
    expect([off.status, off.headers.get('location')]).toEqual([303, `${page('alice')}?done=key-deactivated`]);
    expect((await keysOf(root, 'alice')).find((k) => k.AccessKeyId === key.AccessKeyId).Status).toBe('Inactive');
    expect(await (await admin.get(off.headers.get('location')!)).text()).toContain('The access key was deactivated.');
    const gone = await admin.post(`${page('alice')}/keys/${key.AccessKeyId}/delete`, { csrf: csrfOf(later) });
    expect(gone.status).toBe(303);
    expect((await keysOf(root, 'alice')).map((k) => k.AccessKeyId)).not.toContain(key.AccessKeyId);
  });

  it("sets, resets and deletes a console password; the password policy's refusal is shown and changes nothing", async () => {
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '12' });
    const csrf = csrfOf(await (await admin.get(page('bob'))).text());
    const weak = await admin.post(`${page('bob')}/login-profile`, { csrf, Password: 'Short1!' });
    expect([weak.status, text(await weak.text())]).toEqual([400, expect.stringContaining('PasswordPolicyViolation</strong>: <span class="message">Password does not conform to the account password policy.')]);
    expect((await call(root, 'GetLoginProfile', { UserName: 'bob' })).error?.Code).toBe('NoSuchEntity');

    const set = await admin.post(`${page('bob')}/login-profile`, { csrf, Password: USER_PW, PasswordResetRequired: 'true' });
    expect(set.headers.get('location')).toBe(`${page('bob')}?done=password-set`);
    expect((await iamOk(root, 'GetLoginProfile', { UserName: 'bob' })).LoginProfile.PasswordResetRequired).toBe('true');
    const shown = await (await admin.get(page('bob'))).text();
    expect([byId(shown, 'console-access'), byId(shown, 'reset-required')]).toEqual(['Enabled', 'Yes']);
    await admin.post(`${page('bob')}/login-profile`, { csrf, Password: 'Another-passw0rd!' });
    expect((await iamOk(root, 'GetLoginProfile', { UserName: 'bob' })).LoginProfile.PasswordResetRequired).toBe('false');

    const deleted = await admin.post(`${page('bob')}/login-profile/delete`, { csrf });
    expect(deleted.headers.get('location')).toBe(`${page('bob')}?done=password-deleted`);
    expect((await call(root, 'GetLoginProfile', { UserName: 'bob' })).error?.Code).toBe('NoSuchEntity');
  });

  it('assigns a virtual MFA device with two codes from its seed, shows a wrong code with the QR code again, replaces an abandoned setup, removes it', async () => {
    const csrf = csrfOf(await (await admin.get(`${page('dave')}/mfa/new`)).text());
    const abandoned = await (await admin.post(`${page('dave')}/mfa/new`, { csrf, VirtualMFADeviceName: 'dave' })).text();
    const setup = await admin.post(`${page('dave')}/mfa/new`, { csrf, VirtualMFADeviceName: 'dave' });
    const html = await setup.text();
    expect(setup.status).toBe(200);
    expect(html).toMatch(/<img id="mfa-qr" src="data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+" alt="QR code/);
    expect(byId(html, 'mfa-seed')).not.toBe(byId(abandoned, 'mfa-seed'));
    expect(members((await iamOk(root, 'ListVirtualMFADevices')).VirtualMFADevices).length).toBe(1);

    const serial = hidden(html, 'SerialNumber');
    const form = { csrf, SerialNumber: serial, enrolment: hidden(html, 'enrolment') };
    const stale = await admin.post(`${page('dave')}/mfa`, { ...form, ...codesFrom(abandoned) });
    const again = await stale.text();
    expect([stale.status, text(again).includes('InvalidAuthenticationCode</strong>: <span class="message">Authentication code for device is not valid.'), byId(again, 'mfa-seed')]).toEqual([403, true, byId(html, 'mfa-seed')]);
    expect(members((await iamOk(root, 'ListMFADevices', { UserName: 'dave' })).MFADevices)).toEqual([]);

    const enabled = await admin.post(`${page('dave')}/mfa`, { ...form, ...codesFrom(html) });
    expect(enabled.headers.get('location')).toBe(`${page('dave')}?done=mfa-assigned`);
    expect(members((await iamOk(root, 'ListMFADevices', { UserName: 'dave' })).MFADevices).map((d) => d.SerialNumber)).toEqual([serial]);
    expect(await (await admin.get(page('dave'))).text()).toContain(`<code>${serial}</code>`);

    const removed = await admin.post(`${page('dave')}/mfa/deactivate`, { csrf, SerialNumber: serial });
    expect(removed.headers.get('location')).toBe(`${page('dave')}?done=mfa-removed`);
    expect(members((await iamOk(root, 'ListVirtualMFADevices')).VirtualMFADevices)).toEqual([]);
  });

  it("lets a self-service user manage its own keys and MFA, and shows AWS's refusal on another user's page with nothing changed", async () => {
    const own = await carol.get('/console/iam/security-credentials');
    const csrf = csrfOf(await own.text());
    expect(own.status).toBe(200);
    const key = await carol.post('/console/iam/security-credentials/keys', { csrf });
    expect([key.status, byId(await key.text(), 'new-access-key-id')]).toEqual([200, (await keysOf(root, 'carol'))[0].AccessKeyId]);

    const setup = await (await carol.post('/console/iam/security-credentials/mfa/new', { csrf, VirtualMFADeviceName: 'carol' })).text();
    const enabled = await carol.post('/console/iam/security-credentials/mfa', { csrf, SerialNumber: hidden(setup, 'SerialNumber'), ...codesFrom(setup) });
    expect(enabled.headers.get('location')).toBe('/console/iam/security-credentials?done=mfa-assigned');
    expect(members((await iamOk(root, 'ListMFADevices', { UserName: 'carol' })).MFADevices).length).toBe(1);

    const other = await carol.get(page('alice'));
    expect([other.status, text(await other.text())]).toEqual([
      403,
      expect.stringContaining(`User: arn:aws:iam::${accountId}:user/carol is not authorized to perform: iam:ListAccessKeys on resource: arn:aws:iam::${accountId}:user/alice because no identity-based policy allows the iam:ListAccessKeys action`),
    ]);
    const before = (await keysOf(root, 'alice')).length;
    const refused = await carol.post(`${page('alice')}/keys`, { csrf });
    expect([refused.status, text(await refused.text()).includes('is not authorized to perform: iam:CreateAccessKey')]).toEqual([403, true]);
    expect((await keysOf(root, 'alice')).length).toBe(before);
  });

  it('changes its own password (the self-service user): a mismatch and a wrong old password change nothing; success ends the session', async () => {
    const csrf = csrfOf(await (await carol.get('/console/iam/security-credentials')).text());
    const url = '/console/iam/security-credentials/password';
    const mismatch = await carol.post(url, { csrf, OldPassword: USER_PW, NewPassword: 'Changed-passw0rd!', ConfirmPassword: 'Changed-passw0rd?' });
    const wrong = await carol.post(url, { csrf, OldPassword: 'Not-the-passw0rd!', NewPassword: 'Changed-passw0rd!', ConfirmPassword: 'Changed-passw0rd!' });
    expect([mismatch.status, wrong.status, text(await wrong.text()).includes('AccessDenied</strong>: <span class="message">The old password is incorrect.')]).toEqual([400, 403, true]);

    const changed = await carol.post(url, { csrf, OldPassword: USER_PW, NewPassword: 'Changed-passw0rd!', ConfirmPassword: 'Changed-passw0rd!' });
    expect([changed.status, (await changed.text()).includes(`href="/console/${accountId}"`)]).toEqual([200, true]);
    expect((await carol.get('/console/iam/security-credentials')).status).toBe(401);
    // The new password signs in (carol's MFA device, assigned above, is asked next).
    const again = await new Browser().signIn(accountId, 'carol', 'Changed-passw0rd!');
    expect([again.status, (await again.text()).includes('name="pending"')]).toEqual([200, true]);
  });

  it("gives the root user its own keys, MFA (then asked at sign-in) and password change, checked as the sign-in checks it", async () => {
    const { accountId: id, root: rootKeys, email } = await accountWithRoot();
    const b = await signedIn(id, email, ROOT_PW, true);
    const own = await (await b.get('/console/iam/security-credentials')).text();
    const csrf = csrfOf(own);
    expect(own).toContain('Root user password');
    expect((await b.post('/console/iam/security-credentials/keys', { csrf })).status).toBe(200);
    expect(members((await iamOk(rootKeys, 'ListAccessKeys')).AccessKeyMetadata).length).toBe(2);

    const setup = await (await b.post('/console/iam/security-credentials/mfa/new', { csrf, VirtualMFADeviceName: 'root-account-mfa-device' })).text();
    // The API still refuses EnableMFADevice without UserName (AWS: root MFA is assigned in the console only).
    const api = await call(rootKeys, 'EnableMFADevice', { SerialNumber: hidden(setup, 'SerialNumber'), ...codesFrom(setup, -2) });
    expect([api.status, api.error?.Code]).toEqual([400, 'ValidationError']);
    const enabled = await b.post('/console/iam/security-credentials/mfa', { csrf, SerialNumber: hidden(setup, 'SerialNumber'), ...codesFrom(setup) });
    expect(enabled.status).toBe(303);
    expect((await iamOk(rootKeys, 'GetAccountSummary')).SummaryMap.entry.find((e: any) => e.key === 'AccountMFAEnabled').value).toBe('1');

    const url = '/console/iam/security-credentials/password';
    const wrong = await b.post(url, { csrf, OldPassword: 'Wrong-passw0rd!', NewPassword: 'Root-changed-passw0rd!', ConfirmPassword: 'Root-changed-passw0rd!' });
    expect(wrong.status).toBe(403);
    const changed = await b.post(url, { csrf, OldPassword: ROOT_PW, NewPassword: 'Root-changed-passw0rd!', ConfirmPassword: 'Root-changed-passw0rd!' });
    expect([changed.status, (await changed.text()).includes(`href="/console/${id}?root"`)]).toEqual([200, true]);
    const again = await new Browser().signIn(id, email, 'Root-changed-passw0rd!', true);
    expect([again.status, (await again.text()).includes('name="pending"')]).toEqual([200, true]);
  });

  it('refuses forged forms (no token, another session\'s token, another origin) with nothing changed', async () => {
    const before = await keysOf(root, 'dave');
    for (const [fields, headers] of [
      [{}, {}],
      [{ csrf: carolCsrf }, {}],
      [{ csrf: csrfOf(await (await admin.get(page('dave'))).text()) }, { origin: 'https://evil.example' }],
    ] as const) {
      const res = await admin.post(`${page('dave')}/keys`, fields, headers);
      expect([res.status, (await res.text()).includes('Request refused')]).toEqual([403, true]);
    }
    expect(await keysOf(root, 'dave')).toEqual(before);
  });

  it('escapes HTML from the URL and fields, and answers oversized or malformed fields with a ValidationError, never a 500', async () => {
    const csrf = csrfOf(await (await admin.get(page('dave'))).text());
    const missing = await admin.get(page(encodeURIComponent('<img src=x onerror=alert(1)>')));
    const missingHtml = await missing.text();
    expect([missing.status, missingHtml.includes('<img src=x'), missingHtml.includes('Value &#39;&lt;img src=x onerror=alert(1)&gt;&#39; at &#39;userName&#39; failed to satisfy constraint')]).toEqual([400, false, true]);
    expect((await admin.get(page('nobody'))).status).toBe(404);

    const script = await admin.post(`${page('dave')}/mfa/new`, { csrf, VirtualMFADeviceName: '<script>alert(1)</script>' });
    const scriptHtml = await script.text();
    expect([script.status, scriptHtml.includes('<script>alert'), scriptHtml.includes("Value &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; at &#39;virtualMFADeviceName&#39;")]).toEqual([400, false, true]);

    const long = await admin.post(`${page('dave')}/login-profile`, { csrf, Password: 'A-1'.repeat(200) });
    expect([long.status, text(await long.text()).includes("1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128")]).toEqual([400, true]);
    const status = await admin.post(`${page('dave')}/keys/AKIAIOSFODNN7EXAMPLE/status`, { csrf, Status: 'Deleted' });
    expect([status.status, text(await status.text()).includes("Value 'Deleted' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]")]).toEqual([400, true]);
    expect((await call(root, 'GetLoginProfile', { UserName: 'dave' })).error?.Code).toBe('NoSuchEntity');
  });
});
