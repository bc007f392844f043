/**
 * @module verifySamlAssertion: from the base64 SAMLResponse that AssumeRoleWithSAML receives and the
 * provider's metadata to the claims AWS uses — or a typed refusal. Never accepts an unsigned response, a
 * signature that does not verify with a metadata key, or a document shaped for signature wrapping.
 *
 * Anti-wrapping rules (the verified element and the element read are the same object of one parse):
 * - the root is a `samlp:Response` holding exactly one `saml:Assertion`, as a direct child — no other
 *   Assertion anywhere in the document (in Extensions, in an Advice, in a Signature…);
 * - every `ds:Signature` is a direct child of the Response or of that Assertion (at most one each), and
 *   its Reference must be `#<ID of its parent>`;
 * - no two elements share an ID (`ID`, `Id` or `id`), so a URI can designate only one element;
 * - the claims are then read from that one Assertion object, covered by its own verified signature or by
 *   the verified signature of the Response that contains it.
 *
 * Claim checks, per IAM User Guide "Configure SAML assertions for the authentication response"
 * (id_roles_providers_create_saml_assertions.html) and SAML 2.0 core/profiles (bearer subject confirmation,
 * §4.1.4.2 of saml-profiles-2.0-os):
 * - Response Status Success; Response Issuer (when present) and Assertion Issuer equal the entityID;
 *   Response Destination (when present) is an accepted recipient;
 * - exactly one SubjectConfirmation, bearer, whose SubjectConfirmationData has NotOnOrAfter (not passed)
 *   and Recipient (one of `recipient`);
 * - Conditions NotBefore/NotOnOrAfter within `clockSkewMs`; every AudienceRestriction names one of
 *   `audiences` (and there is at least one); no Condition this verifier does not understand;
 * - a Role attribute value pairing `roleArn` and `providerArn` (either order); RoleSessionName (required,
 *   2–64 of `[\w+=,.@-]`); optional SessionDuration (900–43,200), SourceIdentity, PrincipalTag:*,
 *   TransitiveTagKeys; AuthnStatement SessionNotOnOrAfter returned for the caller to cap the session.
 */
import { fromBase64, toBase64, utf8 } from '../bytes';
import { err, ok, type Result } from '../result';
import { verifyEnvelopedSignature } from './dsig';
import { refuse, SamlRefusal, samlFailure, type SamlFailure } from './failure';
import { DS_NS, parseSamlMetadata, parseXsDateTime } from './metadata';
import { attr, childrenNamed, descendants, elements, parseXml, textOf, XmlError, type XmlElement } from './xml';

const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const NAMEID_20_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';

/** The Audience values AWS documents: `https://signin.aws.amazon.com/saml` or `urn:amazon:webservices`. */
export const AWS_SAML_AUDIENCES: readonly string[] = ['https://signin.aws.amazon.com/saml', 'urn:amazon:webservices'];
/** The Recipient (ACS URL) AWS documents for the global sign-in endpoint. */
export const AWS_SAML_RECIPIENT = 'https://signin.aws.amazon.com/saml';
/** Clock skew tolerated on NotBefore / NotOnOrAfter. */
export const SAML_CLOCK_SKEW_MS = 60_000;

/** AWS's attribute names (IAM User Guide, "Configure SAML assertions…"). */
export const AWS_ATTRIBUTE = {
  role: 'https://aws.amazon.com/SAML/Attributes/Role',
  roleSessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  sessionDuration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
  sourceIdentity: 'https://aws.amazon.com/SAML/Attributes/SourceIdentity',
  principalTagPrefix: 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:',
  transitiveTagKeys: 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys',
} as const;

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export interface VerifySamlInput {
  /** The SAMLAssertion parameter: the base64 of the IdP's `samlp:Response`. */
  samlResponseBase64: string;
  /** The provider's metadata document, as stored by CreateSAMLProvider/UpdateSAMLProvider. */
  metadataXml: string;
  /** PrincipalArn: the SAML provider's ARN. */
  providerArn: string;
  /** RoleArn: the role to assume. */
  roleArn: string;
  /** The account that owns the provider (for saml:namequalifier and saml:doc). */
  accountId: string;
  nowMs: number;
  /** Accepted Audience values; {@link AWS_SAML_AUDIENCES} for AWS's behaviour. */
  audiences: readonly string[];
  /** Accepted Recipient (and Destination) values; {@link AWS_SAML_RECIPIENT} for AWS's global endpoint. */
  recipient: string | readonly string[];
  /** Defaults to {@link SAML_CLOCK_SKEW_MS}. */
  clockSkewMs?: number;
}

