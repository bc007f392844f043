/**
 * The console's users pages (issue 10 §3): list with IAM's pagination and a name filter, create with the
 * optional steps (and what a failed step leaves), the detail page's forms (groups, managed and inline
 * policies, tags, delete), each checked through the API; a principal allowed only iam:ListUsers sees AWS's
 * refusals and changes nothing; bad input comes back as AWS's ValidationError, escaped; forged forms do nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, policy, type Keys } from './support';
import { accountWithRoot, Browser, hidden, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const USERS = '/console/iam/users';
/** A name with every punctuation IAM allows in a user name, to round-trip through URLs. */
const ODD = 'a+b=c,d.e@f_g-h';
const at = (name: string, rest = '') => `${USERS}/${encodeURIComponent(name)}${rest}`;
const SCRIPT = '<script>alert(1)</script>';

let accountId: string;
let root: Keys;
let admin: Browser;
let reader: Browser;
let viewer: Browser;

/** Posts a detail-page form of `name` with the session's CSRF token. */
const post = (b: Browser, path: string, fields: Record<string, string>) => b.post(path, { csrf: csrfOf(b), ...fields });
const csrfTokens = new Map<Browser, string>();
const csrfOf = (b: Browser) => csrfTokens.get(b)!;
const userNames = async () => ((await iamOk(root, 'ListUsers', { MaxItems: '1000' })).Users?.member ?? []).map((u: { UserName: string }) => u.UserName);
const rows = (html: string) => [...html.matchAll(/<a href="\/console\/iam\/users\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));

beforeAll(async () => {
  ({ accountId, root } = await accountWithRoot());
  await iamOk(root, 'CreateGroup', { GroupName: 'devs' });
  await userWithPassword(root, 'reader');
  await iamOk(root, 'PutUserPolicy', { UserName: 'reader', PolicyName: 'list', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) });
  await userWithPassword(root, 'viewer');
  await iamOk(root, 'PutUserPolicy', { UserName: 'viewer', PolicyName: 'get', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) });
  admin = await signedIn(accountId, `root@${accountId}.example`, ROOT_PW, true);
  reader = await signedIn(accountId, 'reader', USER_PW);
  viewer = await signedIn(accountId, 'viewer', USER_PW);
  for (const b of [admin, reader, viewer]) csrfTokens.set(b, hidden(await (await b.get('/console/home')).text(), 'csrf'));
});

