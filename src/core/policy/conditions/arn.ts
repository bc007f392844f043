/**
 * @module ARN condition operators. "Each of the six colon-delimited components of the ARN is checked
 * separately and each can include `*` or `?`"; `ArnEquals` and `ArnLike` behave identically.
 * Policy variables are allowed.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
import { arnMatches, compileArn, type ArnPattern } from '../match';
import { defineOperator, type ConditionOperator } from './types';

function arnOperator(name: string, negated: boolean): ConditionOperator {
  return defineOperator<ArnPattern>({
    name,
    negated,
    variables: true,
    compile: (value, variables) => compileArn(value, variables),
    test: (rv, p, vars) => arnMatches(p, rv, vars),
  });
}

/** The four ARN operators. */
export const ARN_OPERATORS = {
  ArnEquals: arnOperator('ArnEquals', false),
  ArnLike: arnOperator('ArnLike', false),
  ArnNotEquals: arnOperator('ArnNotEquals', true),
  ArnNotLike: arnOperator('ArnNotLike', true),
} as const;