/** A verified assertion: what AssumeRoleWithSAML answers and conditions on. */
export interface SamlAssertion {
  assertionId: string;
  /**
   * The Conditions hold `OneTimeUse` (SAML 2.0 core §2.5.1.5): the caller must accept the assertion's ID
   * once only, remembering it until {@link notOnOrAfterMs} (plus the clock skew).
   */
  oneTimeUse: boolean;
  /** The earliest NotOnOrAfter of the Conditions and the SubjectConfirmationData, epoch ms. */
  notOnOrAfterMs: number;
  /** The Issuer (saml:iss). */
  issuer: string;
  /** The NameID value (saml:sub, the response's Subject). */
  subject: string;
  /** `persistent`, `transient`, or the full Format URI (saml:sub_type, the response's SubjectType). */
  subjectType: string;
  /** The SubjectConfirmationData Recipient (saml:aud, the response's Audience). */
  recipient: string;
  /** The Audience values of the AudienceRestrictions. */
  audiences: string[];
  /** BASE64(SHA1(Issuer + AccountId + "/" + ProviderName)) (saml:namequalifier, the response's NameQualifier). */
  nameQualifier: string;
  /** `<account>/<provider name>` (saml:doc). */
  doc: string;
  roleArn: string;
  providerArn: string;
  roleSessionName: string;
  sessionDurationSeconds?: number;
  /** The earliest AuthnStatement SessionNotOnOrAfter, epoch ms. */
  sessionNotOnOrAfterMs?: number;
  sourceIdentity?: string;
  /** PrincipalTag:<key> attributes, in document order (first value of each). */
  principalTags: { key: string; value: string }[];
  transitiveTagKeys: string[];
  /** Every attribute by Name, values in document order. */
  attributes: Record<string, string[]>;
}

/** Verifies a SAML response for AssumeRoleWithSAML. Never throws for bad input: a refusal is a failure. */
export async function verifySamlAssertion(input: VerifySamlInput): Promise<Result<SamlAssertion, SamlFailure>> {
  try {
    return ok(await verify(input));
  } catch (e) {
    if (e instanceof SamlRefusal) return err(e.failure);
    if (e instanceof XmlError) return err(samlFailure('malformed', e.message));
    throw e;
  }
}

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeResponse(b64: string): string {
  const compact = b64.replace(/[ \t\r\n]+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) refuse('malformed', 'SAMLAssertion is not base64');
  const bytes = fromBase64(compact);
  if (!bytes) refuse('malformed', 'SAMLAssertion is not base64');
  try {
    return FATAL_UTF8.decode(bytes);
  } catch {
    return refuse('malformed', 'SAMLAssertion is not UTF-8');
  }
}

const isSaml = (el: XmlElement, local: string) => el.ns === SAML_ASSERTION_NS && el.local === local;

function oneChild(parent: XmlElement, ns: string, local: string, reason: 'malformed' | 'subject-confirmation' = 'malformed'): XmlElement {
  const found = childrenNamed(parent, ns, local);
  if (found.length !== 1) refuse(reason, `expected one ${local} in ${parent.local}, found ${found.length}`);
  return found[0]!;
}

