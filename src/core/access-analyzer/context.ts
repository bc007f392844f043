/**
 * @module What every check of one ValidatePolicy run shares: the policy type, the findings so far, and helpers
 * to point at a node (its path through the document and its span) and to read string-or-list elements.
 */
import { finding, type Finding, type FindingParams, type IssueCode, type Location, type PathElement } from './findings';
import type { JsonNode, Span } from './json-positions';

/**
 * Longest Action list whose entries are compared pairwise for REDUNDANT_ACTION (and Resource list for
 * REDUNDANT_RESOURCE): real policies list tens, and the comparison is quadratic.
 */
export const MAX_REDUNDANCY_LIST = 500;

/** ValidatePolicy's `policyType`. */
export type AnalyzerPolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** A node with the path that leads to it. */
export interface At {
  readonly node: JsonNode;
  readonly path: readonly PathElement[];
}

/** One run's state. */
export class Run {
  readonly findings: Finding[] = [];
  /**
   * Comparisons left for matching action wildcards and suggesting names (each action name a pattern is tested
   * against, or compared with, costs one): a bound on one request's work, whatever its document. Past it,
   * actions are no longer matched or suggested (no INVALID_ACTION or REDUNDANT_ACTION for them).
   */
  workLeft = 300_000;
  constructor(
    readonly policyType: AnalyzerPolicyType,
    readonly resourceType: string | undefined,
    /** The document's Version when it is a known one. */
    public version: string | undefined = undefined,
  ) {}

  /** Whether the document is a role trust policy (`AWS::IAM::AssumeRolePolicyDocument`). */
  get trust(): boolean {
    return this.policyType === 'RESOURCE_POLICY' && this.resourceType === 'AWS::IAM::AssumeRolePolicyDocument';
  }

  /** Whether statements grant to the caller (no Principal): identity policies and SCPs. */
  get principalless(): boolean {
    return this.policyType === 'IDENTITY_POLICY' || this.policyType === 'SERVICE_CONTROL_POLICY';
  }

  add<C extends IssueCode>(code: C, locations: readonly Location[], ...params: FindingParams<C>): void {
    this.findings.push(finding(code, locations, ...params));
  }
}

/** The location of a node (its value's span). */
export const locate = (at: At): Location => ({ path: at.path, span: at.node.span });

/** The location of a member's key (for elements that should not be there). */
export const locateKey = (at: At, key: string, keySpan: Span): Location => ({ path: [...at.path, { key }], span: keySpan });

/** The child of an object member, as an `At`. */
export const child = (at: At, key: string, node: JsonNode): At => ({ node, path: [...at.path, { value: key }] });

/**
 * A string-or-list element (Action, Resource, a principal's values, a condition's values) as its items, each
 * with its own path (an index only when the element is a list, as the document is written).
 */
export function items(at: At): At[] {
  if (at.node.kind === 'array') return at.node.items.map((node, index) => ({ node, path: [...at.path, { index }] }));
  return [at];
}
