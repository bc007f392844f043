/**
 * @module `BinaryEquals`: byte-for-byte comparison of base64 values; no policy variables.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
 */
import { fromBase64 } from '../../bytes';
import { defineOperator } from './types';

/** `BinaryEquals`: the request value is base64 as well; both are decoded and compared. */
export const BinaryEquals = defineOperator<Uint8Array>({
  name: 'BinaryEquals',
  negated: false,
  variables: false,
  compile: (value) => fromBase64(value),
  test: (rv, pol) => {
    const b = fromBase64(rv);
    if (!b) return undefined;
    if (b.length !== pol.length) return false;
    for (let i = 0; i < b.length; i++) if (b[i] !== pol[i]) return false;
    return true;
  },
});