function time(el: XmlElement, name: string): number | undefined {
  const v = attr(el, name);
  if (v === undefined) return undefined;
  const t = parseXsDateTime(v);
  if (t === undefined) refuse('malformed', `${el.local}@${name} is not a dateTime`);
  return t;
}

async function verify(input: VerifySamlInput): Promise<SamlAssertion> {
  const recipients = typeof input.recipient === 'string' ? [input.recipient] : input.recipient;
  const metadata = parseSamlMetadata(input.metadataXml);
  if (!metadata.ok) refuse('bad-metadata', metadata.error);
  const { entityId, signingKeys } = metadata.value;

  const root = parseXml(decodeResponse(input.samlResponseBase64));
  if (root.ns !== SAML_PROTOCOL_NS || root.local !== 'Response') refuse('malformed', 'the root is not a samlp:Response');
  if (attr(root, 'Version') !== '2.0') refuse('malformed', 'the Response is not SAML 2.0');

  const { assertion, responseSig, assertionSig } = checkShape(root);
  // Every signature present must verify, each over its own parent (XML Signature core validation, §3.2).
  if (responseSig) await verifyEnvelopedSignature(root, responseSig, signingKeys);
  if (assertionSig) await verifyEnvelopedSignature(assertion, assertionSig, signingKeys);

  checkResponse(root, entityId, recipients);
  const { assertionId, issuer } = checkAssertionHeader(assertion, entityId);
  const subject = checkSubject(assertion, recipients);
  const conditions = checkConditions(assertion, subject, input);
  const claims = awsClaims(readAttributes(assertion), input);
  const sessionNotOnOrAfterMs = sessionNotOnOrAfter(assertion);

  const providerName = input.providerArn.slice(input.providerArn.indexOf(':saml-provider/') + ':saml-provider/'.length);
  const doc = `${input.accountId}/${providerName}`;
  // saml:namequalifier: BASE64(SHA1(Issuer + AccountId + "/" + ProviderName)) (IAM User Guide, "Available keys for SAML-based federation").
  const nameQualifier = toBase64(new Uint8Array(await crypto.subtle.digest('SHA-1', utf8(issuer + doc).slice().buffer as ArrayBuffer)));

  return {
    assertionId,
    oneTimeUse: conditions.oneTimeUse,
    notOnOrAfterMs: conditions.notOnOrAfterMs,
    issuer,
    subject: subject.subject,
    subjectType: subject.subjectType,
    recipient: subject.recipient,
    audiences: conditions.audiences,
    nameQualifier,
    doc,
    roleArn: input.roleArn,
    providerArn: input.providerArn,
    roleSessionName: claims.roleSessionName,
    ...(claims.sessionDurationSeconds !== undefined ? { sessionDurationSeconds: claims.sessionDurationSeconds } : {}),
    ...(sessionNotOnOrAfterMs !== undefined ? { sessionNotOnOrAfterMs } : {}),
    ...(claims.sourceIdentity !== undefined ? { sourceIdentity: claims.sourceIdentity } : {}),
    principalTags: claims.principalTags,
    transitiveTagKeys: claims.transitiveTagKeys,
    attributes: claims.attributes,
  };
}

/**
 * The anti-wrapping shape (see the module comment): one Assertion, a direct child of the Response;
 * signatures only on the Response or that Assertion, at most one each, at least one in all; no two
 * elements sharing an ID, so a Reference URI designates one element only.
 */
