/**
 * @module Why a SAML response was refused, and the one place that turns a reason into AWS's error.
 *
 * Codes and, where AWS documents them, messages: STS API Reference, AssumeRoleWithSAML "Errors"
 * (IDPRejectedClaim, InvalidIdentityToken, ExpiredTokenException); IAM User Guide, "Troubleshooting SAML
 * 2.0 federation with AWS" (troubleshoot_saml.html), which quotes: "Response signature invalid",
 * "RoleSessionName is required in AuthnResponse", "RoleSessionName in AuthnResponse must match
 * [a-zA-Z_0-9+=,.@-]{2,64}", "Source Identity must match … and not begin with "aws:"", "Issuer not present
 * in specified provider", and AccessDenied "Not authorized to perform sts:AssumeRoleWithSAML" when the role
 * named in the response does not match or the Subject has no NameID. ExpiredTokenException's wording
 * ("Token must be redeemed within 5 minutes of issuance") is what AWS answers for a stale SAML response.
 * The other messages are ours, in AWS's style.
 */
import { AwsError } from '../errors';

/** A refusal: the reason (what the caller may branch on) and a detail for logs, never shown to clients. */
export type SamlFailure = { reason: SamlFailureReason; detail: string };

export type SamlFailureReason =
  /** Not base64, not XML, not a SAML 2.0 Response, or a structure SAML does not allow. */
  | 'malformed'
  /** Well-formed but using what this service does not support (EncryptedAssertion, an algorithm). */
  | 'unsupported'
  /** The provider's stored metadata cannot be used. */
  | 'bad-metadata'
  /** No signature covers the assertion, a signature does not verify, or the document is shaped for wrapping. */
  | 'signature'
  /** The response's Status is not Success. */
  | 'idp-rejected'
  | 'issuer'
  | 'audience'
  | 'recipient'
  /** Not exactly one bearer SubjectConfirmation with NotOnOrAfter and Recipient. */
  | 'subject-confirmation'
  /** A NotOnOrAfter has passed. */
  | 'expired'
  /** A NotBefore is still ahead. */
  | 'not-yet-valid'
  /** The Subject has no NameID. */
  | 'no-name-id'
  /** No Role attribute value names the requested role and provider. */
  | 'role'
  | 'session-name-missing'
  | 'session-name-invalid'
  | 'source-identity-invalid'
  | 'session-duration-invalid'
  /** An assertion with OneTimeUse whose ID was already accepted (checked by the caller, not the verifier). */
  | 'replayed';

export const samlFailure = (reason: SamlFailureReason, detail: string): SamlFailure => ({ reason, detail });

/** Thrown inside the verifier and caught at its edge, which returns it as a Result. */
export class SamlRefusal extends Error {
  override readonly name = 'SamlRefusal';
  constructor(readonly failure: SamlFailure) {
    super(`${failure.reason}: ${failure.detail}`);
  }
}

/** Throws a refusal. */
export function refuse(reason: SamlFailureReason, detail: string): never {
  throw new SamlRefusal(samlFailure(reason, detail));
}

/** An answer other than InvalidIdentityToken: its code, message and HTTP status. */
type OtherAnswer = { code: string; message: string; status: number };

const DENIED: OtherAnswer = { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithSAML', status: 403 };

/**
 * What AssumeRoleWithSAML answers for each reason: a bare message is InvalidIdentityToken (400), the code
 * the STS API Reference gives for an assertion that "could not be validated". A Record, so a new reason
 * fails to compile until it is given an answer here.
 */
const ANSWERS: Readonly<Record<SamlFailureReason, string | OtherAnswer>> = {
  malformed: 'Invalid SAML response: the response could not be parsed as a SAML 2.0 Response.',
  unsupported: 'Invalid SAML response: the response uses a feature that is not supported.',
  'bad-metadata': 'Could not parse metadata.',
  signature: 'Response signature invalid',
  'idp-rejected': { code: 'IDPRejectedClaim', message: 'The identity provider reported that authentication failed.', status: 403 },
  issuer: 'Issuer not present in specified provider',
  audience: 'Invalid SAML response: the assertion is not addressed to this audience.',
  recipient: 'Invalid SAML response: the SubjectConfirmationData Recipient does not match the AWS sign-in endpoint.',
  'subject-confirmation': 'Invalid SAML response: exactly one bearer SubjectConfirmation with NotOnOrAfter and Recipient is required.',
  expired: { code: 'ExpiredTokenException', message: 'Token must be redeemed within 5 minutes of issuance', status: 400 },
  'not-yet-valid': 'Invalid SAML response: the assertion is not yet valid (NotBefore is in the future).',
  'no-name-id': DENIED,
  role: DENIED,
  'session-name-missing': 'RoleSessionName is required in AuthnResponse',
  'session-name-invalid': 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}',
  'source-identity-invalid': 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"',
  'session-duration-invalid': 'SessionDuration in AuthnResponse must be an integer from 900 to 43200',
  // Ours: AWS documents no wording for a replayed OneTimeUse assertion.
  replayed: 'Invalid SAML response: the assertion has OneTimeUse and was already used.',
};

/** The error AssumeRoleWithSAML answers for a refusal (a fresh error each time: callers may decorate it). */
export function samlFailureToAwsError(failure: SamlFailure): AwsError {
  const answer = ANSWERS[failure.reason];
  return typeof answer === 'string'
    ? new AwsError('InvalidIdentityToken', answer, 400)
    : new AwsError(answer.code, answer.message, answer.status);
}
