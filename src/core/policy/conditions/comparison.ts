/**
 * @module The six comparison operators the Numeric and Date families share (`…Equals`, `…NotEquals`,
 * `…LessThan`, `…LessThanEquals`, `…GreaterThan`, `…GreaterThanEquals`), over values parsed to numbers.
 * `…NotEquals` is the negation of `…Equals`: it matches when the key equals none of the policy values.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 * and #Conditions_Date
 */
import { parsedOperator, type ConditionOperator } from './types';

type Compare = (request: number, policy: number) => boolean;

/** Each comparison: whether it is negated, and how a request value compares with a policy value. */
const COMPARISONS = {
  Equals: [false, (a, b) => a === b],
  NotEquals: [true, (a, b) => a === b],
  LessThan: [false, (a, b) => a < b],
  LessThanEquals: [false, (a, b) => a <= b],
  GreaterThan: [false, (a, b) => a > b],
  GreaterThanEquals: [false, (a, b) => a >= b],
} as const satisfies Record<string, readonly [boolean, Compare]>;

type Comparison = keyof typeof COMPARISONS;

/** The six operators of `family` (`Numeric`, `Date`), both sides parsed with `parse`. */
export function comparisonOperators<F extends string>(
  family: F,
  parse: (s: string) => number | undefined,
): Readonly<Record<`${F}${Comparison}`, ConditionOperator>> {
  const entries = Object.entries(COMPARISONS).map(([comparison, [negated, compare]]) => {
    const name = `${family}${comparison}`;
    return [name, parsedOperator(name, negated, parse, parse, compare)] as const;
  });
  return Object.fromEntries(entries) as Record<`${F}${Comparison}`, ConditionOperator>;
}