function checkShape(root: XmlElement): { assertion: XmlElement; responseSig?: XmlElement; assertionSig?: XmlElement } {
  const all = [...descendants(root)];
  if (all.some((e) => isSaml(e, 'EncryptedAssertion'))) refuse('unsupported', 'EncryptedAssertion');
  const assertions = all.filter((e) => isSaml(e, 'Assertion'));
  if (assertions.length !== 1) refuse('signature', `expected exactly one Assertion, found ${assertions.length}`);
  const assertion = assertions[0]!;
  if (assertion.parent !== root) refuse('signature', 'the Assertion is not a direct child of the Response');
  const ids = new Set<string>();
  for (const e of all) {
    for (const a of e.attrs) {
      if (a.ns !== '' || (a.local !== 'ID' && a.local !== 'Id' && a.local !== 'id')) continue;
      if (ids.has(a.value)) refuse('signature', `duplicate ID ${a.value}`);
      ids.add(a.value);
    }
  }
  const signatures = all.filter((e) => e.ns === DS_NS && e.local === 'Signature');
  for (const s of signatures) if (s.parent !== root && s.parent !== assertion) refuse('signature', `a Signature inside ${s.parent?.local}`);
  const responseSigs = signatures.filter((s) => s.parent === root);
  const assertionSigs = signatures.filter((s) => s.parent === assertion);
  if (responseSigs.length > 1 || assertionSigs.length > 1) refuse('signature', 'several signatures on one element');
  if (responseSigs.length === 0 && assertionSigs.length === 0) refuse('signature', 'the response is not signed');
  return { assertion, ...(responseSigs[0] ? { responseSig: responseSigs[0] } : {}), ...(assertionSigs[0] ? { assertionSig: assertionSigs[0] } : {}) };
}

/** The Response: Status Success; its Issuer, when present, is the provider; its Destination, when present, an accepted recipient. */
function checkResponse(root: XmlElement, entityId: string, recipients: readonly string[]): void {
  const status = oneChild(root, SAML_PROTOCOL_NS, 'Status');
  const code = attr(oneChild(status, SAML_PROTOCOL_NS, 'StatusCode'), 'Value');
  if (code !== STATUS_SUCCESS) refuse('idp-rejected', `status ${code}`);
  const responseIssuer = childrenNamed(root, SAML_ASSERTION_NS, 'Issuer');
  if (responseIssuer.length > 1) refuse('malformed', 'several Issuers in the Response');
  if (responseIssuer[0] && textOf(responseIssuer[0]).trim() !== entityId) refuse('issuer', 'the Response Issuer is not the provider');
  const destination = attr(root, 'Destination');
  if (destination !== undefined && !recipients.includes(destination)) refuse('recipient', `Destination ${destination}`);
}

/** The Assertion is SAML 2.0, has an ID, and its Issuer is the provider's entityID (SAML core §2.3.3). */
function checkAssertionHeader(assertion: XmlElement, entityId: string): { assertionId: string; issuer: string } {
  if (attr(assertion, 'Version') !== '2.0') refuse('malformed', 'the Assertion is not SAML 2.0');
  const assertionId = attr(assertion, 'ID');
  if (!assertionId) refuse('malformed', 'the Assertion has no ID');
  const issuer = textOf(oneChild(assertion, SAML_ASSERTION_NS, 'Issuer')).trim();
  if (issuer !== entityId) refuse('issuer', `Issuer ${issuer} is not the provider's entityID`);
  return { assertionId, issuer };
}

interface CheckedSubject {
  subject: string;
  subjectType: string;
  recipient: string;
  notBefore: number | undefined;
  notOnOrAfter: number;
}

/**
 * The Subject: one non-empty NameID, and exactly one SubjectConfirmation, bearer, whose
 * SubjectConfirmationData has NotOnOrAfter and an accepted Recipient (saml-profiles-2.0-os §4.1.4.2).
 */
