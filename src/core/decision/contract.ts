/**
 * @module The decision contract: what a SaaS sends the IAM Worker to have its tenants' requests
 * authenticated and authorized, and what it gets back. One set of types for the three ways in (the Hono
 * middleware through a service binding's RPC, the RPC itself, the HTTPS decision API), exported to the
 * SaaS (`edge-iam/decisions`), and versioned: a field is only ever added, a request without `version`
 * is version 1, and an IAM Worker answers every version it ever accepted (DESIGN.md §4).
 *
 * Secrets never cross: the SaaS sends the tenant's signature inputs (method, URL, headers, the body's
 * SHA-256), the IAM Worker verifies them with the secret it keeps.
 * Spec: Amazon Verified Permissions' IsAuthorized/BatchIsAuthorized for the shape of a decision;
 * IAM User Guide, "Policy evaluation logic", for its meaning.
 */

/** The newest contract version this code speaks. */
export const DECISION_API_VERSION = 1 as const;
/** Items one batch may carry at most (AVP's BatchIsAuthorized limit is 30). */
export const MAX_BATCH_ITEMS = 30;

/** The tenant's request as the SaaS received it: what SigV4 needs to verify it, and no secret. */
export interface SignedRequest {
  method: string;
  /** The full URL the tenant called: scheme, host, path and query (header or presigned form). */
  url: string;
  /** The request's headers as received (names in any case); at least the signed ones and `authorization`. */
  headers: Readonly<Record<string, string>>;
  /** Lower-case hex SHA-256 of the body as received (of the empty string for none). */
  bodySha256: string;
}

/** Facts of the tenant's request that become global condition keys. */
export interface RequestFacts {
  /** `aws:SourceIp`. */
  sourceIp?: string;
  /** `aws:userAgent`. */
  userAgent?: string;
  /** `aws:SecureTransport` (default: the URL's scheme is https). */
  secureTransport?: boolean;
}

/**
 * An IAM user's service-specific credential, as the tenant's client sent it to the SaaS (HTTP Basic
 * authentication of a git or database client): the generated user name (`<user>-at-<account>`) and the
 * password. Honoured for the service it was created for (`<service>.amazonaws.com`), while Active.
 */
export interface ServiceCredentialInput {
  userName: string;
  password: string;
}

/**
 * Who is calling: the tenant's signed request, a principal an earlier answer sealed, or an IAM user's
 * service-specific credential.
 */
export type CallerInput = { request: SignedRequest } | { principalToken: string } | { serviceCredential: ServiceCredentialInput };

/** What every call names. */
export interface DecisionScope {
  /** Contract version the caller speaks; absent means 1. */
  version?: number;
  /** The SaaS's service prefix (`acme`): the signature's service and the actions' vendor. */
  service: string;
  /** The region the SaaS serves (the signature's region). */
  region: string;
  caller: CallerInput;
  facts?: RequestFacts;
  /** `x-iam-bookmark` of a write the caller needs reflected (read-your-writes); absent: isolate caches. */
  bookmark?: string;
  /**
   * Record each decision of this call (authorize, batchAuthorize) in the caller's account's audit trail, as
   * a CloudTrail event (eventSource `<service>.amazonaws.com`, eventName the action's name, errorCode
   * `AccessDenied` when denied). Added in version 1; absent or false: nothing is recorded and nothing costs more.
   * Ignored by authenticate and planResources (they decide nothing).
   */
  record?: boolean;
}

/** One authorization question about the caller. */
export interface AuthorizeItem {
  /** `acme:GetProject`. */
  action: string;
  /** The resource's ARN (`arn:aws:acme:us-east-1:111122223333:project/p1`), or `*`. */
  resource: string;
  /** The SaaS's own condition keys and `aws:ResourceTag/*` (values: string or list of strings). */
  context?: Readonly<Record<string, string | readonly string[]>>;
  /** The resource's resource-based policy (JSON), when the SaaS keeps one; cross-account access needs it. */
  resourcePolicy?: string;
  /**
   * When the SaaS last wrote `resourcePolicy` (ISO 8601). A principal of an account created after it is not
   * named by the policy in any form but `*`: an account id closed and given again to a new tenant does not
   * inherit what the policy granted the old one (AWS pins a policy's principals when it is saved). Added in
   * version 1; without it, the policy's account ids name whoever holds them now.
   */
  resourcePolicyWrittenAt?: string;
}

