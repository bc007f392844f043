/**
 * The console's policy simulator and identity providers (issue 10 §3): SimulatePrincipalPolicy for a user,
 * group or role with its decisions and matched statements; OIDC and SAML providers created, viewed and
 * deleted; refusals with AWS's message, IAM's validation shown with the fields kept, forged forms,
 * escaping. Changes are checked through the API.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDP_CERT_BASE64 } from '../fixtures/saml/idp';
import { call, iamOk, policy, type Keys } from './support';
import { accountWithRoot, Browser, hidden, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

let accountId: string;
let root: Keys;
let admin: Browser;
let nobody: Browser;
const tokens = { admin: '', nobody: '' };
const sessionToken = async (b: Browser) => hidden(await (await b.get('/console/home')).text(), 'csrf');

/** IdP metadata with the test signing certificate; `org` goes into the organization's name (escaped as XML text). */
const metadata = (org = 'Example') => `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${TEST_IDP_CERT_BASE64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
  <md:Organization><md:OrganizationName xml:lang="en">${org} ${'x'.repeat(700)}</md:OrganizationName><md:OrganizationDisplayName xml:lang="en">Example</md:OrganizationDisplayName><md:OrganizationURL xml:lang="en">https://example.com</md:OrganizationURL></md:Organization>
</md:EntityDescriptor>`;

beforeAll(async () => {
  ({ accountId, root } = await accountWithRoot());
  await iamOk(root, 'CreateUser', { UserName: 'dev' });
  await iamOk(root, 'PutUserPolicy', {
    UserName: 'dev',
    PolicyName: 'dev-access',
    PolicyDocument: policy(
      { Sid: 'ReadBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' },
    ),
  });
  await iamOk(root, 'CreateGroup', { GroupName: 'devs' });
  await userWithPassword(root, 'nobody');
  admin = await signedIn(accountId, `root@${accountId}.example`, ROOT_PW, true);
  nobody = await signedIn(accountId, 'nobody', USER_PW);
  [tokens.admin, tokens.nobody] = await Promise.all([sessionToken(admin), sessionToken(nobody)]);
});

const devArn = () => `arn:aws:iam::${accountId}:user/dev`;

describe('console policy simulator', () => {
  it('offers the account’s users and groups, and shows each decision with its matched statements and missing context', async () => {
    const page = await (await admin.get('/console/iam/simulator')).text();
    expect(page).toContain(`<optgroup label="Users"><option value="${devArn()}">dev</option>`);
    expect(page).toContain(`<option value="arn:aws:iam::${accountId}:group/devs">devs</option>`);
    const res = await admin.post('/console/iam/simulator', {
      csrf: tokens.admin,
      PolicySourceArn: devArn(),
      ActionNames: 's3:GetObject\niam:DeleteUser\r\niam:CreateUser\n',
      ResourceArns: 'arn:aws:s3:::bucket/a',
      ContextKey: 'aws:RequestedRegion',
      ContextType: 'string',
      ContextValue: 'eu-west-1',
    });
    const html = await res.text();
    expect(res.status).toBe(200);
    const row = (action: string, decision: string) => `<td>${action}</td><td>arn:aws:s3:::bucket/a</td><td class="decision ${decision}"><code>${decision}</code>`;
    expect(html).toMatch(new RegExp(`${row('s3:GetObject', 'allowed')} Allowed</td><td><ul><li>dev-access \\(user\\), lines 1–1</li></ul></td><td>None</td>`));
    expect(html).toMatch(new RegExp(`${row('iam:DeleteUser', 'explicitDeny')}[^<]*</td><td><ul><li>dev-access`));
    expect(html).toMatch(new RegExp(`${row('iam:CreateUser', 'implicitDeny')}[^<]*</td><td>None</td>`));
    expect(html).toContain('<input id="ContextKey-1" name="ContextKey" type="text" value="aws:RequestedRegion"');

    const withoutRegion = await admin.post('/console/iam/simulator', { csrf: tokens.admin, PolicySourceArn: devArn(), ActionNames: 's3:GetObject', ResourceArns: 'arn:aws:s3:::bucket/a\narn:aws:s3:::other/b' });
    const rows = await withoutRegion.text();
    expect(rows).toMatch(/<td>arn:aws:s3:::bucket\/a<\/td><td class="decision implicitDeny">.*?<td>aws:RequestedRegion<\/td>/s);
    expect(rows).toMatch(/<td>arn:aws:s3:::other\/b<\/td><td class="decision implicitDeny">/);
  });

  it("shows IAM's validation and AWS's refusal, escaped, with the form kept", async () => {
    const wildcard = await admin.post('/console/iam/simulator', { csrf: tokens.admin, PolicySourceArn: devArn(), ActionNames: 's3:<b>*</b>' });
    const html = await wildcard.text();
    expect(wildcard.status).toBe(400);
    expect(html).toContain('<strong>InvalidInput</strong>');
    expect(html).toContain('s3:&lt;b&gt;*&lt;/b&gt;</textarea>');
    expect(html).not.toContain('<b>*');
    const none = await admin.post('/console/iam/simulator', { csrf: tokens.admin, PolicySourceArn: devArn(), ActionNames: ' \n ' });
    expect([none.status, (await none.text()).includes('<strong>ValidationError</strong>')]).toEqual([400, true]);

    const refused = await nobody.post('/console/iam/simulator', { csrf: tokens.nobody, PolicySourceArn: devArn(), ActionNames: 's3:GetObject' });
    const refusedHtml = await refused.text();
    expect(refused.status).toBe(403);
    expect(refusedHtml).toContain(`User: arn:aws:iam::${accountId}:user/nobody is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${devArn()} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`);
    expect(refusedHtml).toContain('is not authorized to perform: iam:ListUsers');
    expect(refusedHtml).not.toContain('id="simulation-results"');
  });

  it('refuses a forged form', async () => {
    const res = await admin.post('/console/iam/simulator', { csrf: tokens.nobody, PolicySourceArn: devArn(), ActionNames: 's3:GetObject' });
    expect([res.status, (await res.text()).includes('Request refused')]).toEqual([403, true]);
  });
});

