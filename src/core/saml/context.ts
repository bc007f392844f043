/**
 * @module The `saml:*` condition keys of a verified assertion, for the role's trust policy.
 *
 * Spec: IAM User Guide, "AWS global and IAM condition context keys" → "Available keys for SAML-based AWS
 * STS federation" (saml:aud is the SubjectConfirmationData Recipient, not the Audience; saml:doc is
 * `<account>/<provider name>`; saml:namequalifier the hash of Issuer, account and provider name;
 * saml:sub_type `persistent`, `transient` or the full Format URI), and "Configure SAML assertions for the
 * authentication response" → "Mapping SAML attributes to AWS trust policy context keys" (the eduPerson,
 * eduOrg, Active Directory and X.500 attribute tables, with their String / List-of-strings types). Where
 * an attribute named in the String rows carries several values, the first is mapped ("You should include
 * only one claim per AWS context key. If you include more than one, only one claim will be mapped").
 */
import type { SamlAssertion } from './verify';

type Shape = 'string' | 'list';

/** Attribute Name → [context key without `saml:`, type], from the User Guide's tables. */
const ATTRIBUTE_KEYS: Readonly<Record<string, readonly [string, Shape]>> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['edupersonaffiliation', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': ['edupersonnickname', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': ['edupersonorgdn', 'string'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': ['edupersonorgunitdn', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': ['edupersonprimaryaffiliation', 'string'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['edupersonprincipalname', 'string'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': ['edupersonentitlement', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.8': ['edupersonprimaryorgunitdn', 'string'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': ['edupersonscopedaffiliation', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': ['edupersontargetedid', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.11': ['edupersonassurance', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.2': ['eduorghomepageuri', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.3': ['eduorgidentityauthnpolicyuri', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.4': ['eduorglegalname', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.5': ['eduorgsuperioruri', 'list'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.6': ['eduorgwhitepagesuri', 'list'],
  'urn:oid:2.5.4.3': ['cn', 'list'],
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': ['name', 'string'],
  'http://schemas.xmlsoap.org/claims/CommonName': ['commonName', 'string'],
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': ['givenName', 'string'],
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': ['surname', 'string'],
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': ['mail', 'string'],
  'http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid': ['primaryGroupSID', 'string'],
  '2.5.4.3': ['commonName', 'string'],
  '2.5.4.4': ['surname', 'string'],
  '2.5.4.42': ['givenName', 'string'],
  '2.5.4.45': ['x500UniqueIdentifier', 'string'],
  '0.9.2342.19200300100.1.1': ['uid', 'string'],
  '0.9.2342.19200300100.1.3': ['mail', 'string'],
  '0.9.2342.19200300.100.1.45': ['organizationStatus', 'string'],
};

/** The condition keys AssumeRoleWithSAML adds to the request context. */
export function samlContext(assertion: SamlAssertion): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(assertion.attributes)) {
    const mapped = ATTRIBUTE_KEYS[name];
    if (!mapped || values.length === 0) continue;
    const [key, shape] = mapped;
    if (`saml:${key}` in context) continue; // one claim per key
    context[`saml:${key}`] = shape === 'list' ? [...values] : values[0]!;
  }
  context['saml:aud'] = assertion.recipient;
  context['saml:iss'] = assertion.issuer;
  context['saml:sub'] = assertion.subject;
  context['saml:sub_type'] = assertion.subjectType;
  context['saml:namequalifier'] = assertion.nameQualifier;
  context['saml:doc'] = assertion.doc;
  return context;
}
