/**
 * @module The Worker's bindings and Hono's context variables: the only file that names bindings.
 * Configured in wrangler.toml; secrets from `wrangler secret put` (locally, .dev.vars).
 */
import type { AccountDO } from './storage/account-do';
import type { SamlReplayDO } from './storage/saml-replay-do';
import type { AuditMessage } from './storage/audit-queue';

/** Bindings, vars and secrets of the Worker. */
export interface Env {
  /** The D1 read model (migrations/d1). */
  DB: D1Database;
  /** One AccountDO per tenant account, addressed by `idFromName(accountId)`. */
  ACCOUNT: DurableObjectNamespace<AccountDO>;
  /** One SamlReplayDO per SAML IdP, the used OneTimeUse assertion IDs (storage/saml-replay-do.ts). */
  SAML_REPLAY: DurableObjectNamespace<SamlReplayDO>;
  /** The audit queue: events born in isolates, on their way to their account's trail (storage/audit-queue.ts). */
  AUDIT_QUEUE: Queue<AuditMessage>;
  /** Optional: the R2 bucket of the audit archive (gzip JSON files in CloudTrail's object layout). */
  AUDIT_ARCHIVE?: R2Bucket;
  /** Optional var: days an account's trail keeps its events (90 unless set). */
  AUDIT_RETENTION_DAYS?: string;
  /** Secret: key material for sealing secrets at rest (at least 32 characters; base64 of 32 random bytes). */
  IAM_MASTER_KEY: string;
  /** Optional secret: comma-separated earlier master keys, still accepted for opening sealed values. */
  IAM_PREVIOUS_MASTER_KEYS?: string;
  /** Secret: bearer token of the operator API. */
  OPERATOR_TOKEN: string;
  /** ARN partition, `aws` unless configured. */
  IAM_PARTITION?: string;
  /** Optional var, tests only: `true` lets OIDC issuers be `http://127.0.0.1`/`localhost` (never set in production; see data-plane/oidc-keys.ts). */
  IAM_ALLOW_INSECURE_OIDC_ISSUERS?: string;
  /** Optional var, tests only: `true` fails any response whose output the service model does not allow (protocol/query/output-check.ts). */
  IAM_CHECK_OUTPUT?: string;
}

/** The ARN partition the service runs in (`IAM_PARTITION`, `aws` when unset or empty). */
export const partitionOf = (env: Pick<Env, 'IAM_PARTITION'>): string => env.IAM_PARTITION || 'aws';

/** Hono context variables set by middleware. */
export interface Variables {
  requestId: string;
  /** The request's time, read once from the app's clock (http/app.ts). */
  now: Date;
  /** XML namespace of the service the request addressed, once known (for error responses). */
  xmlns?: string;
  /** Once authenticated: the caller's ARN and the action it asked for (`iam:ListUsers`), for the denial log. */
  callerArn?: string;
  action?: string;
  /** `json`: errors in the AWS JSON 1.1 protocol's form (http/cloudtrail-endpoint.ts); else AWS Query XML. */
  errorFormat?: 'json';
}

/** The Hono environment type of the app. */
export type AppEnv = { Bindings: Env; Variables: Variables };
