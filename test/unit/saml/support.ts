/**
 * Test helpers for the SAML verifier: fresh RSA keys with self-signed certificates (node:crypto keys,
 * node-forge certificates), IdP metadata around them, SAML responses, and signatures made by xml-crypto —
 * an independent XML Signature implementation (exc-c14n, enveloped, RSA-SHA256 unless told otherwise).
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { signXml, type SignXmlOptions } from './xmlsig.mjs';

export interface TestKey {
  keyPem: string;
  certPem: string;
  /** The base64 DER of the certificate, as it goes into ds:X509Certificate. */
  certBase64: string;
}

/** A fresh RSA key and a self-signed certificate for it. */
export function makeKey(bits = 2048, cn = 'Test IdP'): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2020-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2040-01-01T00:00:00Z');
  cert.setSubject([{ name: 'commonName', value: cn }]);
  cert.setIssuer([{ name: 'commonName', value: cn }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { keyPem: privateKey, certPem, certBase64: certPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '') };
}

export const ENTITY_ID = 'https://idp.example.com/saml';
export const ACCOUNT = '123456789012';
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/ExampleIdP`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/SamlRole`;
export const RECIPIENT = 'https://signin.aws.amazon.com/saml';
export const NOW = Date.parse('2026-03-01T12:00:00Z');

/** IdP metadata with the given signing certificates (base64 DER). */
export function metadata(certs: string[], opts: { entityId?: string; validUntil?: string; use?: string } = {}): string {
  const keys = certs
    .map(
      (c) => `
    <md:KeyDescriptor${opts.use === undefined ? ' use="signing"' : opts.use ? ` use="${opts.use}"` : ''}>
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>${c.replace(/(.{64})/g, '$1\n          ')}</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${opts.entityId ?? ENTITY_ID}"${opts.validUntil ? ` validUntil="${opts.validUntil}"` : ''}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface ResponseOptions {
  issuer?: string;
  responseIssuer?: string | null;
  audience?: string | null;
  recipient?: string;
  destination?: string | null;
  notBefore?: number;
  notOnOrAfter?: number;
  subjectNotOnOrAfter?: number;
  nameId?: string | null;
  nameIdFormat?: string | null;
  roles?: string[] | null;
  sessionName?: string | null;
  sessionDuration?: string;
  sourceIdentity?: string;
  status?: string;
  extraAttributes?: string;
  assertionId?: string;
  responseId?: string;
  sessionNotOnOrAfter?: number;
  /** Adds `<saml:OneTimeUse/>` to the Conditions. */
  oneTimeUse?: boolean;
}

/** An unsigned SAML 2.0 Response with one Assertion (saml/samlp prefixes, as most IdPs write it). */
export function response(o: ResponseOptions = {}): string {
  const roles = o.roles === undefined ? [`${ROLE_ARN},${PROVIDER_ARN}`] : o.roles;
  const attr = (name: string, values: string[]) =>
    `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`;
  const attrs = [
    roles ? attr('https://aws.amazon.com/SAML/Attributes/Role', roles) : '',
    o.sessionName === null ? '' : attr('https://aws.amazon.com/SAML/Attributes/RoleSessionName', [o.sessionName ?? 'alice@example.com']),
    o.sessionDuration ? attr('https://aws.amazon.com/SAML/Attributes/SessionDuration', [o.sessionDuration]) : '',
    o.sourceIdentity ? attr('https://aws.amazon.com/SAML/Attributes/SourceIdentity', [o.sourceIdentity]) : '',
    o.extraAttributes ?? '',
  ].join('');
  const issuer = o.issuer ?? ENTITY_ID;
  const nameId =
    o.nameId === null
      ? ''
      : `<saml:NameID${o.nameIdFormat === null ? '' : ` Format="${o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}"`}>${o.nameId ?? '_cbb88bf52c2510eabe00c1642d4643f41430fe25e3'}</saml:NameID>`;
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.responseId ?? '_resp1'}" Version="2.0" IssueInstant="${iso(NOW - 10_000)}"${o.destination === null ? '' : ` Destination="${o.destination ?? RECIPIENT}"`}>${
    o.responseIssuer === null ? '' : `<saml:Issuer>${o.responseIssuer ?? issuer}</saml:Issuer>`
  }<samlp:Status><samlp:StatusCode Value="${o.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>
  <saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${o.assertionId ?? '_assert1'}" Version="2.0" IssueInstant="${iso(NOW - 10_000)}">
    <saml:Issuer>${issuer}</saml:Issuer>
    <saml:Subject>
      ${nameId}
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="${iso(o.subjectNotOnOrAfter ?? NOW + 300_000)}" Recipient="${o.recipient ?? RECIPIENT}"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="${iso(o.notBefore ?? NOW - 60_000)}" NotOnOrAfter="${iso(o.notOnOrAfter ?? NOW + 300_000)}">${
      o.audience === null ? '' : `<saml:AudienceRestriction><saml:Audience>${o.audience ?? 'urn:amazon:webservices'}</saml:Audience></saml:AudienceRestriction>`
    }${o.oneTimeUse ? '<saml:OneTimeUse/>' : ''}</saml:Conditions>
    <saml:AuthnStatement AuthnInstant="${iso(NOW - 10_000)}" SessionIndex="_s1"${o.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${iso(o.sessionNotOnOrAfter)}"` : ''}>
      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>${attrs}</saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>`;
}

export type SignOptions = SignXmlOptions;

/** Signs the Assertion or the Response of `xml` with xml-crypto, the Signature placed after its Issuer. */
export const sign = (xml: string, key: TestKey, o: SignOptions): string => signXml(xml, key.keyPem, o);

export const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');
