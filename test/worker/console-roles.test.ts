/**
 * The console's roles pages and switch role (issue 10 §3): create with AWS's trust policy templates,
 * IAM's trust policy validation shown beside the editor, permissions, settings, tags, delete; switch role
 * as AWS's console does it (AssumeRole as the signed-in principal, the role's trust policy and the
 * caller's policies, MFA from the sign-in, cross-account), the pages acting as the role session until
 * switch back or its hour ends, and the role cookie useless beside any other console session.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, call, iamOk, newAccount, policy, type Keys } from './support';
import { Browser, enableMfa, hidden, signedIn, USER_PW, userWithPassword } from './signin-support';

const text = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const ROLE_COOKIE = '__Host-iam-console-role';
const trustAccount = (accountId: string, extra: object = {}) => policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole', ...extra });

let a: string;
let rootA: Keys;
let b: string;
let rootB: Keys;
let admin: Browser;
let limited: Browser;
const csrf = (br: Browser) => hidden(html.get(br)!, 'csrf');
const html = new Map<Browser, string>();
const post = (br: Browser, path: string, fields: Record<string, string> = {}) => br.post(path, { csrf: csrf(br), ...fields });
async function open(br: Browser) {
  html.set(br, await (await br.get('/console/home')).text());
  return br;
}

beforeAll(async () => {
  ({ accountId: a, root: rootA } = await newAccount());
  ({ accountId: b, root: rootB } = await newAccount());
  await userWithPassword(rootA, 'admin');
  await iamOk(rootA, 'PutUserPolicy', { UserName: 'admin', PolicyName: 'all', PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:*', 'sts:AssumeRole'], Resource: '*' }) });
  await userWithPassword(rootA, 'limited');
  await iamOk(rootA, 'PutUserPolicy', { UserName: 'limited', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }) });
  // `viewer` may list groups and nothing else: a page the role may see, and one it may not.
  await iamOk(rootA, 'CreateRole', { RoleName: 'viewer', AssumeRolePolicyDocument: trustAccount(a) });
  await iamOk(rootA, 'PutRolePolicy', { RoleName: 'viewer', PolicyName: 'groups', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListGroups', Resource: '*' }) });
  await iamOk(rootB, 'CreateRole', { RoleName: 'xacct', AssumeRolePolicyDocument: trustAccount(a) });
  await iamOk(rootB, 'PutRolePolicy', { RoleName: 'xacct', PolicyName: 'roles', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }) });
  await iamOk(rootB, 'CreateAccountAlias', { AccountAlias: `acct-b-${b}` });
  [admin, limited] = await Promise.all([signedIn(a, 'admin', USER_PW).then(open), signedIn(a, 'limited', USER_PW).then(open)]);
});

describe('console roles', () => {
  it('fills AWS\'s trust policy templates on the server (account with MFA and external id, web identity, SAML)', async () => {
    const account = text(await (await admin.get(`/console/iam/roles/new?template=account&account=${b}&requireMfa=true&externalId=ext-1`)).text());
    expect(account).toContain(`"AWS": "arn:aws:iam::${b}:root"`);
    expect(account).toContain('"sts:ExternalId": "ext-1"');
    expect(account).toContain('"aws:MultiFactorAuthPresent": "true"');
    await iamOk(rootA, 'CreateOpenIDConnectProvider', { Url: 'https://issuer.example.com', 'ClientIDList.member.1': 'app', 'ThumbprintList.member.1': 'a'.repeat(40) });
    const web = text(await (await admin.get('/console/iam/roles/new?template=web-identity&audience=app')).text());
    expect(web).toContain(`"Federated": "arn:aws:iam::${a}:oidc-provider/issuer.example.com"`);
    expect(web).toContain('"issuer.example.com:aud": "app"');
    const saml = text(await (await admin.get('/console/iam/roles/new?template=saml')).text());
    expect(saml).toContain('"Action": "sts:AssumeRoleWithSAML"');
    expect(saml).toContain('This account has no such provider yet');
  });

  it('creates a role (escaped description), shows CreateRole\'s refusal of a bad trust policy beside the editor', async () => {
    const bad = await post(admin, '/console/iam/roles', { RoleName: 'broken', AssumeRolePolicyDocument: '{"Statement": [', MaxSessionDuration: '3600' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="trust-document-error" class="alert error" role="alert"><strong>MalformedPolicyDocument<\/strong>/);
    expect((await call(rootA, 'GetRole', { RoleName: 'broken' })).error?.Code).toBe('NoSuchEntity');

    const res = await post(admin, '/console/iam/roles', { RoleName: 'app', Path: '/svc/', Description: '<img src=x onerror=alert(1)>', MaxSessionDuration: '7200', AssumeRolePolicyDocument: trustAccount(a) });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/console/iam/roles/app?done=created']);
    const role = (await iamOk(rootA, 'GetRole', { RoleName: 'app' })).Role;
    expect([role.Path, role.Description, role.MaxSessionDuration]).toEqual(['/svc/', '<img src=x onerror=alert(1)>', '7200']);
    const page = await (await admin.get('/console/iam/roles/app')).text();
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain(`href="/console/iam/switch-role?account=${a}&amp;roleName=svc%2Fapp"`);
    expect(await (await admin.get('/console/iam/roles?search=onerror')).text()).toContain('<a href="/console/iam/roles/app">app</a>');
  });

  it('updates the trust policy, with IAM\'s validation message inline and nothing changed on refusal', async () => {
    const before = (await iamOk(rootA, 'GetRole', { RoleName: 'viewer' })).Role.AssumeRolePolicyDocument;
    const bad = await post(admin, '/console/iam/roles/viewer/trust', { PolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) });
    const html = await bad.text();
    expect(bad.status).toBe(400);
    expect(html).toContain('id="trust-document-error"');
    expect(text(html)).toContain('"Principal":{"AWS":"*"}');
    expect((await iamOk(rootA, 'GetRole', { RoleName: 'viewer' })).Role.AssumeRolePolicyDocument).toBe(before);
    const ok = await post(admin, '/console/iam/roles/viewer/trust', { PolicyDocument: trustAccount(a, { Sid: 'Console' }) });
    expect(ok.headers.get('location')).toBe('/console/iam/roles/viewer?done=trust');
    expect(decodeURIComponent((await iamOk(rootA, 'GetRole', { RoleName: 'viewer' })).Role.AssumeRolePolicyDocument)).toContain('"Sid":"Console"');
  });

  it('attaches, tags, sets the session duration, and deletes only once IAM\'s DeleteConflict is resolved', async () => {
    await iamOk(rootA, 'CreateRole', { RoleName: 'temp', AssumeRolePolicyDocument: trustAccount(a) });
    await post(admin, '/console/iam/roles/temp/policies/attach', { PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    await post(admin, '/console/iam/roles/temp/tags', { Key: 'team', Value: 'blue' });
    await post(admin, '/console/iam/roles/temp/settings', { Description: 'scratch', MaxSessionDuration: '10800' });
    const role = (await iamOk(rootA, 'GetRole', { RoleName: 'temp' })).Role;
    expect([role.Description, role.MaxSessionDuration, role.Tags.member]).toEqual(['scratch', '10800', [{ Key: 'team', Value: 'blue' }]]);
    const tooLong = await post(admin, '/console/iam/roles/temp/settings', { Description: 'x', MaxSessionDuration: '50000' });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('Member must have value less than or equal to 43200');
    const conflict = await post(admin, '/console/iam/roles/temp/delete');
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toContain('<strong>DeleteConflict</strong>: <span class="message">Cannot delete entity, must detach all policies first.</span>');
    await post(admin, '/console/iam/roles/temp/policies/detach', { PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    await post(admin, '/console/iam/roles/temp/tags/remove', { TagKey: 'team' });
    expect((await post(admin, '/console/iam/roles/temp/delete')).headers.get('location')).toBe('/console/iam/roles?done=deleted');
    expect((await call(rootA, 'GetRole', { RoleName: 'temp' })).error?.Code).toBe('NoSuchEntity');
  });

  it('refuses a principal whose policies do not allow the change, with AWS\'s message; forged forms do nothing', async () => {
    const res = await post(limited, '/console/iam/roles', { RoleName: 'nope', AssumeRolePolicyDocument: trustAccount(a) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(`User: arn:aws:iam::${a}:user/limited is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${a}:role/nope because no identity-based policy allows the iam:CreateRole action`);
    const forged = [
      await admin.post('/console/iam/roles', { RoleName: 'forged', AssumeRolePolicyDocument: trustAccount(a) }),
      await admin.post('/console/iam/roles/viewer/delete', { csrf: csrf(limited) }),
      await admin.post('/console/iam/switch-role', { Account: a, RoleName: 'viewer' }),
    ];
    expect(forged.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(admin.cookies.has(ROLE_COOKIE)).toBe(false);
    for (const name of ['nope', 'forged']) expect((await call(rootA, 'GetRole', { RoleName: name })).error?.Code).toBe('NoSuchEntity');
    expect((await call(rootA, 'GetRole', { RoleName: 'viewer' })).status).toBe(200);
  });
});

describe('console switch role', () => {
  it('switches as the signed-in principal: the pages act as the role session until switch back', async () => {
    const form = await (await admin.get(`/console/iam/switch-role?account=${a}&roleName=viewer`)).text();
    expect(form).toContain(`id="Account" name="Account" type="text" value="${a}"`);
    const res = await post(admin, '/console/iam/switch-role', { Account: a, RoleName: 'viewer', DisplayName: '<b>View</b>' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/console/home']);
    expect(admin.cookies.has(ROLE_COOKIE)).toBe(true);
    const home = await (await admin.get('/console/home')).text();
    expect(home).toContain(`<span id="signed-in-as">&lt;b&gt;View&lt;/b&gt;</span> @ <span id="header-account">${a}</span>`);
    expect((await admin.get('/console/iam/groups')).status).toBe(200);
    const roles = await admin.get('/console/iam/roles');
    expect(roles.status).toBe(403);
    expect(await roles.text()).toContain(`User: arn:aws:sts::${a}:assumed-role/viewer/admin is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${a}:role/`);
    const back = await post(admin, '/console/iam/switch-back');
    expect([back.status, admin.cookies.has(ROLE_COOKIE)]).toEqual([303, false]);
    expect((await admin.get('/console/iam/roles')).status).toBe(200);
  });

  it('refuses with STS\'s message when the caller\'s policies or a missing role say no, and bad input with a clear one', async () => {
    const refused = await post(limited, '/console/iam/switch-role', { Account: a, RoleName: 'viewer' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(`User: arn:aws:iam::${a}:user/limited is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${a}:role/viewer`);
    expect(limited.cookies.has(ROLE_COOKIE)).toBe(false);
    const missing = await post(admin, '/console/iam/switch-role', { Account: a, RoleName: 'ghost' });
    expect(await missing.text()).toContain(`is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${a}:role/ghost`);
    const bad = await post(admin, '/console/iam/switch-role', { Account: 'no such alias!', RoleName: '<x>' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('value="&lt;x&gt;"');
  });

  it('answers an alias that names no account exactly as one whose role may not be assumed: no alias or account id leaks', async () => {
    const fields = (alias: string) => ({ Account: alias, RoleName: 'nothing-here' });
    const unknown = await post(limited, '/console/iam/switch-role', fields('no-such-alias-anywhere'));
    const known = await post(limited, '/console/iam/switch-role', fields(`acct-b-${b}`));
    const refusal = (alias: string) => `User: arn:aws:iam::${a}:user/limited is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${alias}:role/nothing-here`;
    expect([unknown.status, known.status]).toEqual([403, 403]);
    const [u, k] = [await unknown.text(), await known.text()];
    expect(u).toContain(refusal('no-such-alias-anywhere'));
    expect(k).toContain(refusal(`acct-b-${b}`));
    expect(k).not.toContain(`iam::${b}:`);
    expect(u.replaceAll('no-such-alias-anywhere', 'X')).toBe(k.replaceAll(`acct-b-${b}`, 'X'));
  });

  it('switches to another account\'s role by its alias, from a role that may not (the original credentials decide): that account\'s object serves the pages', async () => {
    expect((await post(admin, '/console/iam/switch-role', { Account: a, RoleName: 'viewer' })).status).toBe(303);
    const res = await post(admin, '/console/iam/switch-role', { Account: `acct-b-${b}`, RoleName: 'xacct' });
    expect(res.status).toBe(303);
    const roles = await admin.get('/console/iam/roles');
    const page = await roles.text();
    expect(roles.status).toBe(200);
    expect(page).toContain('<a href="/console/iam/roles/xacct">xacct</a>');
    expect(page).toContain(`<span id="header-account">${b}</span>`);
    expect(page).not.toContain('/console/iam/roles/viewer"');
    await post(admin, '/console/iam/switch-back');
  });

  it('passes the sign-in\'s MFA to a trust policy that requires it', async () => {
    await iamOk(rootA, 'CreateRole', { RoleName: 'guarded', AssumeRolePolicyDocument: trustAccount(a, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) });
    await iamOk(rootA, 'PutRolePolicy', { RoleName: 'guarded', PolicyName: 'groups', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListGroups', Resource: '*' }) });
    expect((await post(admin, '/console/iam/switch-role', { Account: a, RoleName: 'guarded' })).status).toBe(403);
    await userWithPassword(rootA, 'mfa-user');
    await iamOk(rootA, 'PutUserPolicy', { UserName: 'mfa-user', PolicyName: 'assume', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
    const code = await enableMfa(rootA, 'mfa-user');
    advanceClock(60_000);
    const br = new Browser();
    const step = await br.signIn(a, 'mfa-user', USER_PW);
    const signed = await br.post(`/console/${a}/mfa`, { csrf: br.csrf, pending: hidden(await step.text(), 'pending'), code: code() });
    expect(signed.headers.get('location')).toBe('/console/home');
    await open(br);
    expect((await post(br, '/console/iam/switch-role', { Account: a, RoleName: 'guarded' })).status).toBe(303);
    expect((await br.get('/console/iam/groups')).status).toBe(200);
  });

  it('makes the role cookie useless beside another session, and ends the role session after its hour', async () => {
    expect((await post(admin, '/console/iam/switch-role', { Account: a, RoleName: 'viewer' })).status).toBe(303);
    const stolen = admin.cookies.get(ROLE_COOKIE)!;
    const other = await signedIn(a, 'admin', USER_PW);
    other.cookies.set(ROLE_COOKIE, stolen);
    const page = await other.get('/console/iam/roles');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<span id="signed-in-as">admin</span>');
    expect(other.cookies.has(ROLE_COOKIE)).toBe(false);

    expect((await admin.get('/console/iam/roles')).status).toBe(403);
    advanceClock(3_600_000);
    const after = await admin.get('/console/iam/roles');
    expect(after.status).toBe(200);
    expect(admin.cookies.has(ROLE_COOKIE)).toBe(false);
  });
});
