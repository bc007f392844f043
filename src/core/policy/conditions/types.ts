/**
 * @module The contract every condition operator family implements (habit 3: operators are registered
 * objects, not a switch). Negation, `…IfExists`, `ForAllValues:`/`ForAnyValue:` and absent keys are
 * handled once, in `conditions/index.ts`; an operator only says how one request value compares with one
 * policy value.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { VarSource } from '../match';
import type { ContextValue } from '../types';

/** Request-side view that conditions read: values by lowercased key, plus policy variables. */
export interface ConditionContext extends VarSource {
  value(keyLower: string): ContextValue;
  /**
   * `parse(value)`, computed at most once per request for each parser and value, so a request value
   * that many conditions compare (`aws:SourceIp`, `aws:CurrentTime`) is parsed once per decision.
   * `parse` must be pure.
   */
  memo<T>(parse: (s: string) => T, value: string): T;
}

/** One condition operator, e.g. `StringLike`. `C` is the compiled form of one policy value. */
export interface ConditionOperator<C = unknown> {
  /** AWS's name without prefix or `IfExists` suffix. */
  readonly name: string;
  /** `Not…` operators: the key matches when it matches none of the policy values. */
  readonly negated: boolean;
  /** Whether policy variables are substituted in this operator's values (String, ARN and Bool only). */
  readonly variables: boolean;
  /** `Null` tests presence of the key instead of comparing values. */
  readonly presence?: true;
  /**
   * Compiles one policy value; undefined when the value is not valid for the operator (then it never
   * matches). `variables` is false under policy language 2008-10-17.
   */
  compile(value: string, variables: boolean): C | undefined;
  /** Compares one request value with one compiled policy value; undefined when they cannot be compared. */
  test(requestValue: string, compiled: C, ctx: ConditionContext): boolean | undefined;
}

/** Erases the compiled-value type so operators of all families fit one registry. */
export const defineOperator = <C>(op: ConditionOperator<C>): ConditionOperator =>
  op as unknown as ConditionOperator;

/**
 * An operator over parsed values (numbers, dates, IP ranges), where policy variables are not allowed: a
 * policy value compiles with `compile`, a request value is parsed with `parse` once per request
 * ({@link ConditionContext.memo}), and a request value that does not parse cannot be compared.
 */
export function parsedOperator<C, V>(
  name: string,
  negated: boolean,
  compile: (policyValue: string) => C | undefined,
  parse: (requestValue: string) => V | undefined,
  test: (request: V, policy: C) => boolean,
): ConditionOperator {
  return defineOperator<C>({
    name,
    negated,
    variables: false,
    compile,
    test: (rv, policy, ctx) => {
      const value = ctx.memo(parse, rv);
      return value === undefined ? undefined : test(value, policy);
    },
  });
}
