/**
 * @module String condition operators: exact, case-insensitive and `*`/`?` wildcard comparisons, with
 * policy variables in the values.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
import { compileGlob, globTest, type Glob } from '../match';
import { defineOperator, type ConditionOperator } from './types';

function stringOperator(name: string, negated: boolean, wildcards: boolean, fold: boolean): ConditionOperator {
  return defineOperator<Glob>({
    name,
    negated,
    variables: true,
    compile: (value, variables) => compileGlob(value, { wildcards, variables, fold }),
    test: (rv, g, vars) => globTest(g, rv, vars),
  });
}

/** The six string operators, keyed by name. */
export const STRING_OPERATORS = {
  StringEquals: stringOperator('StringEquals', false, false, false),
  StringNotEquals: stringOperator('StringNotEquals', true, false, false),
  StringEqualsIgnoreCase: stringOperator('StringEqualsIgnoreCase', false, false, true),
  StringNotEqualsIgnoreCase: stringOperator('StringNotEqualsIgnoreCase', true, false, true),
  StringLike: stringOperator('StringLike', false, true, false),
  StringNotLike: stringOperator('StringNotLike', true, true, false),
} as const;
