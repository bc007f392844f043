/**
 * @module What the STS actions need from the platform, as a port the Worker implements with the D1 read
 * model, the accounts' objects and the SecretBox (data-plane/sts-ports.ts). STS calls run in the isolate, on the
 * data plane: nothing here writes to an account's state except MFA codes (consumed in the caller's
 * account object, so a code is accepted once), the IDs of OneTimeUse SAML assertions (consumed in the
 * role's account object, so an assertion is accepted once) and the role's last use.
 */
import type { CompiledPolicy } from '../../core/policy/index';
import type { RoleRecord, TagRecord } from '../../core/records';
import type { SamlAssertion } from '../../core/saml/index';
import type { SessionClaims } from '../../core/session-token';
import type { PrincipalPolicies } from '../policy-set';

/** A role as the data plane knows it: the record's identity, trust and session limit, with its account's. */
export interface RoleView extends Pick<RoleRecord, 'roleId' | 'roleName' | 'path' | 'arn' | 'trustPolicy' | 'trustBindings' | 'maxSessionDuration'> {
  accountId: string;
  tags: TagRecord[];
  /** The incarnation of the role's account (its creation time), which the role's sessions carry. */
  accountCreatedAt: string;
}

/** The platform services STS actions use. */
export interface StsPorts {
  /** The caller's compiled policies (identity, boundary, session) and its principal tags. */
  callerPolicies(): Promise<{ policies: PrincipalPolicies; tags: TagRecord[] }>;
  /** A role by ARN in its account's read model; undefined when there is none or its account is not live. */
  findRole(accountId: string, roleArn: string): Promise<RoleView | undefined>;
  /** Compiles a trust policy (cached); null when it does not parse. */
  compileTrust(role: RoleView): CompiledPolicy | null;
  /** Whether a managed policy (customer in `accountId`, or AWS-managed) exists. */
  policyExists(accountId: string, policyArn: string): Promise<boolean>;
  /**
   * Checks a TOTP code of an MFA device enabled for `owner` (a user id or the root marker) in `accountId`,
   * consuming it: the same code is never accepted twice.
   */
  verifyMfa(accountId: string, owner: string, serialNumber: string, code: string): Promise<MfaOutcome>;
  /** Seals session claims into a token bound to the temporary key id. */
  seal(accessKeyId: string, claims: SessionClaims): Promise<string>;
  /**
   * Verifies a web identity token against the OIDC provider of the role's account that its issuer names
   * (signature with the issuer's published keys, audience, expiry); throws AWS's errors.
   */
  verifyWebIdentity(roleAccountId: string, token: string): Promise<VerifiedWebIdentity>;
  /**
   * Verifies a SAML response against the metadata of the named SAML provider, and consumes its assertion
   * when it carries OneTimeUse (a replay is refused); throws AWS's errors.
   */
  verifySaml(input: { roleAccountId: string; providerArn: string; roleArn: string; assertion: string }): Promise<VerifiedSaml>;
  /** Opens an encoded authorization message of `accountId`; undefined when it is not one. */
  openAuthorizationMessage(accountId: string, encoded: string): Promise<string | undefined>;
  /** Records that a role was used (GetRole's RoleLastUsed), in the background. */
  roleUsed(accountId: string, roleId: string, region: string): void;
}

/** A verified web identity token. */
export interface VerifiedWebIdentity {
  providerArn: string;
  /** The `iss` claim. */
  issuer: string;
  subject: string;
  /** The client id the token was accepted for. */
  audience: string;
  /** The `<provider>:…` condition keys. */
  context: Record<string, string | string[]>;
  /** Every claim (for session tags under `https://aws.amazon.com/tags`). */
  claims: Record<string, unknown>;
}

/** A verified SAML assertion with its `saml:*` condition keys. */
export interface VerifiedSaml {
  assertion: SamlAssertion;
  context: Record<string, string | string[]>;
}

/** The outcome of an MFA check: accepted, a wrong or replayed code, or no such device for the caller. */
export type MfaOutcome = 'ok' | 'invalid-code' | 'unknown-device';