describe('console users: create', () => {
  it('serves the create form outside /users/, so a user named `new` has its own page', async () => {
    const form = await admin.get('/console/iam/new-user');
    expect([form.status, (await form.text()).includes('action="/console/iam/users"')]).toEqual([200, true]);
    await iamOk(root, 'CreateUser', { UserName: 'new' });
    const page = await admin.get(at('new'));
    expect([page.status, (await page.text()).includes(`arn:aws:iam::${accountId}:user/new`)]).toEqual([200, true]);
    await iamOk(root, 'DeleteUser', { UserName: 'new' });
  });

  it('creates a user with a password, a group and a policy, each through IAM, and shows it under its encoded name', async () => {
    const res = await post(admin, USERS, { UserName: ODD, Path: '/team/', Password: 'Str0ng-enough!', PasswordResetRequired: 'true', GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    expect([res.status, res.headers.get('location')]).toEqual([303, `${at(ODD)}?done=created`]);
    expect((await iamOk(root, 'GetUser', { UserName: ODD })).User.Path).toBe('/team/');
    expect((await iamOk(root, 'GetLoginProfile', { UserName: ODD })).LoginProfile.PasswordResetRequired).toBe('true');
    expect((await iamOk(root, 'ListGroupsForUser', { UserName: ODD })).Groups.member.map((g: { GroupName: string }) => g.GroupName)).toEqual(['devs']);
    expect((await iamOk(root, 'ListAttachedUserPolicies', { UserName: ODD })).AttachedPolicies.member[0].PolicyName).toBe('IAMReadOnlyAccess');

    const page = await admin.get(res.headers.get('location')!);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('The user was created.');
    expect(html).toContain(`arn:aws:iam::${accountId}:user/team/${ODD}`);
    expect(html).toContain(`href="${at(ODD, '/security-credentials')}"`);
    expect(html).toContain(`action="${at(ODD, '/groups/remove')}"`);
  });

  it('says what was created and what failed when a later step is refused, in AWS words', async () => {
    const res = await post(admin, USERS, { UserName: 'half-made', Password: 'x', GroupName: 'no-such-group' });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('Create user half-made: done');
    expect(html).toContain('<strong>PasswordPolicyViolation</strong>');
    expect(html).toContain('<strong>NoSuchEntity</strong>: <span class="message">The group with name no-such-group cannot be found.</span>');
    expect(await userNames()).toContain('half-made');
    expect((await call(root, 'GetLoginProfile', { UserName: 'half-made' })).error?.Code).toBe('NoSuchEntity');
  });

  it('refuses bad names with the API ValidationError, escaped, and an existing name with EntityAlreadyExists; nothing created', async () => {
    const before = await userNames();
    const script = await post(admin, USERS, { UserName: SCRIPT, Path: '/' });
    const html = await script.text();
    expect(script.status).toBe(400);
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain("Value &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; at &#39;userName&#39; failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    const long = await post(admin, USERS, { UserName: 'n'.repeat(200) });
    expect([long.status, await long.text()]).toEqual([400, expect.stringContaining('Member must have length less than or equal to 64')]);
    const twice = await post(admin, USERS, { UserName: 'reader' });
    expect([twice.status, await twice.text()]).toEqual([409, expect.stringContaining('User with name reader already exists.')]);
    expect(await userNames()).toEqual(before);
  });
});

describe('console users: detail', () => {
  it('adds and removes a group, attaches and detaches a policy, through IAM', async () => {
    await iamOk(root, 'CreateUser', { UserName: 'worker' });
    const steps: Array<[string, Record<string, string>, string]> = [
      ['/groups/add', { GroupName: 'devs' }, 'group-added'],
      ['/policies/attach', { PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }, 'policy-attached'],
    ];
    for (const [path, fields, done] of steps) {
      const res = await post(admin, at('worker', path), fields);
      expect([res.status, res.headers.get('location')]).toEqual([303, `${at('worker')}?done=${done}`]);
    }
    const page = await (await admin.get(at('worker'))).text();
    expect(page).toContain('<td>devs</td>');
    expect(page).toContain('<td>arn:aws:iam::aws:policy/PowerUserAccess</td>');
    expect((await post(admin, at('worker', '/groups/remove'), { GroupName: 'devs' })).status).toBe(303);
    expect((await post(admin, at('worker', '/policies/detach'), { PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' })).status).toBe(303);
    expect((await iamOk(root, 'ListGroupsForUser', { UserName: 'worker' })).Groups).toBeFalsy();
    expect((await iamOk(root, 'ListAttachedUserPolicies', { UserName: 'worker' })).AttachedPolicies).toBeFalsy();
  });

  it('saves inline policies and tags, shows HTML in them escaped, and deletes them', async () => {
    const doc = policy({ Effect: 'Deny', Action: 's3:GetObject', Resource: `arn:aws:s3:::${SCRIPT}` });
    expect((await post(admin, at('worker', '/inline'), { PolicyName: 'deny-s3', PolicyDocument: doc })).status).toBe(303);
    expect((await post(admin, at('worker', '/tags'), { Key: 'team', Value: 'blue' })).status).toBe(303);
    const html = await (await admin.get(at('worker'))).text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('arn:aws:s3:::&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<td>team</td><td>blue</td>');
    expect(decodeURIComponent((await iamOk(root, 'GetUserPolicy', { UserName: 'worker', PolicyName: 'deny-s3' })).PolicyDocument)).toBe(doc);

    // IAM refuses < and > in tag values; the refusal echoes the value, escaped, and keeps the typed fields.
    const bad = await post(admin, at('worker', '/tags'), { Key: 'owner', Value: '<img src=x onerror=alert(1)>' });
    const refusal = await bad.text();
    expect([bad.status, refusal]).toEqual([400, expect.stringContaining('Value &#39;&lt;img src=x onerror=alert(1)&gt;&#39; at &#39;tags.1.member.value&#39;')]);
    expect(refusal).not.toContain('<img src=x');
    expect(refusal).toContain('id="Value" name="Value" type="text" value="&lt;img src=x onerror=alert(1)&gt;"');
    expect((await iamOk(root, 'ListUserTags', { UserName: 'worker' })).Tags.member).toEqual([{ Key: 'team', Value: 'blue' }]);

    expect((await post(admin, at('worker', '/inline/delete'), { PolicyName: 'deny-s3' })).status).toBe(303);
    expect((await post(admin, at('worker', '/tags/remove'), { TagKey: 'team' })).status).toBe(303);
    expect((await iamOk(root, 'ListUserPolicies', { UserName: 'worker' })).PolicyNames).toBeFalsy();
    expect((await iamOk(root, 'ListUserTags', { UserName: 'worker' })).Tags).toBeFalsy();
  });

  it('shows a malformed or oversized policy document with AWS error, keeping what was typed, escaped', async () => {
    const res = await post(admin, at('worker', '/inline'), { PolicyName: 'broken', PolicyDocument: `{"Version": "2012-10-17", ${SCRIPT}` });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('<strong>MalformedPolicyDocument</strong>');
    expect(html).toContain(`{&quot;Version&quot;: &quot;2012-10-17&quot;, &lt;script&gt;`);
    const huge = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: 120 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) });
    const tooBig = await post(admin, at('worker', '/inline'), { PolicyName: 'broken', PolicyDocument: huge });
    expect([tooBig.status, await tooBig.text()]).toEqual([409, expect.stringContaining('<strong>LimitExceeded</strong>')]);
    expect((await call(root, 'GetUserPolicy', { UserName: 'worker', PolicyName: 'broken' })).error?.Code).toBe('NoSuchEntity');
  });

  it('shows DeleteConflict while the user has a password, deletes a bare user, and 404s an unknown one', async () => {
    const conflict = await post(admin, at(ODD, '/delete'), {});
    expect([conflict.status, await conflict.text()]).toEqual([409, expect.stringContaining('<strong>DeleteConflict</strong>: <span class="message">Cannot delete entity, must delete login profile first.</span>')]);
    expect(await userNames()).toContain(ODD);

    const gone = await post(admin, at('worker', '/delete'), {});
    expect([gone.status, gone.headers.get('location')]).toEqual([303, `${USERS}?done=deleted`]);
    expect(await userNames()).not.toContain('worker');
    const missing = await admin.get(at('worker'));
    expect([missing.status, await missing.text()]).toEqual([404, expect.stringContaining('The user with name worker cannot be found.')]);
  });
});

describe('console users: list', () => {
  it('pages with IAM Marker and filters the page by name', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => iamOk(root, 'CreateUser', { UserName: `bulk-${String(i).padStart(2, '0')}` })));
    const all = await userNames();
    const first = await (await admin.get(USERS)).text();
    const next = /<a href="(\/console\/iam\/users\?marker=[^"]+)" rel="next">/.exec(first)![1]!.replace(/&amp;/g, '&');
    const second = await (await admin.get(next)).text();
    expect(rows(first)).toHaveLength(50);
    expect([...rows(first), ...rows(second)]).toEqual(all);
    expect(second).not.toContain('rel="next"');

    const found = await admin.get(`${USERS}?search=${encodeURIComponent('BULK-4')}`);
    expect([found.status, rows(await found.text())]).toEqual([200, all.filter((n: string) => n.startsWith('bulk-4'))]);
    const escaped = await (await admin.get(`${USERS}?search=${encodeURIComponent(SCRIPT)}`)).text();
    expect(escaped).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(rows(escaped)).toEqual([]);
    const bad = await admin.get(`${USERS}?marker=${encodeURIComponent('not a marker')}`);
    expect([bad.status, await bad.text()]).toEqual([400, expect.stringContaining('<strong>ValidationError</strong>')]);
  });
});

