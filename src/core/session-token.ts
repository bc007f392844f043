/**
 * @module STS session tokens: sealed, self-describing temporary credentials (docs/DESIGN.md §6).
 *
 * A token carries everything needed to authenticate and authorize its requests without a database read
 * for the key itself: the account, the principal, the session policies, tags, source identity, MFA facts,
 * issue and expiry times, and the secret access key of its ASIA key id. It is sealed with the SecretBox
 * (AES-256-GCM) under the additional data `sts:<AccessKeyId>`, so a token only opens together with the key
 * id it was issued with, and any change to it makes it unreadable. Keys ids encode their account
 * (core/ids.ts), and the claims name it again, so a token of one account is worthless in another.
 * Spec: STS API Reference, "Credentials" (https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html).
 */
import type { SecretBox } from './secret-box';

/** What kind of session a token describes. */
export type SessionKind = 'assumed-role' | 'federated-user' | 'session-token';

/** The claims of a session (short field names keep tokens small). */
export interface SessionClaims {
  /** Format version. */
  v: 1;
  kind: SessionKind;
  /** The account whose principal the session acts as (the role's, or the user's). */
  acct: string;
  /** The session's principal ARN (`…:assumed-role/R/s`, `…:federated-user/n`, or the user/root ARN). */
  arn: string;
  /** `aws:userid`: `AROA…:session`, `account:name` for federated users, the user id or account id. */
  uid: string;
  /** Role sessions: the role id, name and ARN (with path). */
  roleId?: string;
  roleName?: string;
  roleArn?: string;
  /** User sessions and federated users: the IAM user's id (absent for the root user). */
  userId?: string;
  /** Session policy document (JSON text), when one was passed. */
  policy?: string;
  /** Managed policy ARNs passed as session policies. */
  policyArns?: string[];
  /** Session tags. */
  tags?: Record<string, string>;
  /** Keys of session tags that pass to chained sessions. */
  transitive?: string[];
  sourceIdentity?: string;
  /** Whether the session was created with MFA, and when (epoch seconds). */
  mfa: boolean;
  mfaAt?: number;
  /** True for a session created by a role session (role chaining). */
  chained?: boolean;
  /**
   * When the session's account (`acct`) was created: its incarnation. An account closed and created again
   * under the same id is another account, which refuses the old one's sessions ({@link isSessionOfIncarnation}).
   * Every session issued carries it; it is optional only for tokens issued before it was added.
   */
  acctAt?: string;
  /** Issue and expiry times, epoch seconds. */
  iat: number;
  exp: number;
  /** The secret access key of the session's key id. */
  secret: string;
}

/**
 * Whether a session belongs to the incarnation of its account created at `accountCreatedAt` (ISO 8601).
 * Tokens carry `acctAt`; a token issued before every session carried it is judged by its issue time: one
 * issued a whole second before the account was created cannot be one of its sessions.
 */
export function isSessionOfIncarnation(claims: Pick<SessionClaims, 'acctAt' | 'iat'>, accountCreatedAt: string): boolean {
  if (claims.acctAt !== undefined) return claims.acctAt === accountCreatedAt;
  return (claims.iat + 1) * 1000 > Date.parse(accountCreatedAt);
}

/** Prefix of every token this service issues, so a foreign or legacy token is refused early. */
const TOKEN_PREFIX = 'EIAM1';

/** Seals claims into a session token bound to the temporary access key id. */
export async function sealSessionToken(box: SecretBox, accessKeyId: string, claims: SessionClaims): Promise<string> {
  return `${TOKEN_PREFIX}.${await box.seal(JSON.stringify(claims), `sts:${accessKeyId}`)}`;
}

/** Opens a session token; undefined when it is malformed, tampered with, or not bound to this key id. */
export async function openSessionToken(box: SecretBox, accessKeyId: string, token: string): Promise<SessionClaims | undefined> {
  if (!token.startsWith(`${TOKEN_PREFIX}.`)) return undefined;
  const text = await box.open(token.slice(TOKEN_PREFIX.length + 1), `sts:${accessKeyId}`);
  if (text === undefined) return undefined;
  try {
    const claims = JSON.parse(text) as SessionClaims;
    return claims && claims.v === 1 && typeof claims.secret === 'string' && typeof claims.exp === 'number' ? claims : undefined;
  } catch {
    return undefined;
  }
}
