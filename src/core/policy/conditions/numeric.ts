/**
 * @module Numeric condition operators over integers and decimals. Policy variables are not supported
 * ("You can not use a policy variable with the Numeric condition operator").
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 */
import { defineOperator, type ConditionOperator } from './types';

// Integers and decimals with an optional sign; no exponents, hex, blanks or Infinity.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parses a numeric condition value; undefined when it is not a plain integer or decimal. */
export function parseNumber(s: string): number | undefined {
  return NUMBER.test(s) ? Number(s) : undefined;
}

function numericOperator(name: string, negated: boolean, cmp: (req: number, pol: number) => boolean): ConditionOperator {
  return defineOperator<number>({
    name,
    negated,
    variables: false,
    compile: parseNumber,
    test: (rv, pol, ctx) => {
      const n = ctx.memo(parseNumber, rv);
      return n === undefined ? undefined : cmp(n, pol);
    },
  });
}

/** The six numeric operators. `NumericNotEquals` is the negation of `NumericEquals`. */
export const NUMERIC_OPERATORS = {
  NumericEquals: numericOperator('NumericEquals', false, (a, b) => a === b),
  NumericNotEquals: numericOperator('NumericNotEquals', true, (a, b) => a === b),
  NumericLessThan: numericOperator('NumericLessThan', false, (a, b) => a < b),
  NumericLessThanEquals: numericOperator('NumericLessThanEquals', false, (a, b) => a <= b),
  NumericGreaterThan: numericOperator('NumericGreaterThan', false, (a, b) => a > b),
  NumericGreaterThanEquals: numericOperator('NumericGreaterThanEquals', false, (a, b) => a >= b),
} as const;
