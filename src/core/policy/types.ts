/**
 * @module The data model of the IAM policy engine: the normalized policy document, the authorization
 * request, and the decision with the statements that produced it. Everything here is plain data so it
 * can cross RPC and be cached; the compiled forms live in `compile.ts`.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */

/** The two policy-language versions AWS accepts. Variables exist only in `2012-10-17`. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** Statement effect, spelled as in the policy grammar. */
export type Effect = 'Allow' | 'Deny';

/**
 * A normalized `Principal` / `NotPrincipal` block: `"*"` becomes `{ AWS: ['*'] }` and every
 * string-or-array value becomes an array. Keys keep AWS spelling (`AWS`, `Service`, `Federated`,
 * `CanonicalUser`).
 */
export type PrincipalBlock = Readonly<Record<string, readonly string[]>>;

/**
 * A normalized `Condition` block: operator (as written, e.g. `ForAnyValue:StringLike`) → condition key
 * (as written) → values (JSON booleans and numbers become strings).
 */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** One normalized statement. Exactly one of each pair (`Action`/`NotAction` …) is set after validation. */
export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition?: ConditionBlock;
}

/** A parsed policy document with its size as IAM counts it (characters other than whitespace). */
export interface PolicyDocument {
  /** Absent when the document has no `Version` (treated like 2008-10-17: variables are literal). */
  readonly version?: PolicyVersion;
  readonly id?: string;
  readonly statements: readonly Statement[];
  /** Characters of the source text, not counting whitespace outside string literals. */
  readonly size: number;
}

/**
 * Which kind of policy a document is; validation rules and size limits differ per kind. `managed` is a
 * customer managed policy (CreatePolicy, CreatePolicyVersion), `identity` an inline one (Put*Policy) or a
 * simulator input; `boundary` is a managed policy used as a permissions boundary.
 */
export type PolicyKind = 'managed' | 'identity' | 'resource' | 'trust' | 'boundary' | 'session';

/** The policy type that a statement came from, as the decision and AccessDenied messages name it. */
export type PolicyType = 'identity' | 'resource' | 'boundary' | 'session';

/** Who is asking. `type` follows `aws:PrincipalType` except that the account root is `Root`. */
export type PrincipalType =
  | 'Root'
  | 'User'
  | 'AssumedRole'
  | 'FederatedUser'
  | 'Service'
  | 'Federated'
  | 'Anonymous';

/** The authenticated caller of a request. */
export interface AuthzPrincipal {
  /** The caller's ARN: user ARN, `arn:aws:sts::…:assumed-role/name/session`, root ARN, service name. */
  readonly arn: string;
  readonly accountId: string;
  readonly type: PrincipalType;
  /** Friendly user name, the value of `aws:username` (IAM users only). */
  readonly userName?: string;
  /** Unique id, the value of `aws:userid` (`AIDA…`, `AROA…:session`). */
  readonly userId?: string;
  /** For `AssumedRole`: the role's ARN (with path), which resource policies may name instead of the session. */
  readonly roleArn?: string;
  /** For `FederatedUser`: the ARN of the IAM user that called GetFederationToken. */
  readonly federatingUserArn?: string;
  /** Principal tags, exposed as `aws:PrincipalTag/<key>`. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * When the caller's account was created (ISO 8601): the incarnation of an account id this service may
   * reuse after a closing. A trust policy that pinned another account's incarnation names only callers of
   * that incarnation (core/policy/principal.ts).
   */
  readonly accountCreatedAt?: string;
}

/** A condition-context value: one string, a multivalued key, or absent. */
export type ContextValue = string | readonly string[] | undefined;

/** One authorization question: may `principal` perform `action` on `resource` in this context? */
export interface AuthzRequest {
  readonly principal: AuthzPrincipal;
  /** `service:Action`, matched case-insensitively. */
  readonly action: string;
  /** The resource ARN (or `*` for actions without resource-level permissions). */
  readonly resource: string;
  /** Account that owns the resource; absent means the principal's own account. */
  readonly resourceAccountId?: string;
  /** Condition keys (looked up case-insensitively). Keys derived from `principal` fill gaps. */
  readonly context: Readonly<Record<string, ContextValue>>;
}

/** The final answer. */
export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Identifies a statement for reasons, messages and tests. */
export interface StatementRef {
  /** Policy ARN or inline policy name. */
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly versionId?: string;
  readonly sid?: string;
  /** Position of the statement in its document (0-based). */
  readonly index: number;
  readonly effect: Effect;
}

/** Why the decision came out as it did; `policyType` is the one AccessDenied messages name. */
export type ReasonDetail =
  | { readonly kind: 'root' }
  | { readonly kind: 'allowed'; readonly via: 'identity' | 'resource' | 'both' }
  | { readonly kind: 'explicitDeny'; readonly policyType: PolicyType }
  | { readonly kind: 'implicitDeny'; readonly policyType: PolicyType };

/** Result of `authorize()`. */
export interface AuthzResult {
  readonly decision: Decision;
  /** The statements that decided: the denying statements, or the allowing ones. Empty for implicit deny. */
  readonly matched: readonly StatementRef[];
  readonly reasonDetail: ReasonDetail;
}

/** A validation finding with a JSON-path-like location, AWS's message and the error code to send. */
export interface ValidationError {
  readonly path: string;
  readonly message: string;
  readonly code: 'MalformedPolicyDocument' | 'LimitExceeded';
}