export type DecisionValue = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A statement that decided. */
export interface DecisionReason {
  policyType: 'identity' | 'resource' | 'boundary' | 'session';
  /** The policy's ARN, an inline policy's name, or `resource` for the passed resource policy. */
  policy: string;
  sid?: string;
  effect: 'Allow' | 'Deny';
}

/** The authenticated caller, as the SaaS may use it (`c.get('iam')` in the middleware). */
export interface Principal {
  accountId: string;
  arn: string;
  /** `aws:PrincipalType`, with `Root` for the account's root user. */
  type: 'Root' | 'User' | 'AssumedRole' | 'FederatedUser';
  /** `aws:userid`: `AIDA…`, `AROA…:session`, the account id for the root user. */
  userId: string;
  userName?: string;
  accessKeyId: string;
  /** Present for temporary credentials. */
  session?: {
    kind: 'assumed-role' | 'federated-user' | 'session-token';
    roleArn?: string;
    issuedAt: string;
    expiresAt: string;
    mfa: boolean;
    sourceIdentity?: string;
  };
  /** `aws:PrincipalTag/*` as decisions see them (session tags over the principal's own). */
  tags: Readonly<Record<string, string>>;
  /**
   * Sealed handle of this principal, to ask later decisions about it without its signature
   * (`caller: { principalToken }`). Bound to its account's incarnation and to its key or session, and
   * expiring with the shorter of those and a few minutes.
   */
  principalToken: string;
}

/** One decision. */
export interface DecisionResult {
  decision: DecisionValue;
  /** The deciding statements: the denying ones, or the allowing ones; empty for an implicit deny. */
  reasons: DecisionReason[];
  /** When denied: AWS's AccessDenied message (`User: arn:… is not authorized to perform: …`). */
  message?: string;
  /** When denied: the encoded authorization message (sts:DecodeAuthorizationMessage reads it). */
  encodedMessage?: string;
}

/** An error in AWS's shape: `code` as AWS names it (`SignatureDoesNotMatch`), its HTTP status. */
export interface DecisionError {
  code: string;
  message: string;
  status: number;
}

/** Every answer: a value, or the error AWS would give. */
export type DecisionAnswer<T> = ({ ok: true; version: number } & T) | { ok: false; version: number; error: DecisionError };

export interface AuthenticateInput extends DecisionScope {}
export type AuthenticateOutput = DecisionAnswer<{ principal: Principal }>;

export interface AuthorizeInput extends DecisionScope, AuthorizeItem {}
export type AuthorizeOutput = DecisionAnswer<{ principal: Principal } & DecisionResult>;

export interface BatchAuthorizeInput extends DecisionScope {
  /** At most {@link MAX_BATCH_ITEMS}. */
  items: readonly AuthorizeItem[];
}
export type BatchAuthorizeOutput = DecisionAnswer<{ principal: Principal; results: DecisionResult[] }>;

/** A plan for a list page: for one action, which resources the caller may and may not touch. */
export interface PlanInput extends DecisionScope {
  action: string;
  /** Keys known for every resource of the page (the SaaS's keys); resource-specific ones are left open. */
  context?: Readonly<Record<string, string | readonly string[]>>;
}

/** A filter on resources, as the SaaS can translate into its query. Owned by core/policy/plan.ts. */
export interface ResourceFilter {
  /** ARN patterns (`*` and `?` wildcards, IAM's matching) the resource must match (any of them). */
  resources: string[];
  /** ARN patterns the resource must not match (from `NotResource`). */
  notResources?: string[];
  /** Conditions on the resource's own keys (`aws:ResourceTag/team`, `acme:ProjectVisibility`), all must hold. */
  conditions?: { operator: string; key: string; values: string[] }[];
}

export type PlanOutput = DecisionAnswer<{
  principal: Principal;
  /**
   * `Allow`: every resource is allowed; `Deny`: none is; `Filter`: those matching some `allow` filter
   * and no `deny` filter are.
   */
  kind: 'Allow' | 'Deny' | 'Filter';
  allow: ResourceFilter[];
  deny: ResourceFilter[];
  /** False when some statement could not be reduced to filters: decide matching resources one by one. */
  exact: boolean;
}>;

/** The RPC interface of the IAM Worker's decision entrypoint (a service binding's methods). */
export interface DecisionService {
  authenticate(input: AuthenticateInput): Promise<AuthenticateOutput>;
  authorize(input: AuthorizeInput): Promise<AuthorizeOutput>;
  batchAuthorize(input: BatchAuthorizeInput): Promise<BatchAuthorizeOutput>;
  planResources(input: PlanInput): Promise<PlanOutput>;
}
