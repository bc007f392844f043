/**
 * IAM SAML providers through the Worker: CreateSAMLProvider … DeleteSAMLProvider and the provider tags,
 * with AWS's ARNs, metadata checks ("Could not parse metadata."), ValidUntil, quotas and errors. The
 * metadata carries the committed test-only certificate (test/fixtures/saml).
 * Spec: IAM API Reference for each action; IAM User Guide "Troubleshooting SAML 2.0 federation"; "IAM and
 * AWS STS quotas".
 */
import { describe, expect, it } from 'vitest';
import { AWS_SAML_AUDIENCES, AWS_SAML_RECIPIENT, samlContext, verifySamlAssertion } from '../../src/core/saml/index';
import { TEST_IDP_CERT_BASE64 } from '../fixtures/saml/idp';
import { TEST_SIGNED_RESPONSE_BASE64 } from '../fixtures/saml/response';
import { awsDate, call, freezeClock, iamOk, newAccount, type Keys } from './support';

const TIMEOUT = 30_000;

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

/** IdP metadata with the test certificate (or `keyDescriptor` in its place). */
function metadata(opts: { entityId?: string; validUntil?: string; keyDescriptor?: string } = {}): string {
  const key =
    opts.keyDescriptor ??
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${TEST_IDP_CERT_BASE64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${opts.entityId ?? 'https://idp.example.com/saml'}"${opts.validUntil ? ` validUntil="${opts.validUntil}"` : ''}>
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${key}
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
  <md:Organization><md:OrganizationName xml:lang="en">Example ${'x'.repeat(700)}</md:OrganizationName><md:OrganizationDisplayName xml:lang="en">Example</md:OrganizationDisplayName><md:OrganizationURL xml:lang="en">https://example.com</md:OrganizationURL></md:Organization>
</md:EntityDescriptor>`;
}

const create = (root: Keys, name: string, extra: Record<string, string> = {}) =>
  call(root, 'CreateSAMLProvider', { Name: name, SAMLMetadataDocument: metadata(), ...extra });

describe('SAML providers', { timeout: TIMEOUT }, () => {
  it('creates a provider: ARN, tags; GetSAMLProvider returns the document, dates and sorted tags; ListSAMLProviders lists it', async () => {
    const { accountId, root } = await newAccount();
    const doc = metadata();
    const now = freezeClock();
    const r = await iamOk(root, 'CreateSAMLProvider', {
      Name: 'Example_IdP.1-a',
      SAMLMetadataDocument: doc,
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'core',
      'Tags.member.2.Key': 'env',
      'Tags.member.2.Value': 'prod',
    });
    const arn = `arn:aws:iam::${accountId}:saml-provider/Example_IdP.1-a`;
    expect(r.SAMLProviderArn).toBe(arn);
    expect(members(r.Tags)).toEqual([
      { Key: 'team', Value: 'core' },
      { Key: 'env', Value: 'prod' },
    ]);

    const g = await iamOk(root, 'GetSAMLProvider', { SAMLProviderArn: arn });
    expect(g.SAMLMetadataDocument).toBe(doc);
    expect(g.CreateDate).toBe(awsDate(now));
    // No validUntil in the metadata: valid for 100 years from creation.
    expect(new Date(g.ValidUntil).getUTCFullYear()).toBe(new Date(g.CreateDate).getUTCFullYear() + 100);
    expect(members(g.Tags)).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'core' },
    ]);

    const l = await iamOk(root, 'ListSAMLProviders');
    expect(members(l.SAMLProviderList)).toEqual([{ Arn: arn, ValidUntil: g.ValidUntil, CreateDate: g.CreateDate }]);
  });

  it("takes ValidUntil from the metadata's validUntil", async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateSAMLProvider', { Name: 'Dated', SAMLMetadataDocument: metadata({ validUntil: '2031-05-09T16:27:11Z' }) });
    const g = await iamOk(root, 'GetSAMLProvider', { SAMLProviderArn: `arn:aws:iam::${accountId}:saml-provider/Dated` });
    expect(g.ValidUntil).toMatch(/^2031-05-09T16:27:11(\.000)?Z$/);
  });

  it('refuses metadata that is not usable SAML metadata with "Could not parse metadata."', async () => {
    const { root } = await newAccount();
    const bad = {
      'not XML': 'x'.repeat(1500),
      'a DOCTYPE': `<!DOCTYPE md [<!ENTITY e "x">]>${metadata()}`,
      'no signing certificate': metadata({ keyDescriptor: '<md:KeyDescriptor use="encryption"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>' + TEST_IDP_CERT_BASE64 + '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' }),
      'a certificate that is not one': metadata({ keyDescriptor: `<md:KeyDescriptor><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${'QUJD'.repeat(100)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` }),
      'another root element': metadata().replace(/EntityDescriptor/g, 'EntitiesDescriptor'),
    };
    for (const [what, doc] of Object.entries(bad)) {
      const r = await call(root, 'CreateSAMLProvider', { Name: 'Bad', SAMLMetadataDocument: doc });
      expect(r.status, what).toBe(400);
      expect(r.error, what).toMatchObject({ Code: 'InvalidInput', Message: 'Could not parse metadata.' });
    }
    const short = await call(root, 'CreateSAMLProvider', { Name: 'Short', SAMLMetadataDocument: '<md:EntityDescriptor/>' });
    expect(short.error?.Code).toBe('ValidationError');
    const badName = await create(root, 'no spaces allowed');
    expect(badName.error?.Code).toBe('ValidationError');
    expect(members((await iamOk(root, 'ListSAMLProviders')).SAMLProviderList)).toEqual([]);
  });

  it('refuses a duplicate name, assertion encryption, and more than 100 providers', async () => {
    const { root } = await newAccount();
    expect((await create(root, 'Dup')).status).toBe(200);
    const dup = await create(root, 'Dup');
    expect(dup.status).toBe(409);
    expect(dup.error?.Code).toBe('EntityAlreadyExists');
    const enc = await create(root, 'Enc', { AssertionEncryptionMode: 'Required' });
    expect(enc.error?.Code).toBe('InvalidInput');
    for (let i = 1; i < 100; i++) expect((await create(root, `P${i}`)).status).toBe(200);
    const over = await create(root, 'OneTooMany');
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for SAMLProvidersPerAccount: 100' });
  });

  it('UpdateSAMLProvider replaces the metadata (and ValidUntil); refuses bad metadata, no change, an unknown ARN', async () => {
    const { accountId, root } = await newAccount();
    const arn = (await iamOk(root, 'CreateSAMLProvider', { Name: 'Up', SAMLMetadataDocument: metadata() })).SAMLProviderArn;
    const next = metadata({ entityId: 'https://idp2.example.com/saml', validUntil: '2030-01-01T00:00:00Z' });
    const u = await iamOk(root, 'UpdateSAMLProvider', { SAMLProviderArn: arn, SAMLMetadataDocument: next });
    expect(u.SAMLProviderArn).toBe(arn);
    const g = await iamOk(root, 'GetSAMLProvider', { SAMLProviderArn: arn });
    expect(g.SAMLMetadataDocument).toBe(next);
    expect(g.ValidUntil).toMatch(/^2030-01-01T00:00:00(\.000)?Z$/);

    const bad = await call(root, 'UpdateSAMLProvider', { SAMLProviderArn: arn, SAMLMetadataDocument: 'y'.repeat(1200) });
    expect(bad.error).toMatchObject({ Code: 'InvalidInput', Message: 'Could not parse metadata.' });
    expect((await iamOk(root, 'GetSAMLProvider', { SAMLProviderArn: arn })).SAMLMetadataDocument).toBe(next);
    const none = await call(root, 'UpdateSAMLProvider', { SAMLProviderArn: arn });
    expect(none.error?.Code).toBe('InvalidInput');
    const unknown = await call(root, 'UpdateSAMLProvider', { SAMLProviderArn: `arn:aws:iam::${accountId}:saml-provider/Nope`, SAMLMetadataDocument: next });
    expect(unknown.status).toBe(404);
    expect(unknown.error?.Code).toBe('NoSuchEntity');
  });

  it('DeleteSAMLProvider removes the provider and its tags; unknown ARNs are NoSuchEntity', async () => {
    const { accountId, root } = await newAccount();
    const arn = (await iamOk(root, 'CreateSAMLProvider', { Name: 'Gone', SAMLMetadataDocument: metadata(), 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' })).SAMLProviderArn;
    await iamOk(root, 'DeleteSAMLProvider', { SAMLProviderArn: arn });
    for (const action of ['GetSAMLProvider', 'DeleteSAMLProvider', 'ListSAMLProviderTags']) {
      const r = await call(root, action, { SAMLProviderArn: arn });
      expect(r.status, action).toBe(404);
      expect(r.error?.Code, action).toBe('NoSuchEntity');
    }
    expect(members((await iamOk(root, 'ListSAMLProviders')).SAMLProviderList)).toEqual([]);
    // Re-created under the same name, it starts without the old tags.
    await iamOk(root, 'CreateSAMLProvider', { Name: 'Gone', SAMLMetadataDocument: metadata() });
    expect(members((await iamOk(root, 'ListSAMLProviderTags', { SAMLProviderArn: arn })).Tags)).toEqual([]);
    expect(arn).toBe(`arn:aws:iam::${accountId}:saml-provider/Gone`);
  });

  it('tags: TagSAMLProvider merges case-insensitively, UntagSAMLProvider removes, ListSAMLProviderTags pages; 50 at most', async () => {
    const { root } = await newAccount();
    const arn = (await iamOk(root, 'CreateSAMLProvider', { Name: 'Tagged', SAMLMetadataDocument: metadata() })).SAMLProviderArn;
    await iamOk(root, 'TagSAMLProvider', { SAMLProviderArn: arn, 'Tags.member.1.Key': 'Team', 'Tags.member.1.Value': 'a', 'Tags.member.2.Key': 'x', 'Tags.member.2.Value': '1' });
    await iamOk(root, 'TagSAMLProvider', { SAMLProviderArn: arn, 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'b' });
    expect(members((await iamOk(root, 'ListSAMLProviderTags', { SAMLProviderArn: arn })).Tags)).toEqual([
      { Key: 'team', Value: 'b' },
      { Key: 'x', Value: '1' },
    ]);
    const p1 = await iamOk(root, 'ListSAMLProviderTags', { SAMLProviderArn: arn, MaxItems: '1' });
    expect(p1.IsTruncated).toBe('true');
    const p2 = await iamOk(root, 'ListSAMLProviderTags', { SAMLProviderArn: arn, MaxItems: '1', Marker: p1.Marker });
    expect(members(p2.Tags)).toEqual([{ Key: 'x', Value: '1' }]);
    await iamOk(root, 'UntagSAMLProvider', { SAMLProviderArn: arn, 'TagKeys.member.1': 'TEAM', 'TagKeys.member.2': 'absent' });
    expect(members((await iamOk(root, 'ListSAMLProviderTags', { SAMLProviderArn: arn })).Tags)).toEqual([{ Key: 'x', Value: '1' }]);

    const reserved = await call(root, 'TagSAMLProvider', { SAMLProviderArn: arn, 'Tags.member.1.Key': 'aws:x', 'Tags.member.1.Value': 'v' });
    expect(reserved.error?.Code).toBe('InvalidInput');
    const many: Record<string, string> = { SAMLProviderArn: arn };
    for (let i = 1; i <= 50; i++) {
      many[`Tags.member.${i}.Key`] = `k${i}`;
      many[`Tags.member.${i}.Value`] = 'v';
    }
    const over = await call(root, 'TagSAMLProvider', many);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for TagsPerSAMLProvider: 50' });
  });
});

describe('the SAML verifier inside workerd', () => {
  it('verifies a response signed by xml-crypto (RSA-SHA256 assertion, RSA-SHA1 response) against the stored metadata', async () => {
    const { root } = await newAccount();
    const arn = (await iamOk(root, 'CreateSAMLProvider', { Name: 'ExampleIdP', SAMLMetadataDocument: metadata() })).SAMLProviderArn;
    const stored = (await iamOk(root, 'GetSAMLProvider', { SAMLProviderArn: arn })).SAMLMetadataDocument;
    const base = {
      samlResponseBase64: TEST_SIGNED_RESPONSE_BASE64,
      metadataXml: stored,
      providerArn: 'arn:aws:iam::123456789012:saml-provider/ExampleIdP',
      roleArn: 'arn:aws:iam::123456789012:role/SamlRole',
      accountId: '123456789012',
      nowMs: Date.parse('2026-03-01T12:00:00Z'),
      audiences: AWS_SAML_AUDIENCES,
      recipient: AWS_SAML_RECIPIENT,
    };
    const r = await verifySamlAssertion(base);
    if (!r.ok) throw new Error(`${r.error.reason}: ${r.error.detail}`);
    expect(r.value.roleSessionName).toBe('alice@example.com');
    expect(samlContext(r.value)['saml:doc']).toBe('123456789012/ExampleIdP');
    const late = await verifySamlAssertion({ ...base, nowMs: Date.parse('2026-03-01T13:00:00Z') });
    expect(late.ok || late.error.reason).toBe('expired');
    const tampered = atob(TEST_SIGNED_RESPONSE_BASE64).replace('alice@example.com', 'mallory@example.com');
    const t = await verifySamlAssertion({ ...base, samlResponseBase64: btoa(tampered) });
    expect(t.ok || t.error.reason).toBe('signature');
  });
});
