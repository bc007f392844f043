/**
 * @module Numeric condition operators over integers and decimals. Policy variables are not supported
 * ("You can not use a policy variable with the Numeric condition operator").
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 */
import { comparisonOperators } from './comparison';

// Integers and decimals with an optional sign; no exponents, hex, blanks or Infinity.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parses a numeric condition value; undefined when it is not a plain integer or decimal. */
export function parseNumber(s: string): number | undefined {
  return NUMBER.test(s) ? Number(s) : undefined;
}

/** The six numeric operators. */
export const NUMERIC_OPERATORS = comparisonOperators('Numeric', parseNumber);
