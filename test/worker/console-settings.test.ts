/**
 * Account settings in the console (issue 10 §3): the password policy and the account alias, changed
 * through their IAM actions as the signed-in principal, with IAM's own validation and refusal messages,
 * escaped echoes, and forged or oversized posts refused with nothing changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, policy, type Keys } from './support';
import { accountWithRoot, Browser, hidden, ORIGIN, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const PAGE = '/console/iam/settings';

const FULL_POLICY = {
  MinimumPasswordLength: '14',
  RequireUppercaseCharacters: 'true',
  RequireLowercaseCharacters: 'true',
  RequireNumbers: 'true',
  RequireSymbols: 'true',
  AllowUsersToChangePassword: 'true',
  MaxPasswordAge: '90',
  PasswordReusePrevention: '5',
  HardExpiry: 'true',
};

describe('console account settings', () => {
  let accountId: string;
  let root: Keys;
  let admin: Browser;
  let reader: Browser;
  /** Each browser's settings page as first loaded (its CSRF token, what it showed). */
  const firstPage = new Map<Browser, string>();
  const tokenOf = (b: Browser) => hidden(firstPage.get(b)!, 'csrf');

  /** The account's password policy through the API, or the error code. */
  const currentPolicy = async () => {
    const r = await call(root, 'GetAccountPasswordPolicy');
    return r.error ? r.error.Code : r.result.PasswordPolicy;
  };
  const currentAlias = async () => (await iamOk(root, 'ListAccountAliases')).AccountAliases?.member?.[0];
  const post = (b: Browser, path: string, fields: Record<string, string>) => b.post(`${PAGE}${path}`, { csrf: tokenOf(b), ...fields });

  beforeAll(async () => {
    let email: string;
    ({ accountId, root, email } = await accountWithRoot());
    admin = await signedIn(accountId, email, ROOT_PW, true);
    // May read the settings but change nothing.
    await userWithPassword(root, 'reader');
    const reads = policy({ Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListAccountAliases'], Resource: '*' });
    await iamOk(root, 'PutUserPolicy', { UserName: 'reader', PolicyName: 'reads', PolicyDocument: reads });
    reader = await signedIn(accountId, 'reader', USER_PW);
    for (const b of [admin, reader]) firstPage.set(b, await (await b.get(PAGE)).text());
  });

  it('shows no alias and the default password policy, with the form starting from its length', async () => {
    const html = firstPage.get(admin)!;
    expect(html).toContain('<dd id="current-alias">(none)</dd>');
    expect(html).toContain(`<dd id="settings-sign-in-url">${ORIGIN}/console/${accountId}</dd>`);
    expect(html).toContain('This account uses AWS&#39;s default password policy');
    expect(html).toMatch(/<input id="MinimumPasswordLength" name="MinimumPasswordLength" type="number" min="6" max="128" value="8"/);
    expect(html).toContain('<label for="HardExpiry">');
    expect(html).not.toContain('Delete custom password policy');
  });

  it('saves every field of the password policy, shows it, and deletes it back to the default', async () => {
    const saved = await post(admin, '/password-policy', FULL_POLICY);
    expect([saved.status, saved.headers.get('location')]).toEqual([303, `${PAGE}?done=password-policy-updated`]);
    expect(await currentPolicy()).toEqual({ ...FULL_POLICY, ExpirePasswords: 'true' });
    const page = await (await admin.get(`${PAGE}?done=password-policy-updated`)).text();
    expect(page).toContain('<div class="alert notice" role="status">The password policy was saved.</div>');
    expect(page).toMatch(/id="MaxPasswordAge" name="MaxPasswordAge" type="number" min="1" max="1095" value="90"/);
    expect(page).toMatch(/id="RequireSymbols" name="RequireSymbols" type="checkbox" value="true" checked=""/);
    expect(page).toContain('<dd>The last 5 passwords</dd>');

    // Unticked boxes and empty numbers: false and left out (IAM's defaults), as the API would store them.
    expect((await post(admin, '/password-policy', { MinimumPasswordLength: '10', MaxPasswordAge: '' })).status).toBe(303);
    expect(await currentPolicy()).toEqual({
      MinimumPasswordLength: '10', RequireUppercaseCharacters: 'false', RequireLowercaseCharacters: 'false', RequireNumbers: 'false',
      RequireSymbols: 'false', AllowUsersToChangePassword: 'false', ExpirePasswords: 'false', HardExpiry: 'false',
    });

    const deleted = await post(admin, '/password-policy/delete', {});
    expect([deleted.status, deleted.headers.get('location')]).toEqual([303, `${PAGE}?done=password-policy-deleted`]);
    expect(await currentPolicy()).toBe('NoSuchEntity');
    const again = await post(admin, '/password-policy/delete', {});
    expect(again.status).toBe(404);
    expect(await again.text()).toContain(`<strong>NoSuchEntity</strong>: <span class="message">The Password Policy with domain name ${accountId} cannot be found.</span>`);
  });

  it("shows IAM's validation errors in the form, keeps what was typed, and changes nothing", async () => {
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '9' });
    const before = await currentPolicy();
    const script = '"><script>alert(1)</script>';
    const res = await post(admin, '/password-policy', { ...FULL_POLICY, MinimumPasswordLength: '200', PasswordReusePrevention: script });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain(
      "<strong>ValidationError</strong>: <span class=\"message\">2 validation errors detected: Value &#39;200&#39; at &#39;minimumPasswordLength&#39; failed to satisfy constraint: Member must have value less than or equal to 128",
    );
    expect(html).toMatch(/id="MinimumPasswordLength" name="MinimumPasswordLength" type="number" min="6" max="128" value="200" aria-invalid="true"/);
    expect(html).toMatch(/id="PasswordReusePrevention" [^>]*value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;" aria-invalid="true"/);
    expect(html).not.toContain('<script>alert');
    // A checkbox's forged value is IAM's to refuse too.
    const forgedBox = await post(admin, '/password-policy', { MinimumPasswordLength: '12', RequireSymbols: 'yes' });
    expect(forgedBox.status).toBe(400);
    expect(await forgedBox.text()).toContain('at &#39;requireSymbols&#39;');
    expect(await currentPolicy()).toEqual(before);
  });

  it("creates, replaces and deletes the alias with IAM's rules and messages, escaping what was typed", async () => {
    const alias = `settings-${accountId}`;
    const created = await post(admin, '/alias', { AccountAlias: alias });
    expect([created.status, created.headers.get('location')]).toEqual([303, `${PAGE}?done=alias-created`]);
    expect(await currentAlias()).toBe(alias);
    const page = await (await admin.get(PAGE)).text();
    expect(page).toContain(`<dd id="current-alias">${alias}</dd>`);
    expect(page).toContain(`<dd id="settings-sign-in-url">${ORIGIN}/console/${alias}</dd>`);
    expect((await new Browser().get(`/console/${alias}`)).status).toBe(200);

    const script = '<script>alert(1)</script>';
    const bad = await post(admin, '/alias', { AccountAlias: script });
    const html = await bad.text();
    expect(bad.status).toBe(400);
    expect(html).toContain('<strong>ValidationError</strong>');
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain(script);
    const digits = await post(admin, '/alias', { AccountAlias: '123456789012' });
    expect([digits.status, (await digits.text()).includes('The account alias must not be a 12-digit number.')]).toEqual([400, true]);
    const long = await post(admin, '/alias', { AccountAlias: 'a'.repeat(1000) });
    expect([long.status, (await long.text()).includes('Member must have length less than or equal to 63')]).toEqual([400, true]);

    const other = await newAccount();
    await iamOk(other.root, 'CreateAccountAlias', { AccountAlias: `taken-${other.accountId}` });
    const taken = await post(admin, '/alias', { AccountAlias: `taken-${other.accountId}` });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain(`<strong>EntityAlreadyExists</strong>: <span class="message">The account alias taken-${other.accountId} already exists.</span>`);
    expect(await currentAlias()).toBe(alias);

    // One alias per account: a new one replaces it.
    const renamed = `renamed-${accountId}`;
    expect((await post(admin, '/alias', { AccountAlias: renamed })).status).toBe(303);
    expect(await currentAlias()).toBe(renamed);
    const wrong = await post(admin, '/alias/delete', { AccountAlias: alias });
    expect([wrong.status, (await wrong.text()).includes(`The account alias ${alias} cannot be found.`)]).toEqual([404, true]);
    const deleted = await post(admin, '/alias/delete', { AccountAlias: renamed });
    expect([deleted.status, deleted.headers.get('location')]).toEqual([303, `${PAGE}?done=alias-deleted`]);
    expect(await currentAlias()).toBeUndefined();
  });

  it("refuses a principal whose policies do not allow the change with AWS's message, and changes nothing", async () => {
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '11' });
    const before = await currentPolicy();
    const denied = (action: string) =>
      `User: arn:aws:iam::${accountId}:user/reader is not authorized to perform: iam:${action} on resource: * because no identity-based policy allows the iam:${action} action`;
    const update = await post(reader, '/password-policy', FULL_POLICY);
    expect(update.status).toBe(403);
    expect(await update.text()).toContain(`<strong>AccessDenied</strong>: <span class="message">${denied('UpdateAccountPasswordPolicy')}</span>`);
    const remove = await post(reader, '/password-policy/delete', {});
    expect([remove.status, (await remove.text()).includes(denied('DeleteAccountPasswordPolicy'))]).toEqual([403, true]);
    const alias = await post(reader, '/alias', { AccountAlias: `reader-${accountId}` });
    expect([alias.status, (await alias.text()).includes(denied('CreateAccountAlias'))]).toEqual([403, true]);
    expect(await currentPolicy()).toEqual(before);
    expect(await currentAlias()).toBeUndefined();
    // The reads it may make still show: the current policy.
    expect(firstPage.get(reader)).toContain('id="current-password-policy"');
  });

  it('shows the refusal of each read to a user who may read nothing, with its status', async () => {
    await userWithPassword(root, 'nobody');
    const b = await signedIn(accountId, 'nobody', USER_PW);
    const res = await b.get(PAGE);
    const html = await res.text();
    expect(res.status).toBe(403);
    expect(html).toContain('is not authorized to perform: iam:ListAccountAliases on resource: *');
    expect(html).toContain('is not authorized to perform: iam:GetAccountPasswordPolicy on resource: *');
    expect(html).not.toContain('id="current-alias"');
  });

  it('refuses forged, foreign and oversized posts with 403 and changes nothing', async () => {
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '13' });
    const before = await currentPolicy();
    const readerToken = tokenOf(reader);
    const attempts = [
      admin.post(`${PAGE}/password-policy`, FULL_POLICY),
      admin.post(`${PAGE}/password-policy`, { ...FULL_POLICY, csrf: readerToken }),
      admin.post(`${PAGE}/password-policy/delete`, { csrf: tokenOf(admin) }, { origin: 'https://evil.test' }),
      admin.post(`${PAGE}/alias`, { csrf: tokenOf(admin), AccountAlias: 'forged' }, { 'sec-fetch-site': 'cross-site' }),
      admin.post(`${PAGE}/password-policy`, { csrf: tokenOf(admin), MinimumPasswordLength: '9'.repeat(70_000) }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Request refused');
    }
    expect(await currentPolicy()).toEqual(before);
    expect(await currentAlias()).toBeUndefined();
    // Signed out: no page and no change.
    const anonymous = await new Browser().post(`${PAGE}/password-policy/delete`, { csrf: readerToken });
    expect(anonymous.status).toBe(401);
    expect(await currentPolicy()).toEqual(before);
  });
});
