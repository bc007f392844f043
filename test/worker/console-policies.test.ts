/**
 * The console's Policies section (issue 10 §3): list with AWS's Scope filter and search, create with IAM's
 * own validation shown under the editor, versions (LimitExceeded at five, DeleteConflict on the default),
 * attached entities, delete (DeleteConflict while attached), AWS-managed policies read-only; refusals with
 * AWS's message, forged forms, escaping. Every change is checked through the API.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, policy, type Keys } from './support';
import { accountWithRoot, Browser, hidden, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const DOC = policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' });
const view = (arn: string) => `/console/iam/policies/view?${new URLSearchParams({ arn })}`;

let accountId: string;
let root: Keys;
let admin: Browser;
let reader: Browser;
let nobody: Browser;
/** Each browser's session CSRF token (the one the signed-in pages' forms carry). */
const tokens = { admin: '', reader: '' };
/** The CSRF token of `b`'s session, as its pages carry it. */
const sessionToken = async (b: Browser) => hidden(await (await b.get('/console/home')).text(), 'csrf');

beforeAll(async () => {
  ({ accountId, root } = await accountWithRoot());
  admin = await signedIn(accountId, `root@${accountId}.example`, ROOT_PW, true);
  await userWithPassword(root, 'reader');
  await iamOk(root, 'PutUserPolicy', { UserName: 'reader', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:List*', 'iam:Get*'], Resource: '*' }) });
  await userWithPassword(root, 'nobody');
  [reader, nobody] = await Promise.all([signedIn(accountId, 'reader', USER_PW), signedIn(accountId, 'nobody', USER_PW)]);
  [tokens.admin, tokens.reader] = await Promise.all([sessionToken(admin), sessionToken(reader)]);
});

/** Creates customer policy `name` through the console; answers its ARN. */
async function createThroughConsole(name: string, doc = DOC): Promise<string> {
  const res = await admin.post('/console/iam/policies', { csrf: tokens.admin, PolicyName: name, Path: '/', Description: '', PolicyDocument: doc });
  expect(res.status).toBe(303);
  return new URL(res.headers.get('location')!, 'https://x').searchParams.get('arn')!;
}

describe('console policies', () => {
  it('lists AWS-managed and customer policies with type and attachments; Scope and search filter', async () => {
    await createThroughConsole('ListedPolicy');
    await iamOk(root, 'AttachUserPolicy', { UserName: 'reader', PolicyArn: `arn:aws:iam::${accountId}:policy/ListedPolicy` });
    const all = await (await admin.get('/console/iam/policies')).text();
    expect(all).toMatch(/ListedPolicy<\/a><\/td><td>Customer managed<\/td><td>1<\/td>/);
    expect(all).toMatch(/AdministratorAccess<\/a><\/td><td>AWS managed<\/td>/);
    const local = await (await admin.get('/console/iam/policies?scope=Local')).text();
    expect([local.includes('ListedPolicy'), local.includes('AdministratorAccess')]).toEqual([true, false]);
    const found = await (await admin.get('/console/iam/policies?search=admin')).text();
    expect([found.includes('AdministratorAccess'), found.includes('ListedPolicy')]).toEqual([true, false]);
    // IAM's Marker goes through as is: after IAMFullAccess (IAM's key: the lower-cased name, AWS-managed first).
    const marker = btoa('iamfullaccess\u00000').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const after = await (await admin.get(`/console/iam/policies?scope=AWS&marker=${marker}`)).text();
    expect([after.includes('>IAMFullAccess<'), after.includes('>IAMReadOnlyAccess<'), after.includes('>AdministratorAccess<')]).toEqual([false, true, false]);
    const garbage = await admin.get('/console/iam/policies?marker=%FF%FE');
    expect([garbage.status, (await garbage.text()).includes('<strong>ValidationError</strong>: <span class="message">Invalid Marker.</span>')]).toEqual([400, true]);
  });

  it('creates a policy from the editor and shows its summary, document and version', async () => {
    const arn = await createThroughConsole('Created', DOC);
    expect(arn).toBe(`arn:aws:iam::${accountId}:policy/Created`);
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.DefaultVersionId).toBe('v1');
    const page = await admin.get(`${view(arn)}&done=created`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('The policy was created.');
    expect(html).toContain('&quot;Action&quot;: &quot;s3:ListBucket&quot;');
    expect(html).toMatch(/<a href="[^"]*version=v1">v1<\/a> \(default\)/);
    expect(html).toContain('<textarea id="PolicyDocument" name="PolicyDocument" data-json=""');
  });

  it("shows IAM's validation under the editor with the document as typed, and creates nothing", async () => {
    const typed = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:<b>Get</b>"}]}';
    const bad = await admin.post('/console/iam/policies', { csrf: tokens.admin, PolicyName: 'Broken', Path: '/', PolicyDocument: typed });
    const html = await bad.text();
    expect(bad.status).toBe(400);
    expect(html).toMatch(/<div id="PolicyDocument-error"><div class="alert error" role="alert"><strong>MalformedPolicyDocument<\/strong>/);
    expect(html).toContain('{&quot;Version&quot;:&quot;2012-10-17&quot;,&quot;Statement&quot;:[{&quot;Effect&quot;:&quot;Allow&quot;,&quot;Action&quot;:&quot;s3:&lt;b&gt;Get&lt;/b&gt;&quot;}]}');
    expect(html).not.toContain('<b>Get');
    const named = await admin.post('/console/iam/policies', { csrf: tokens.admin, PolicyName: '<script>x</script>', Path: 'no-slash', PolicyDocument: DOC });
    const namedHtml = await named.text();
    expect(named.status).toBe(400);
    expect(namedHtml).toContain('ValidationError');
    expect(namedHtml).toContain("Value &#39;&lt;script&gt;x&lt;/script&gt;&#39; at &#39;policyName&#39; failed to satisfy constraint");
    expect(namedHtml).not.toContain('<script>x');
    const tooLong = await admin.post('/console/iam/policies', { csrf: tokens.admin, PolicyName: 'Long', PolicyDocument: policy({ Sid: 'a'.repeat(6200), Effect: 'Allow', Action: '*', Resource: '*' }) });
    expect(tooLong.status).toBe(409);
    expect(await tooLong.text()).toContain('<div id="PolicyDocument-error"><div class="alert error" role="alert"><strong>LimitExceeded</strong>: <span class="message">Cannot exceed quota for PolicySize: 6144</span>');
    // A browser declares a form post's length (Content-Length): a declared oversize is answered with the limit.
    const hugeForm = { csrf: tokens.admin, PolicyName: 'Huge', PolicyDocument: 'x'.repeat(70_000) };
    const huge = await admin.post('/console/iam/policies', hugeForm, { 'content-length': String(new URLSearchParams(hugeForm).toString().length) });
    expect([huge.status, (await huge.text()).includes('The form is larger than the console accepts (64 KiB). Nothing was changed.')]).toEqual([413, true]);
    for (const name of ['Broken', 'Long', 'Huge']) expect((await call(root, 'GetPolicy', { PolicyArn: `arn:aws:iam::${accountId}:policy/${name}` })).error?.Code).toBe('NoSuchEntity');
  });

  it('creates versions up to five (LimitExceeded after), sets the default, refuses to delete the default, deletes others', async () => {
    const arn = await createThroughConsole('Versioned');
    for (let i = 2; i <= 5; i++) {
      const res = await admin.post('/console/iam/policies/versions', { csrf: tokens.admin, arn, PolicyDocument: policy({ Sid: `V${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), SetAsDefault: 'true' });
      expect([res.status, res.headers.get('location')]).toEqual([303, `${view(arn)}&done=version-created`]);
    }
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.DefaultVersionId).toBe('v5');
    const sixth = await admin.post('/console/iam/policies/versions', { csrf: tokens.admin, arn, PolicyDocument: policy({ Sid: 'Six', Effect: 'Allow', Action: '*', Resource: '*' }) });
    const sixthHtml = await sixth.text();
    expect(sixth.status).toBe(409);
    expect(sixthHtml).toContain('<strong>LimitExceeded</strong>: <span class="message">A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.</span>');
    expect(sixthHtml).toContain('&quot;Sid&quot;:&quot;Six&quot;');

    const set = await admin.post('/console/iam/policies/versions/default', { csrf: tokens.admin, arn, VersionId: 'v1' });
    expect(set.status).toBe(303);
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.DefaultVersionId).toBe('v1');
    const conflict = await admin.post('/console/iam/policies/versions/delete', { csrf: tokens.admin, arn, VersionId: 'v1' });
    expect([conflict.status, (await conflict.text()).includes('<strong>DeleteConflict</strong>: <span class="message">Cannot delete the default version of a policy.</span>')]).toEqual([409, true]);
    const deleted = await admin.post('/console/iam/policies/versions/delete', { csrf: tokens.admin, arn, VersionId: 'v3' });
    expect(deleted.status).toBe(303);
    const versions = (await iamOk(root, 'ListPolicyVersions', { PolicyArn: arn })).Versions.member.map((v: { VersionId: string }) => v.VersionId);
    expect(versions).toEqual(['v5', 'v4', 'v2', 'v1']);
  });

  it('shows attached entities and refuses to delete an attached policy; deletes it once detached', async () => {
    const arn = await createThroughConsole('Attached');
    await iamOk(root, 'AttachUserPolicy', { UserName: 'nobody', PolicyArn: arn });
    expect(await (await admin.get(view(arn))).text()).toContain('<a href="/console/iam/users/nobody">nobody</a></td><td>User</td>');
    const refusedDelete = await admin.post('/console/iam/policies/delete', { csrf: tokens.admin, arn });
    expect([refusedDelete.status, (await refusedDelete.text()).includes('Cannot delete a policy attached to entities.')]).toEqual([409, true]);
    await iamOk(root, 'DetachUserPolicy', { UserName: 'nobody', PolicyArn: arn });
    const del = await admin.post('/console/iam/policies/delete', { csrf: tokens.admin, arn });
    expect([del.status, del.headers.get('location')]).toEqual([303, '/console/iam/policies?done=deleted']);
    expect((await call(root, 'GetPolicy', { PolicyArn: arn })).error?.Code).toBe('NoSuchEntity');
  });

  it('shows AWS-managed policies without edit forms; IAM refuses their writes', async () => {
    const arn = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
    const html = await (await admin.get(view(arn))).text();
    expect(html).toContain('id="aws-managed-note"');
    expect(html).not.toContain('create-version-form');
    expect(html).not.toContain('/console/iam/policies/delete');
    const forced = await admin.post('/console/iam/policies/versions', { csrf: tokens.admin, arn, PolicyDocument: DOC });
    expect(forced.status).toBe(403);
    expect(await forced.text()).toContain(`User: arn:aws:iam::${accountId}:root is not authorized to perform: iam:CreatePolicyVersion on resource: policy ${arn} because no resource-based policy allows the iam:CreatePolicyVersion action`);
  });

  it("refuses what the signed-in user's policies do not allow, with AWS's message; nothing changes", async () => {
    const res = await reader.post('/console/iam/policies', { csrf: tokens.reader, PolicyName: 'ByReader', Path: '/', PolicyDocument: DOC });
    const html = await res.text();
    expect(res.status).toBe(403);
    expect(html).toContain(
      `User: arn:aws:iam::${accountId}:user/reader is not authorized to perform: iam:CreatePolicy on resource: arn:aws:iam::${accountId}:policy/ByReader because no identity-based policy allows the iam:CreatePolicy action`,
    );
    expect((await call(root, 'GetPolicy', { PolicyArn: `arn:aws:iam::${accountId}:policy/ByReader` })).error?.Code).toBe('NoSuchEntity');
    const list = await nobody.get('/console/iam/policies');
    expect([list.status, (await list.text()).includes('is not authorized to perform: iam:ListPolicies')]).toEqual([403, true]);
  });

  it('refuses forged and cross-site forms (no token, another session’s token, another origin) and does nothing', async () => {
    const fields = { PolicyName: 'Forged', Path: '/', PolicyDocument: DOC };
    const noToken = await admin.post('/console/iam/policies', fields);
    const otherToken = await admin.post('/console/iam/policies', { ...fields, csrf: tokens.reader });
    const otherOrigin = await admin.post('/console/iam/policies', { ...fields, csrf: tokens.admin }, { origin: 'https://evil.example' });
    for (const r of [noToken, otherToken, otherOrigin]) expect([r.status, (await r.text()).includes('Request refused')]).toEqual([403, true]);
    expect((await call(root, 'GetPolicy', { PolicyArn: `arn:aws:iam::${accountId}:policy/Forged` })).error?.Code).toBe('NoSuchEntity');
  });

  it('escapes HTML and script in a stored document', async () => {
    const evil = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:username': '</pre><script>alert(1)</script>' } } });
    const arn = await createThroughConsole('Escaped', evil);
    const html = await (await admin.get(view(arn))).text();
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(hidden(html, 'arn')).toBe(arn);
  });
});
