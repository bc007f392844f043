/**
 * The console's user groups pages (issue 10 §3): list, create, members, attached and inline policies,
 * delete, each as the signed-in principal through IAM's own actions (what changed is read back through the
 * API), refused with AWS's message for a principal whose policies do not allow it, bad input answered with
 * IAM's validation message and escaped, forged forms refused with nothing done.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, policy, type Keys } from './support';
import { Browser, signedIn, USER_PW, userWithPassword } from './signin-support';

/** The text of a page with Hono JSX's entities read back. */
const text = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

let accountId: string;
let root: Keys;
let admin: Browser;
let reader: Browser;

beforeAll(async () => {
  ({ accountId, root } = await newAccount());
  await userWithPassword(root, 'admin');
  await iamOk(root, 'PutUserPolicy', { UserName: 'admin', PolicyName: 'all', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) });
  await userWithPassword(root, 'reader');
  // `reader` may read groups but not list them nor change anything.
  await iamOk(root, 'PutUserPolicy', { UserName: 'reader', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }) });
  await iamOk(root, 'CreateUser', { UserName: 'member' });
  [admin, reader] = await Promise.all([signedIn(accountId, 'admin', USER_PW), signedIn(accountId, 'reader', USER_PW)]);
});

/** The session's CSRF token, as the pages carry it (read from a page once per browser). */
const tokens = new Map<Browser, string>();
const csrfOf = (b: Browser) => tokens.get(b)!;
async function loadCsrf(b: Browser) {
  const html = await (await b.get('/console/iam/groups')).text();
  tokens.set(b, /name="csrf" value="([^"]+)"/.exec(html)![1]!);
}
const post = (b: Browser, path: string, fields: Record<string, string> = {}) => b.post(path, { csrf: csrfOf(b), ...fields });