function checkSubject(assertion: XmlElement, recipients: readonly string[]): CheckedSubject {
  const subjectEl = oneChild(assertion, SAML_ASSERTION_NS, 'Subject');
  if (childrenNamed(subjectEl, SAML_ASSERTION_NS, 'EncryptedID').length > 0) refuse('unsupported', 'EncryptedID');
  const nameIds = childrenNamed(subjectEl, SAML_ASSERTION_NS, 'NameID');
  if (nameIds.length > 1) refuse('malformed', 'several NameIDs');
  const nameId = nameIds[0];
  if (!nameId) refuse('no-name-id', 'the Subject has no NameID');
  const subject = textOf(nameId).trim();
  if (!subject) refuse('no-name-id', 'the NameID is empty');
  const format = attr(nameId, 'Format') ?? NAMEID_UNSPECIFIED;
  const subjectType = format.startsWith(NAMEID_20_PREFIX) ? format.slice(NAMEID_20_PREFIX.length) : format;

  const confirmation = oneChild(subjectEl, SAML_ASSERTION_NS, 'SubjectConfirmation', 'subject-confirmation');
  if (attr(confirmation, 'Method') !== BEARER) refuse('subject-confirmation', `method ${attr(confirmation, 'Method')}`);
  const data = oneChild(confirmation, SAML_ASSERTION_NS, 'SubjectConfirmationData', 'subject-confirmation');
  const recipient = attr(data, 'Recipient');
  const notOnOrAfter = time(data, 'NotOnOrAfter');
  if (recipient === undefined || notOnOrAfter === undefined) refuse('subject-confirmation', 'SubjectConfirmationData needs NotOnOrAfter and Recipient');
  if (!recipients.includes(recipient)) refuse('recipient', `Recipient ${recipient}`);
  return { subject, subjectType, recipient, notBefore: time(data, 'NotBefore'), notOnOrAfter };
}

/**
 * The Conditions (SAML core §2.5): the validity window of the Conditions and the SubjectConfirmationData
 * within the clock skew; at least one AudienceRestriction, each naming an accepted audience; OneTimeUse
 * noted; any other condition but ProxyRestriction refused, since this verifier cannot honour it.
 */
function checkConditions(
  assertion: XmlElement,
  subject: CheckedSubject,
  input: VerifySamlInput,
): { audiences: string[]; oneTimeUse: boolean; notOnOrAfterMs: number } {
  const skew = input.clockSkewMs ?? SAML_CLOCK_SKEW_MS;
  const conditions = oneChild(assertion, SAML_ASSERTION_NS, 'Conditions', 'malformed');
  const notBefore = [time(conditions, 'NotBefore'), subject.notBefore].filter((t): t is number => t !== undefined);
  const notOnOrAfter = [time(conditions, 'NotOnOrAfter'), subject.notOnOrAfter].filter((t): t is number => t !== undefined);
  if (notBefore.some((t) => input.nowMs + skew < t)) refuse('not-yet-valid', 'NotBefore is in the future');
  if (notOnOrAfter.some((t) => input.nowMs - skew >= t)) refuse('expired', 'NotOnOrAfter has passed');
  const audiences: string[] = [];
  let restrictions = 0;
  let oneTimeUse = false;
  for (const c of elements(conditions)) {
    if (isSaml(c, 'OneTimeUse')) oneTimeUse = true;
    if (isSaml(c, 'AudienceRestriction')) {
      restrictions++;
      const values = childrenNamed(c, SAML_ASSERTION_NS, 'Audience').map((a) => textOf(a).trim());
      audiences.push(...values);
      if (!values.some((v) => input.audiences.includes(v))) refuse('audience', `AudienceRestriction ${values.join(' ')}`);
    } else if (!isSaml(c, 'OneTimeUse') && !isSaml(c, 'ProxyRestriction')) {
      refuse('malformed', `unsupported condition ${c.local}`);
    }
  }
  if (restrictions === 0) refuse('audience', 'no AudienceRestriction');
  return { audiences, oneTimeUse, notOnOrAfterMs: Math.min(...notOnOrAfter) };
}

/** Every Attribute of the AttributeStatements by Name, values in document order (EncryptedAttribute is not read). */
function readAttributes(assertion: XmlElement): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const statement of childrenNamed(assertion, SAML_ASSERTION_NS, 'AttributeStatement')) {
    for (const a of childrenNamed(statement, SAML_ASSERTION_NS, 'Attribute')) {
      const name = attr(a, 'Name');
      if (!name) refuse('malformed', 'an Attribute without Name');
      const values = childrenNamed(a, SAML_ASSERTION_NS, 'AttributeValue').map((v) => textOf(v).trim());
      (attributes[name] ??= []).push(...values);
    }
  }
  return attributes;
}

