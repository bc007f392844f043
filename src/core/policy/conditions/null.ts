/**
 * @module `Null`: tests whether a condition key is absent from the request context; no variables and
 * no `IfExists` form.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
 */
import { defineOperator } from './types';

/** `Null`: policy value `true` means "the key is absent", `false` means "the key is present". */
export const Null = defineOperator<boolean>({
  name: 'Null',
  negated: false,
  variables: false,
  presence: true,
  compile: (value) => {
    const v = value.toLowerCase();
    return v === 'true' ? true : v === 'false' ? false : undefined;
  },
  test: () => undefined, // INVARIANT: never called; conditions/index.ts handles presence operators itself.
});
