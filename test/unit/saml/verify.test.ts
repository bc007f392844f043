/**
 * verifySamlAssertion against responses signed in the test by xml-crypto (an independent XML Signature
 * implementation) with fresh keys: what verifies, what is refused and with which AWS error, signature
 * wrapping, DOCTYPE, duplicate IDs, KeyInfo substitution, and the condition keys.
 * Spec: IAM User Guide "Configure SAML assertions for the authentication response", "Troubleshooting SAML
 * 2.0 federation"; STS API Reference AssumeRoleWithSAML; XML Signature 1.1; Exclusive C14N 1.0.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AWS_SAML_AUDIENCES,
  AWS_SAML_RECIPIENT,
  samlContext,
  samlFailureToAwsError,
  verifySamlAssertion,
  type SamlFailureReason,
  type VerifySamlInput,
} from '../../../src/core/saml/index';
import { ACCOUNT, b64, ENTITY_ID, makeKey, metadata, NOW, PROVIDER_ARN, response, ROLE_ARN, sign, type TestKey } from './support';

let idp: TestKey;
let attacker: TestKey;
let meta: string;

beforeAll(() => {
  idp = makeKey();
  attacker = makeKey(2048, 'Attacker');
  meta = metadata([idp.certBase64]);
});

const input = (xml: string, extra: Partial<VerifySamlInput> = {}): VerifySamlInput => ({
  samlResponseBase64: b64(xml),
  metadataXml: meta,
  providerArn: PROVIDER_ARN,
  roleArn: ROLE_ARN,
  accountId: ACCOUNT,
  nowMs: NOW,
  audiences: AWS_SAML_AUDIENCES,
  recipient: AWS_SAML_RECIPIENT,
  ...extra,
});

async function accepted(xml: string, extra: Partial<VerifySamlInput> = {}) {
  const r = await verifySamlAssertion(input(xml, extra));
  if (!r.ok) throw new Error(`refused: ${r.error.reason}: ${r.error.detail}`);
  return r.value;
}

async function refused(xml: string, reason: SamlFailureReason, extra: Partial<VerifySamlInput> = {}) {
  const r = await verifySamlAssertion(input(xml, extra));
  if (r.ok) throw new Error(`accepted, expected ${reason}`);
  expect(r.error.reason, r.error.detail).toBe(reason);
  return r.error;
}

const signedAssertion = (o: Parameters<typeof response>[0] = {}, key = () => idp) => sign(response(o), key(), { target: 'assertion' });

describe('verifySamlAssertion: valid responses', () => {
  it('accepts a signed Assertion and returns the claims AWS answers with', async () => {
    const a = await accepted(signedAssertion({ sessionDuration: '1800', sessionNotOnOrAfter: NOW + 3_600_000 }));
    expect(a.issuer).toBe(ENTITY_ID);
    expect(a.subject).toBe('_cbb88bf52c2510eabe00c1642d4643f41430fe25e3');
    expect(a.subjectType).toBe('persistent');
    expect(a.recipient).toBe('https://signin.aws.amazon.com/saml');
    expect(a.audiences).toEqual(['urn:amazon:webservices']);
    expect(a.roleSessionName).toBe('alice@example.com');
    expect(a.sessionDurationSeconds).toBe(1800);
    expect(a.sessionNotOnOrAfterMs).toBe(NOW + 3_600_000);
    expect(a.roleArn).toBe(ROLE_ARN);
    expect(a.doc).toBe(`${ACCOUNT}/ExampleIdP`);
    // STS API Reference, AssumeRoleWithSAML NameQualifier: BASE64(SHA1(Issuer + AccountId + "/" + ProviderName)).
    const expected = createHash('sha1').update(`${ENTITY_ID}${ACCOUNT}/ExampleIdP`).digest('base64');
    expect(a.nameQualifier).toBe(expected);
  });

  it('accepts a signed Response (the assertion inside is covered) and a response signed twice', async () => {
    await accepted(sign(response(), idp, { target: 'response' }));
    const both = sign(sign(response(), idp, { target: 'assertion' }), idp, { target: 'response' });
    await accepted(both);
  });

  it('accepts RSA-SHA1 / SHA-1 digests (AWS accepts SHA-1 signed responses)', async () => {
    const xml = sign(response(), idp, {
      target: 'assertion',
      signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
    });
    await accepted(xml);
  });

  it('accepts an InclusiveNamespaces PrefixList on the reference transform', async () => {
    await accepted(sign(response(), idp, { target: 'assertion', inclusiveNamespacesPrefixList: ['xs', 'xsi'] }));
  });

  it('accepts the role pair in either order, among several pairs, and either documented audience', async () => {
    const other = `arn:aws:iam::${ACCOUNT}:role/Other,${PROVIDER_ARN}`;
    await accepted(signedAssertion({ roles: [other, `${PROVIDER_ARN}, ${ROLE_ARN}`] }));
    await accepted(signedAssertion({ audience: 'https://signin.aws.amazon.com/saml' }));
  });

  it('tries every signing certificate in the metadata (key rotation)', async () => {
    const r = await verifySamlAssertion(input(signedAssertion(), { metadataXml: metadata([attacker.certBase64, idp.certBase64]) }));
    expect(r.ok).toBe(true);
  });

  it('reads text split by a comment as one string, as it was signed (no comment truncation)', async () => {
    const xml = sign(response({ nameId: 'user@evil.com<!-- x -->.example.com' }), idp, { target: 'assertion' });
    expect((await accepted(xml)).subject).toBe('user@evil.com.example.com');
  });

  it('takes a recipient list (regional sign-in endpoints) and tolerates a small clock skew', async () => {
    const regional = 'https://us-east-1.signin.aws.amazon.com/saml';
    await accepted(signedAssertion({ recipient: regional, destination: regional }), { recipient: [AWS_SAML_RECIPIENT, regional] });
    await accepted(signedAssertion({ notBefore: NOW + 30_000 }));
    await accepted(signedAssertion({ notOnOrAfter: NOW - 30_000 }));
  });

  it('reports OneTimeUse and the earliest NotOnOrAfter, for the caller to refuse a replay until then', async () => {
    const once = await accepted(signedAssertion({ oneTimeUse: true, notOnOrAfter: NOW + 300_000, subjectNotOnOrAfter: NOW + 120_000, assertionId: '_once' }));
    expect({ id: once.assertionId, oneTimeUse: once.oneTimeUse, until: once.notOnOrAfterMs }).toEqual({ id: '_once', oneTimeUse: true, until: NOW + 120_000 });
    const reusable = await accepted(signedAssertion());
    expect(reusable.oneTimeUse).toBe(false);
    expect(samlFailureToAwsError({ reason: 'replayed', detail: '' })).toMatchObject({ code: 'InvalidIdentityToken', status: 400 });
  });

  it('maps NameID formats to saml:sub_type and attributes to saml:* keys', async () => {
    const extra =
      '<saml:Attribute Name="urn:oid:1.3.6.1.4.1.5923.1.1.1.1"><saml:AttributeValue>staff</saml:AttributeValue><saml:AttributeValue>member</saml:AttributeValue></saml:Attribute>' +
      '<saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><saml:AttributeValue>alice@example.com</saml:AttributeValue></saml:Attribute>';
    const a = await accepted(signedAssertion({ extraAttributes: extra, nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' }));
    expect(a.subjectType).toBe('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    const ctx = samlContext(a);
    expect(ctx).toMatchObject({
      'saml:aud': 'https://signin.aws.amazon.com/saml',
      'saml:iss': ENTITY_ID,
      'saml:sub': '_cbb88bf52c2510eabe00c1642d4643f41430fe25e3',
      'saml:sub_type': 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      'saml:doc': `${ACCOUNT}/ExampleIdP`,
      'saml:edupersonaffiliation': ['staff', 'member'],
      'saml:mail': 'alice@example.com',
    });
    expect(ctx['saml:namequalifier']).toBe(a.nameQualifier);
    const transient = await accepted(signedAssertion({ nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' }));
    expect(transient.subjectType).toBe('transient');
  });
});

describe('verifySamlAssertion: signatures', () => {
  it('refuses an unsigned response', async () => {
    await refused(response(), 'signature');
  });

  it('refuses a signature by a key that is not in the metadata', async () => {
    await refused(signedAssertion({}, () => attacker), 'signature');
  });

  it('ignores KeyInfo: an attacker key with its certificate embedded is refused', async () => {
    const xml = sign(response(), attacker, { target: 'assertion', keyInfoCert: attacker.certPem });
    expect(xml).toContain('X509Certificate');
    await refused(xml, 'signature');
    // …and the legitimate key with a KeyInfo still verifies.
    await accepted(sign(response(), idp, { target: 'assertion', keyInfoCert: idp.certPem }));
  });

  it('refuses an attribute tampered with after signing', async () => {
    const xml = signedAssertion().replace('alice@example.com', 'admin@example.com');
    await refused(xml, 'signature');
    const role = signedAssertion().replace('role/SamlRole', 'role/Admin');
    await refused(role, 'signature', { roleArn: `arn:aws:iam::${ACCOUNT}:role/Admin` });
  });

  it('refuses a tampered SignedInfo and a tampered SignatureValue', async () => {
    const xml = signedAssertion();
    await refused(xml.replace('xmlenc#sha256"', 'xmlenc#sha256" '.trim() + ' Extra="1"'), 'signature');
    const value = /<ds:SignatureValue>([^<]+)</.exec(xml)![1]!;
    const flipped = value.slice(0, 10) + (value[10] === 'A' ? 'B' : 'A') + value.slice(11);
    await refused(xml.replace(value, flipped), 'signature');
  });

  it('refuses wrapping: a second, unsigned Assertion beside the signed one', async () => {
    const xml = signedAssertion();
    const forged = response({ assertionId: '_evil', roles: [`arn:aws:iam::${ACCOUNT}:role/Admin,${PROVIDER_ARN}`] });
    const evilAssertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(forged)![0];
    await refused(xml.replace('<samlp:Status>', `${evilAssertion}<samlp:Status>`), 'signature');
    await refused(xml.replace('</samlp:Response>', `${evilAssertion}</samlp:Response>`), 'signature');
  });

  it('refuses wrapping: the signed Assertion moved under Extensions, a forged one in its place', async () => {
    const xml = signedAssertion();
    const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
    const forged = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(response({ sessionName: 'mallory' }))![0];
    const wrapped = xml.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${forged}`);
    await refused(wrapped, 'signature');
    // Same ID on the forged one: refused as a duplicate ID before any signature is looked at.
    const sameId = xml.replace(signed, `${forged}<samlp:Extensions>${signed}</samlp:Extensions>`);
    const e = await refused(sameId, 'signature');
    expect(e.detail).toMatch(/duplicate ID|exactly one Assertion/);
  });

  it('refuses wrapping: a signed Response whose signature is moved into the Assertion', async () => {
    const xml = sign(response(), idp, { target: 'response' });
    const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0];
    const moved = xml.replace(sig, '').replace('<saml:Subject>', `${sig}<saml:Subject>`);
    await refused(moved, 'signature');
  });

  it('refuses duplicate IDs', async () => {
    const xml = signedAssertion().replace('ID="_resp1"', 'ID="_assert1"');
    const e = await refused(xml, 'signature');
    expect(e.detail).toContain('duplicate ID');
  });

  it('refuses a signature that references another element', async () => {
    const xml = sign(response(), idp, { target: 'assertion' }).replace('URI="#_assert1"', 'URI="#_resp1"');
    await refused(xml, 'signature');
  });

  it('refuses unsupported algorithms', async () => {
    const xml = sign(response(), idp, { target: 'assertion', signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512' });
    await refused(xml, 'unsupported');
  });
});

describe('verifySamlAssertion: parsing', () => {
  it('refuses a DOCTYPE (no DTD, no entities: XXE and billion laughs)', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>`;
    await refused(lol + signedAssertion(), 'malformed');
    const xxe = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>`;
    await refused(xxe + signedAssertion(), 'malformed');
  });

  it('refuses undefined entities, non-base64 and non-XML input', async () => {
    await refused(signedAssertion().replace('alice@example.com', 'alice&nbsp;'), 'malformed');
    const r = await verifySamlAssertion({ ...input(''), samlResponseBase64: 'not base64!' });
    expect(r.ok || r.error.reason).toBe('malformed');
    await refused('<samlp:Response', 'malformed');
  });

  it('refuses an EncryptedAssertion as unsupported', async () => {
    const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0"><saml:EncryptedAssertion/></samlp:Response>`;
    await refused(xml, 'unsupported');
  });

  it('refuses a provider whose stored metadata is unusable', async () => {
    await refused(signedAssertion(), 'bad-metadata', { metadataXml: '<md:EntityDescriptor/>' });
  });
});

describe('verifySamlAssertion: claims', () => {
  it('refuses the wrong audience, or none', async () => {
    await refused(signedAssertion({ audience: 'https://other.example.com' }), 'audience');
    await refused(signedAssertion({ audience: null }), 'audience');
    await refused(signedAssertion(), 'audience', { audiences: ['https://only-this.example.com'] });
  });

  it('refuses the wrong recipient or destination', async () => {
    await refused(signedAssertion({ recipient: 'https://evil.example.com/acs' }), 'recipient');
    await refused(signedAssertion({ destination: 'https://evil.example.com/acs' }), 'recipient');
  });

  it('refuses an expired NotOnOrAfter (Conditions or SubjectConfirmationData) and a future NotBefore', async () => {
    await refused(signedAssertion({ notOnOrAfter: NOW - 120_000 }), 'expired');
    await refused(signedAssertion({ subjectNotOnOrAfter: NOW - 120_000 }), 'expired');
    await refused(signedAssertion({ notBefore: NOW + 120_000 }), 'not-yet-valid');
  });

  it('refuses another issuer', async () => {
    await refused(signedAssertion({ issuer: 'https://other-idp.example.com' }), 'issuer');
    await refused(signedAssertion({ responseIssuer: 'https://other-idp.example.com' }), 'issuer');
  });

  it('refuses a missing Role attribute and a role pair that does not match', async () => {
    await refused(signedAssertion({ roles: null }), 'role');
    await refused(signedAssertion(), 'role', { roleArn: `arn:aws:iam::${ACCOUNT}:role/Admin` });
    await refused(signedAssertion(), 'role', { providerArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Other` });
    await refused(signedAssertion({ roles: [`${ROLE_ARN}`] }), 'role');
  });

  it('refuses a missing or invalid RoleSessionName, SessionDuration, SourceIdentity', async () => {
    await refused(signedAssertion({ sessionName: null }), 'session-name-missing');
    await refused(signedAssertion({ sessionName: 'John Doe' }), 'session-name-invalid');
    await refused(signedAssertion({ sessionName: 'x' }), 'session-name-invalid');
    await refused(signedAssertion({ sessionDuration: '60' }), 'session-duration-invalid');
    await refused(signedAssertion({ sourceIdentity: 'aws:me' }), 'source-identity-invalid');
    expect((await accepted(signedAssertion({ sourceIdentity: 'DiegoRamirez' }))).sourceIdentity).toBe('DiegoRamirez');
  });

  it('refuses a Subject without NameID and a non-Success status', async () => {
    await refused(signedAssertion({ nameId: null }), 'no-name-id');
    await refused(sign(response({ status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' }), idp, { target: 'response' }), 'idp-rejected');
  });
});

describe('samlFailureToAwsError', () => {
  it('maps each refusal to AWS codes and documented messages', () => {
    const e = (reason: SamlFailureReason) => samlFailureToAwsError({ reason, detail: '' });
    expect(e('signature')).toMatchObject({ code: 'InvalidIdentityToken', message: 'Response signature invalid', status: 400 });
    expect(e('expired')).toMatchObject({ code: 'ExpiredTokenException', status: 400 });
    expect(e('idp-rejected')).toMatchObject({ code: 'IDPRejectedClaim', status: 403 });
    expect(e('role')).toMatchObject({ code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithSAML', status: 403 });
    expect(e('session-name-missing').message).toBe('RoleSessionName is required in AuthnResponse');
    expect(e('session-name-invalid').message).toBe('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
    expect(e('issuer').message).toBe('Issuer not present in specified provider');
    for (const r of ['malformed', 'unsupported', 'audience', 'recipient', 'subject-confirmation', 'not-yet-valid', 'bad-metadata'] as const) {
      expect(e(r).code).toBe('InvalidIdentityToken');
    }
  });
});