type AwsClaims = Pick<SamlAssertion, 'roleSessionName' | 'sessionDurationSeconds' | 'sourceIdentity' | 'principalTags' | 'transitiveTagKeys' | 'attributes'>;

/** AWS's attributes (IAM User Guide, "Configure SAML assertions for the authentication response"). */
function awsClaims(attributes: Record<string, string[]>, input: VerifySamlInput): AwsClaims {
  checkRolePair(attributes[AWS_ATTRIBUTE.role], input);
  const sessionNames = attributes[AWS_ATTRIBUTE.roleSessionName];
  if (!sessionNames || sessionNames.length === 0) refuse('session-name-missing', 'no RoleSessionName attribute');
  if (sessionNames.length !== 1 || !SESSION_NAME.test(sessionNames[0]!)) refuse('session-name-invalid', 'RoleSessionName');
  const sessionDurationSeconds = sessionDuration(attributes[AWS_ATTRIBUTE.sessionDuration]);
  const sourceIdentity = sourceIdentityOf(attributes[AWS_ATTRIBUTE.sourceIdentity]);
  const principalTags = Object.entries(attributes)
    .filter(([name, values]) => name.startsWith(AWS_ATTRIBUTE.principalTagPrefix) && values.length > 0)
    .map(([name, values]) => ({ key: name.slice(AWS_ATTRIBUTE.principalTagPrefix.length), value: values[0]! }));
  return {
    roleSessionName: sessionNames[0]!,
    ...(sessionDurationSeconds !== undefined ? { sessionDurationSeconds } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    principalTags,
    transitiveTagKeys: attributes[AWS_ATTRIBUTE.transitiveTagKeys] ?? [],
    attributes,
  };
}

/** Some Role value is the pair `role ARN,provider ARN`, in either order. */
function checkRolePair(roleValues: string[] | undefined, input: VerifySamlInput): void {
  if (!roleValues || roleValues.length === 0) refuse('role', 'no Role attribute');
  const paired = roleValues.some((v) => {
    const parts = v.split(',').map((p) => p.trim());
    if (parts.length !== 2) return false;
    return (parts[0] === input.roleArn && parts[1] === input.providerArn) || (parts[0] === input.providerArn && parts[1] === input.roleArn);
  });
  if (!paired) refuse('role', 'no Role attribute value pairs the requested role and provider');
}

/** SessionDuration: one integer value in 900–43,200 seconds. */
function sessionDuration(durations: string[] | undefined): number | undefined {
  if (!durations) return undefined;
  const d = durations.length === 1 && /^\d{1,6}$/.test(durations[0]!) ? Number(durations[0]) : NaN;
  if (!(d >= 900 && d <= 43_200)) refuse('session-duration-invalid', `SessionDuration ${durations.join(',')}`);
  return d;
}

/** SourceIdentity: one value shaped like a session name, not starting with `aws:` (a reserved prefix). */
function sourceIdentityOf(sources: string[] | undefined): string | undefined {
  if (!sources) return undefined;
  if (sources.length !== 1 || !SESSION_NAME.test(sources[0]!) || sources[0]!.toLowerCase().startsWith('aws:')) {
    refuse('source-identity-invalid', 'SourceIdentity');
  }
  return sources[0];
}

/** The earliest AuthnStatement SessionNotOnOrAfter, which caps the session (SAML core §2.7.2). */
function sessionNotOnOrAfter(assertion: XmlElement): number | undefined {
  let earliest: number | undefined;
  for (const authn of childrenNamed(assertion, SAML_ASSERTION_NS, 'AuthnStatement')) {
    const t = time(authn, 'SessionNotOnOrAfter');
    if (t !== undefined) earliest = Math.min(t, earliest ?? t);
  }
  return earliest;
}