describe('console users: refusals', () => {
  it('lets a principal with only iam:ListUsers list, and shows AWS refusal for everything else, changing nothing', async () => {
    const denied = (action: string, resource: string) =>
      `User: arn:aws:iam::${accountId}:user/reader is not authorized to perform: iam:${action} on resource: ${resource} because no identity-based policy allows the iam:${action} action`;
    expect((await reader.get(USERS)).status).toBe(200);

    const detail = await reader.get(at(ODD));
    expect([detail.status, await detail.text()]).toEqual([403, expect.stringContaining(denied('GetUser', `arn:aws:iam::${accountId}:user/team/${ODD}`))]);
    const before = await userNames();
    const create = await post(reader, USERS, { UserName: 'sneaky' });
    expect([create.status, await create.text()]).toEqual([403, expect.stringContaining(denied('CreateUser', `arn:aws:iam::${accountId}:user/sneaky`))]);
    const form = await (await reader.get('/console/iam/new-user')).text();
    expect(form).toContain('You may not list groups (iam:ListGroups)');
    const add = await post(reader, at('reader', '/groups/add'), { GroupName: 'devs' });
    expect([add.status, await add.text()]).toEqual([403, expect.stringContaining(denied('AddUserToGroup', `arn:aws:iam::${accountId}:group/devs`))]);
    expect((await post(reader, at(ODD, '/delete'), {})).status).toBe(403);
    expect(await userNames()).toEqual(before);
    expect((await iamOk(root, 'ListGroupsForUser', { UserName: 'reader' })).Groups).toBeFalsy();
  });

  it('shows each section a principal may not read with AWS refusal in its place, and text fields for the pickers', async () => {
    const page = await viewer.get(at('viewer'));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(`arn:aws:iam::${accountId}:user/viewer`);
    for (const action of ['ListGroupsForUser', 'ListAttachedUserPolicies', 'ListUserPolicies', 'ListUserTags']) {
      expect(html).toContain(`is not authorized to perform: iam:${action} on resource: arn:aws:iam::${accountId}:user/viewer because no identity-based policy allows the iam:${action} action`);
    }
    expect(html).toContain('<input id="add-GroupName" name="GroupName" type="text"');
    expect(html).toContain('You may not list policies (iam:ListPolicies)');
  });

  it('refuses forged forms (no token, another token, another origin) with 403 and an oversized one with 413; does nothing', async () => {
    const before = await userNames();
    const forged = [
      await admin.post(USERS, { UserName: 'forged-1' }),
      await admin.post(USERS, { UserName: 'forged-2', csrf: csrfOf(reader) }),
      await admin.post(USERS, { UserName: 'forged-3', csrf: csrfOf(admin) }, { origin: 'https://evil.test' }),
      await admin.post(at('reader', '/policies/attach'), { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      await admin.post(at('reader', '/delete'), { csrf: 'x'.repeat(43) }),
    ];
    for (const res of forged) expect([res.status, await res.text()]).toEqual([403, expect.stringContaining('Request refused')]);
    // A browser declares a form post's length: a declared oversize is answered with the limit (page-kit.tsx).
    const hugeForm = { csrf: csrfOf(admin), PolicyName: 'huge', PolicyDocument: 'x'.repeat(70_000) };
    const huge = await admin.post(at('reader', '/inline'), hugeForm, { 'content-length': String(new URLSearchParams(hugeForm).toString().length) });
    expect([huge.status, await huge.text()]).toEqual([413, expect.stringContaining('The form is larger than the console accepts (64 KiB). Nothing was changed.')]);
    expect(await userNames()).toEqual(before);
    expect((await iamOk(root, 'ListAttachedUserPolicies', { UserName: 'reader' })).AttachedPolicies).toBeFalsy();
    expect((await iamOk(root, 'ListUserPolicies', { UserName: 'reader' })).PolicyNames.member).toEqual(['list']);
  });
});
