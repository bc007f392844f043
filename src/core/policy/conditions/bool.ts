/**
 * @module `Bool` (compares "true"/"false", case-insensitively; policy variables allowed).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
 */
import { compileGlob, globTest, type Glob } from '../match';
import { defineOperator } from './types';

/** `Bool`. A policy value other than true/false (after variable substitution) never matches. */
export const Bool = defineOperator<Glob>({
  name: 'Bool',
  negated: false,
  variables: true,
  compile: (value, variables) => compileGlob(value, { wildcards: false, variables, fold: true }),
  test: (rv, g, vars) => {
    const v = rv.toLowerCase();
    return v === 'true' || v === 'false' ? globTest(g, v, vars) : undefined;
  },
});
