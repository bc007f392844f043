/**
 * @module HTTP Basic authentication with an IAM user's service-specific credential (RFC 7617), for the
 * SaaS's clients that cannot sign (git over HTTPS, database drivers): the user name is IAM's generated
 * `<user>-at-<account>`, the password the one CreateServiceSpecificCredential showed. Opt-in
 * (`serviceCredentials: 'basic'`); the decision then verifies the credential for the SaaS's service.
 * Spec: IAM User Guide, "Service-specific credentials for IAM users"; RFC 7617 §2.
 */
import type { ServiceCredentialInput } from '../core/decision/contract';

/** A generated user name: the account id after `-at-`. */
const SERVICE_USER_NAME = /^.{1,128}-at-(\d{12})$/s;

/** What a Basic header says: the credential and the account its user name claims; `bad` when malformed. */
export type BasicCredential = { credential: ServiceCredentialInput; accountId: string } | 'bad';

/** The Basic credential of a request, undefined when its Authorization header is not Basic. */
export function basicCredentialOf(req: Request): BasicCredential | undefined {
  const header = req.headers.get('authorization');
  if (header === null || !/^basic /i.test(header)) return undefined;
  let decoded: string;
  try {
    const bytes = Uint8Array.from(atob(header.slice(6).trim()), (ch) => ch.charCodeAt(0));
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return 'bad';
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'bad';
  const userName = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const accountId = SERVICE_USER_NAME.exec(userName)?.[1];
  if (!accountId || password.length === 0 || password.length > 200) return 'bad';
  return { credential: { userName, password }, accountId };
}
