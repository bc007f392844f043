/**
 * @module What UploadServerCertificate checks before it stores anything: the body is exactly one
 * well-formed PEM certificate, valid now; the chain is zero or more, each certifying the one before (named as its issuer, its signature verified); the
 * private key is one unencrypted PEM key (PKCS #8, PKCS #1 or SEC 1) whose public half is the body's.
 *
 * Errors are AWS's codes (IAM API Reference, API_UploadServerCertificate.html: MalformedCertificate "the
 * certificate was malformed or expired. The error message describes the specific error", KeyPairMismatch
 * "the public key certificate and the private key do not match"). The messages of a body that does not
 * parse, of an expired body and of a broken chain are the ones IAM answers (seen in the field:
 * hashicorp/terraform-provider-aws#7049, vmware-archive/terraforming-aws#46,
 * mprahl/ansible-role-lets-encrypt-route-53#52); AWS documents no text for the others, worded here alike.
 * Criteria: IAM User Guide, "Managing server certificates in IAM"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html).
 */
import { AwsError } from '../../../core/errors';
import { parsePemCertificates, type Certificate } from '../../../core/x509/certificate';
import { chainBreak } from '../../../core/x509/chain-order';
import { matchKeyPair, RSA_MAX_BITS, RSA_MIN_BITS, spkiAlgorithm } from '../../../core/x509/key-match';
import { parsePemPrivateKey } from '../../../core/x509/private-key';

const malformed = (message: string) => new AwsError('MalformedCertificate', message, 400);
const keyPairMismatch = () => new AwsError('KeyPairMismatch', 'Unable to validate certificate. The public key certificate and the private key do not match.', 400);

export const MSG_BODY = 'Unable to parse certificate. Please ensure the certificate is in PEM format.';
export const MSG_CHAIN = 'Unable to parse certificate chain. Please ensure the certificate chain is in PEM format.';
export const MSG_KEY = 'Unable to parse private key. Please ensure the private key is an unencrypted PEM-encoded RSA or EC key.';
export const MSG_EXPIRED = "Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed.";
export const MSG_NOT_YET = "Certificate is not yet valid. The 'Not Before' date restriction on the certificate has not been reached.";
export const MSG_KEY_TYPE = `Unsupported public key. The certificate's key must be RSA (${RSA_MIN_BITS} to ${RSA_MAX_BITS} bits) or EC (P-256, P-384, P-521).`;
export const chainMessage = (index: number) =>
  `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`;

/** What a checked upload yields. */
export interface CheckedServerCertificate {
  body: Certificate;
}

/** The one certificate of the body, current at `now`. */
function checkBody(text: string, now: Date): Certificate {
  const parsed = parsePemCertificates(text);
  if (!parsed.ok || parsed.value.length !== 1) throw malformed(MSG_BODY);
  const body = parsed.value[0]!;
  if (now.getTime() > body.notAfter.getTime()) throw malformed(MSG_EXPIRED);
  if (now.getTime() < body.notBefore.getTime()) throw malformed(MSG_NOT_YET);
  return body;
}

/** The chain's certificates, each certifying the one before (the body first). */
async function checkChain(body: Certificate, text: string | undefined): Promise<void> {
  if (text === undefined) return;
  const parsed = parsePemCertificates(text);
  if (!parsed.ok) throw malformed(MSG_CHAIN);
  const broken = await chainBreak(body, parsed.value);
  if (broken !== undefined) throw malformed(chainMessage(broken));
}

/**
 * Checks an upload as AWS does, in its order: the body, the chain, then the key and whether it is the
 * body's. Never echoes the key (nor anything of it) in an error.
 */
export async function checkServerCertificate(input: { CertificateBody: string; CertificateChain?: string; PrivateKey: string }, now: Date): Promise<CheckedServerCertificate> {
  const body = checkBody(input.CertificateBody, now);
  await checkChain(body, input.CertificateChain);
  const key = parsePemPrivateKey(input.PrivateKey, spkiAlgorithm(body.spki).curveOid);
  if (!key.ok) throw malformed(MSG_KEY);
  const match = await matchKeyPair(body.spki, key.value);
  if (match === 'unsupported-certificate-key' || match === 'unsupported-key-size') throw malformed(MSG_KEY_TYPE);
  if (match === 'malformed-key') throw malformed(MSG_KEY);
  if (match === 'mismatch') throw keyPairMismatch();
  return { body };
}
