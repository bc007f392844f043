/**
 * @module Prepares an `AuthzRequest` once per decision: lowercased action and service, and a
 * case-insensitive view of the condition context in which keys AWS derives from the principal
 * (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`, `aws:userid`,
 * `aws:PrincipalTag/*`) fill the gaps the caller left. The view is lazy: a decision whose statements
 * read no condition key builds nothing, derived keys are computed per lookup, and request values that
 * conditions parse (IPs, dates, numbers) are parsed at most once per decision.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import type { ConditionContext } from './conditions';
import type { AuthzPrincipal, AuthzRequest, ContextValue, PrincipalType } from './types';

/** A request ready for evaluation. Build it with `prepareRequest`. */
export interface PreparedRequest extends ConditionContext {
  readonly request: AuthzRequest;
  readonly principal: AuthzPrincipal;
  /** `service:action`, lowercased. */
  readonly action: string;
  /** The service prefix, lowercased. */
  readonly service: string;
  readonly resource: string;
  /** Whether the principal's entity has a permissions boundary (NotPrincipal depends on it). */
  readonly hasBoundary: boolean;
}

/** `aws:PrincipalType` values per principal type ("Account" for the root user). */
const PRINCIPAL_TYPE_VALUE: Partial<Record<PrincipalType, string>> = {
  Root: 'Account',
  User: 'User',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  Anonymous: 'Anonymous',
};

/** Lowercased spellings of context keys; keys come from a small fixed vocabulary, the bound is a backstop. */
const LOWER = new Map<string, string>();
const LOWER_MAX = 4096;
function lower(key: string): string {
  let l = LOWER.get(key);
  if (l === undefined) {
    l = key.toLowerCase();
    if (LOWER.size < LOWER_MAX) LOWER.set(key, l);
  }
  return l;
}

/**
 * Principal tags by lowercased key (`aws:PrincipalTag/<key>` is case-insensitive; the last spelling
 * wins), built once per principal object. INVARIANT: `AuthzPrincipal` is readonly data; a principal
 * object is not mutated after it has been used in a decision.
 */
const TAGS = new WeakMap<AuthzPrincipal, ReadonlyMap<string, string>>();
const NO_TAGS: ReadonlyMap<string, string> = new Map();
function principalTag(p: AuthzPrincipal, tagLower: string): string | undefined {
  if (p.tags === undefined) return undefined;
  let m = TAGS.get(p);
  if (m === undefined) {
    const keys = Object.keys(p.tags);
    if (keys.length === 0) m = NO_TAGS;
    else {
      const built = new Map<string, string>();
      for (const k of keys) built.set(k.toLowerCase(), p.tags[k]!);
      m = built;
    }
    TAGS.set(p, m);
  }
  return m.get(tagLower);
}

const PRINCIPAL_TAG = 'aws:principaltag/';

/**
 * Global keys AWS derives from the principal, looked up one key at a time (nothing is built unless a
 * policy asks). The caller's context wins where both exist (see `PreparedRequestImpl.value`).
 */
function derivedValue(p: AuthzPrincipal, keyLower: string): string | undefined {
  switch (keyLower) {
    // For a role session, aws:PrincipalArn is the role's ARN, not the session's.
    case 'aws:principalarn': return p.type === 'AssumedRole' && p.roleArn ? p.roleArn : p.arn;
    case 'aws:principalaccount': return p.accountId;
    case 'aws:principaltype': return PRINCIPAL_TYPE_VALUE[p.type];
    case 'aws:username': return p.type === 'User' && p.userName ? p.userName : undefined;
    case 'aws:userid': return p.userId ? p.userId : undefined;
    default:
      return keyLower.startsWith(PRINCIPAL_TAG) ? principalTag(p, keyLower.slice(PRINCIPAL_TAG.length)) : undefined;
  }
}

/**
 * INVARIANT: the caller's context is viewed through lowercased keys (built on the first lookup, once
 * per request); its explicit values win over derived keys, and `undefined` values from the caller are
 * skipped (they mean "absent"). Parsed request values (IPs, dates, numbers) are memoized per request.
 */
class PreparedRequestImpl implements PreparedRequest {
  readonly principal: AuthzPrincipal;
  readonly action: string;
  readonly service: string;
  readonly resource: string;
  #context: Map<string, ContextValue> | undefined = undefined;
  // Memo of parse(value): parallel arrays, scanned linearly (a request has a handful of parsed values).
  #memoParse: ((s: string) => unknown)[] | undefined = undefined;
  #memoIn: string[] | undefined = undefined;
  #memoOut: unknown[] | undefined = undefined;
  constructor(readonly request: AuthzRequest, readonly hasBoundary: boolean) {
    this.principal = request.principal;
    this.action = request.action.toLowerCase();
    const colon = this.action.indexOf(':');
    this.service = colon < 0 ? this.action : this.action.slice(0, colon);
    this.resource = request.resource;
  }
  #callerContext(): Map<string, ContextValue> {
    const ctx = this.request.context;
    const m = new Map<string, ContextValue>();
    const keys = Object.keys(ctx);
    for (let i = 0; i < keys.length; i++) {
      const v = ctx[keys[i]!];
      if (v !== undefined) m.set(lower(keys[i]!), v);
    }
    return (this.#context = m);
  }
  value(keyLower: string): ContextValue {
    const v = (this.#context ?? this.#callerContext()).get(keyLower);
    return v !== undefined ? v : derivedValue(this.principal, keyLower);
  }
  variable(keyLower: string): string | undefined {
    const v = this.value(keyLower);
    // INVARIANT: multivalued keys cannot be policy variables.
    return typeof v === 'string' ? v : undefined;
  }
  memo<T>(parse: (s: string) => T, value: string): T {
    const fns = this.#memoParse;
    if (fns !== undefined) {
      const ins = this.#memoIn!;
      for (let i = 0; i < fns.length; i++) if (fns[i] === parse && ins[i] === value) return this.#memoOut![i] as T;
    }
    const out = parse(value);
    if (fns === undefined) {
      this.#memoParse = [parse];
      this.#memoIn = [value];
      this.#memoOut = [out];
    } else {
      fns.push(parse);
      this.#memoIn!.push(value);
      this.#memoOut!.push(out);
    }
    return out;
  }
}

/** Prepares a request for evaluation; `hasBoundary` says whether a permissions boundary is attached. */
export function prepareRequest(request: AuthzRequest, options: { hasBoundary?: boolean } = {}): PreparedRequest {
  return new PreparedRequestImpl(request, options.hasBoundary ?? false);
}