describe('console user groups', () => {
  beforeAll(async () => {
    await Promise.all([loadCsrf(admin), loadCsrf(reader)]);
  });

  it('creates a group, lists it (search filters the page) and shows its page', async () => {
    const created = await post(admin, '/console/iam/groups', { GroupName: 'devs', Path: '/eng/' });
    expect([created.status, created.headers.get('location')]).toEqual([303, '/console/iam/groups/devs?done=created']);
    expect((await iamOk(root, 'GetGroup', { GroupName: 'devs' })).Group.Path).toBe('/eng/');
    const page = await admin.get('/console/iam/groups/devs?done=created');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('User group created.');
    expect(html).toContain(`arn:aws:iam::${accountId}:group/eng/devs`);
    const list = await (await admin.get('/console/iam/groups')).text();
    expect(list).toContain('<a href="/console/iam/groups/devs">devs</a>');
    expect(await (await admin.get('/console/iam/groups?search=zzz')).text()).not.toContain('/console/iam/groups/devs"');
  });

  it('pages the list by IAM\'s Marker, 50 groups a page', async () => {
    const { root: other } = await newAccount();
    const names = Array.from({ length: 51 }, (_, i) => `g${String(i).padStart(2, '0')}`);
    for (const n of names) await iamOk(other, 'CreateGroup', { GroupName: n });
    await userWithPassword(other, 'lister');
    await iamOk(other, 'PutUserPolicy', { UserName: 'lister', PolicyName: 'list', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListGroups', Resource: '*' }) });
    const lister = await signedIn((await iamOk(other, 'GetUser', { UserName: 'lister' })).User.Arn.split(':')[4], 'lister', USER_PW);
    const first = await (await lister.get('/console/iam/groups')).text();
    expect(first).toContain('/console/iam/groups/g49"');
    expect(first).not.toContain('/console/iam/groups/g50"');
    const next = /href="(\/console\/iam\/groups\?marker=[^"]+)" rel="next"/.exec(first)![1]!.replace(/&amp;/g, '&');
    const second = await (await lister.get(next)).text();
    expect(second).toContain('/console/iam/groups/g50"');
    expect(second).not.toContain('/console/iam/groups/g00"');
    expect(second).not.toContain('rel="next"');
  });

  it('adds and removes members, attaches and detaches managed policies, saves and deletes inline policies', async () => {
    await iamOk(root, 'CreateGroup', { GroupName: 'ops' });
    expect((await post(admin, '/console/iam/groups/ops/users/add', { UserName: 'member' })).status).toBe(303);
    expect((await iamOk(root, 'GetGroup', { GroupName: 'ops' })).Users.member.map((u: { UserName: string }) => u.UserName)).toEqual(['member']);
    const arn = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
    expect((await post(admin, '/console/iam/groups/ops/policies/attach', { PolicyArn: arn })).headers.get('location')).toBe('/console/iam/groups/ops?done=attached');
    expect((await iamOk(root, 'ListAttachedGroupPolicies', { GroupName: 'ops' })).AttachedPolicies.member[0].PolicyArn).toBe(arn);
    const doc = policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'aws:username': '<script>alert(1)</script>' } } });
    expect((await post(admin, '/console/iam/groups/ops/inline', { PolicyName: 'mine', PolicyDocument: doc })).status).toBe(303);
    expect((await iamOk(root, 'ListGroupPolicies', { GroupName: 'ops' })).PolicyNames.member).toEqual(['mine']);
    // The stored document comes back in the editor, its markup escaped.
    const viewed = await (await admin.get('/console/iam/groups/ops?policy=mine')).text();
    expect(viewed).not.toContain('<script>alert(1)</script>');
    expect(text(viewed)).toContain('"aws:username": "<script>alert(1)</script>"');
    expect(viewed).toContain('<td>member</td>');

    await post(admin, '/console/iam/groups/ops/users/remove', { UserName: 'member' });
    await post(admin, '/console/iam/groups/ops/policies/detach', { PolicyArn: arn });
    await post(admin, '/console/iam/groups/ops/inline/delete', { PolicyName: 'mine' });
    const after = await iamOk(root, 'GetGroup', { GroupName: 'ops' });
    expect(after.Users).toBe('');
    expect((await iamOk(root, 'ListAttachedGroupPolicies', { GroupName: 'ops' })).AttachedPolicies).toBe('');
    expect((await iamOk(root, 'ListGroupPolicies', { GroupName: 'ops' })).PolicyNames).toBe('');
  });

  it('shows IAM\'s validation message beside the inline editor, keeps the draft, and stores nothing', async () => {
    await iamOk(root, 'CreateGroup', { GroupName: 'drafts' });
    const res = await post(admin, '/console/iam/groups/drafts/inline', { PolicyName: 'bad', PolicyDocument: '{"Statement": [' });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toMatch(/id="inline-document-error" class="alert error" role="alert"><strong>MalformedPolicyDocument<\/strong>: <span class="message">Syntax errors in policy.<\/span>/);
    expect(text(html)).toContain('{"Statement": [</textarea>');
    expect((await iamOk(root, 'ListGroupPolicies', { GroupName: 'drafts' })).PolicyNames).toBe('');
  });

  it('refuses DeleteGroup with IAM\'s DeleteConflict while the group has members, then deletes it', async () => {
    await iamOk(root, 'CreateGroup', { GroupName: 'busy' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'busy', UserName: 'member' });
    const refused = await post(admin, '/console/iam/groups/busy/delete');
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('<strong>DeleteConflict</strong>: <span class="message">Cannot delete entity, must remove users from group first.</span>');
    await iamOk(root, 'RemoveUserFromGroup', { GroupName: 'busy', UserName: 'member' });
    const deleted = await post(admin, '/console/iam/groups/busy/delete');
    expect(deleted.headers.get('location')).toBe('/console/iam/groups?done=deleted');
    expect((await call(root, 'GetGroup', { GroupName: 'busy' })).error?.Code).toBe('NoSuchEntity');
    const gone = await admin.get('/console/iam/groups/busy');
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('The group with name busy cannot be found.');
  });

  it('refuses what the principal\'s policies do not allow, with AWS\'s message, and changes nothing', async () => {
    const res = await post(reader, '/console/iam/groups', { GroupName: 'sneaky' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(
      `User: arn:aws:iam::${accountId}:user/reader is not authorized to perform: iam:CreateGroup on resource: arn:aws:iam::${accountId}:group/sneaky because no identity-based policy allows the iam:CreateGroup action`,
    );
    expect((await call(root, 'GetGroup', { GroupName: 'sneaky' })).error?.Code).toBe('NoSuchEntity');
    // A refused list: the page still renders, with the refusal instead of the list.
    const list = await reader.get('/console/iam/groups');
    expect(list.status).toBe(403);
    const html = await list.text();
    expect(html).toContain(`is not authorized to perform: iam:ListGroups on resource: arn:aws:iam::${accountId}:group/`);
    expect(html).toContain('Create user group');
  });

  it('answers bad input with IAM\'s validation message, escaped, and creates nothing', async () => {
    const script = await post(admin, '/console/iam/groups', { GroupName: '<script>x</script>' });
    const html = await script.text();
    expect(script.status).toBe(400);
    expect(html).not.toContain('<script>x</script>');
    expect(text(html)).toContain("Value '<script>x</script>' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    const long = await post(admin, '/console/iam/groups', { GroupName: 'g'.repeat(129) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('Member must have length less than or equal to 128');
    expect((await iamOk(root, 'ListGroups')).Groups.member.map((g: { GroupName: string }) => g.GroupName)).not.toContain('g'.repeat(129));
  });

  it('refuses forged forms (no token, another session\'s token, another origin) and does nothing', async () => {
    const other = await signedIn(accountId, 'admin', USER_PW);
    await loadCsrf(other);
    const attempts = [
      await admin.post('/console/iam/groups', { GroupName: 'forged1' }),
      await admin.post('/console/iam/groups', { csrf: csrfOf(other), GroupName: 'forged2' }),
      await admin.post('/console/iam/groups', { csrf: csrfOf(admin), GroupName: 'forged3' }, { origin: 'https://evil.example' }),
    ];
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403]);
    const names = (await iamOk(root, 'ListGroups')).Groups.member.map((g: { GroupName: string }) => g.GroupName);
    expect(names.filter((n: string) => n.startsWith('forged'))).toEqual([]);
  });
});