describe('console identity providers', () => {
  it('adds an OIDC provider with audiences and thumbprints, shows it, and deletes it', async () => {
    const thumb = 'a'.repeat(40);
    const res = await admin.post('/console/iam/providers/oidc', { csrf: tokens.admin, Url: 'https://oidc.example.com', ClientIDList: 'sts.amazonaws.com\r\nmy-app\n', ThumbprintList: thumb });
    const arn = `arn:aws:iam::${accountId}:oidc-provider/oidc.example.com`;
    expect([res.status, res.headers.get('location')]).toEqual([303, `/console/iam/providers/view?${new URLSearchParams({ arn, done: 'created' })}`]);
    const got = await iamOk(root, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    expect([got.ClientIDList.member, got.ThumbprintList.member]).toEqual([['sts.amazonaws.com', 'my-app'], [thumb]]);
    const page = await (await admin.get(res.headers.get('location')!)).text();
    expect(page).toContain('<dd id="audiences">sts.amazonaws.com, my-app</dd>');
    expect(page).toContain('The identity provider was added.');
    expect(await (await admin.get('/console/iam/providers')).text()).toMatch(/oidc\.example\.com<\/a><\/td><td>OpenID Connect<\/td>/);
    const del = await admin.post('/console/iam/providers/delete', { csrf: tokens.admin, arn });
    expect([del.status, del.headers.get('location')]).toEqual([303, '/console/iam/providers?done=deleted']);
    expect((await call(root, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })).error?.Code).toBe('NoSuchEntity');
  });

  it("shows IAM's validation of a provider with the fields as typed, and creates nothing", async () => {
    const shortThumb = await admin.post('/console/iam/providers/oidc', { csrf: tokens.admin, Url: 'https://bad.example.com', ClientIDList: '<i>app</i>', ThumbprintList: 'abc' });
    const html = await shortThumb.text();
    expect(shortThumb.status).toBe(400);
    expect(html).toContain("Value &#39;abc&#39; at &#39;thumbprintList.1.member&#39; failed to satisfy constraint: Member must have length greater than or equal to 40");
    expect(html).toContain('&lt;i&gt;app&lt;/i&gt;</textarea>');
    const plain = await admin.post('/console/iam/providers/oidc', { csrf: tokens.admin, Url: 'http://bad.example.com' });
    expect([plain.status, (await plain.text()).includes('<strong>InvalidInput</strong>')]).toEqual([400, true]);
    const saml = await admin.post('/console/iam/providers/saml', { csrf: tokens.admin, Name: 'Broken', SAMLMetadataDocument: `<x>${'<script>'.repeat(200)}</x>` });
    const samlHtml = await saml.text();
    expect(saml.status).toBe(400);
    expect(samlHtml).toContain('<strong>InvalidInput</strong>');
    expect(samlHtml).toContain('value="Broken"');
    expect(samlHtml).not.toContain('<script><script>');
    expect((await iamOk(root, 'ListOpenIDConnectProviders')).OpenIDConnectProviderList).toBe('');
    expect((await iamOk(root, 'ListSAMLProviders')).SAMLProviderList).toBe('');
  });

  it('adds a SAML provider from its metadata, shows the document escaped, and deletes it', async () => {
    const doc = metadata('&lt;script&gt;alert(1)&lt;/script&gt;');
    const res = await admin.post('/console/iam/providers/saml', { csrf: tokens.admin, Name: 'Corp', SAMLMetadataDocument: doc });
    const arn = `arn:aws:iam::${accountId}:saml-provider/Corp`;
    expect(res.status).toBe(303);
    expect((await iamOk(root, 'GetSAMLProvider', { SAMLProviderArn: arn })).SAMLMetadataDocument).toBe(doc);
    const page = await (await admin.get(res.headers.get('location')!)).text();
    expect(page).toContain('&amp;lt;script&amp;gt;alert(1)');
    expect(page).toContain('&lt;md:EntityDescriptor');
    const del = await admin.post('/console/iam/providers/delete', { csrf: tokens.admin, arn });
    expect(del.status).toBe(303);
    expect((await call(root, 'GetSAMLProvider', { SAMLProviderArn: arn })).error?.Code).toBe('NoSuchEntity');
  });

  it("refuses a user without the permission with AWS's message, and forged forms; nothing is created", async () => {
    const list = await nobody.get('/console/iam/providers');
    expect([list.status, (await list.text()).includes(`User: arn:aws:iam::${accountId}:user/nobody is not authorized to perform: iam:ListOpenIDConnectProviders`)]).toEqual([403, true]);
    const create = await nobody.post('/console/iam/providers/saml', { csrf: tokens.nobody, Name: 'ByNobody', SAMLMetadataDocument: metadata() });
    expect([create.status, (await create.text()).includes('is not authorized to perform: iam:CreateSAMLProvider')]).toEqual([403, true]);
    const forged = await admin.post('/console/iam/providers/saml', { Name: 'Forged', SAMLMetadataDocument: metadata() });
    expect([forged.status, (await forged.text()).includes('Request refused')]).toEqual([403, true]);
    expect((await iamOk(root, 'ListSAMLProviders')).SAMLProviderList).toBe('');
  });
});
