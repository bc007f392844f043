/**
 * @module The condition-operator registry and the one place where AWS's rules around operators live:
 * `…IfExists`, `ForAllValues:` / `ForAnyValue:`, negated operators, absent keys, OR across the values of
 * one key and AND across keys and operators.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 */
import type { ConditionBlock } from '../types';
import { ARN_OPERATORS } from './arn';
import { BinaryEquals } from './binary';
import { Bool } from './bool';
import { DATE_OPERATORS } from './date';
import { IP_OPERATORS } from './ip';
import { Null } from './null';
import { NUMERIC_OPERATORS } from './numeric';
import { STRING_OPERATORS } from './string';
import type { ConditionContext, ConditionOperator } from './types';

export type { ConditionContext, ConditionOperator } from './types';

/** Every base operator AWS defines, keyed by its name (habit 3: a Record, not a switch). */
export const CONDITION_OPERATORS = {
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...DATE_OPERATORS,
  Bool,
  BinaryEquals,
  ...IP_OPERATORS,
  ...ARN_OPERATORS,
  Null,
} as const satisfies Record<string, ConditionOperator>;

/** A base operator name such as `StringLike`. */
export type OperatorName = keyof typeof CONDITION_OPERATORS;

/** Set qualifier: none, `ForAllValues:` or `ForAnyValue:`. */
export type SetQualifier = 'none' | 'all' | 'any';

/** A fully spelled operator (`ForAnyValue:StringLikeIfExists`) split into its parts. */
export interface ParsedOperator {
  readonly op: ConditionOperator;
  readonly set: SetQualifier;
  readonly ifExists: boolean;
}

/** Splits an operator name; undefined when AWS would not recognize it. Names are case-sensitive. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: SetQualifier = 'none';
  if (rest.startsWith('ForAllValues:')) { set = 'all'; rest = rest.slice(13); }
  else if (rest.startsWith('ForAnyValue:')) { set = 'any'; rest = rest.slice(12); }
  let ifExists = false;
  if (rest.endsWith('IfExists')) { ifExists = true; rest = rest.slice(0, -8); }
  if (!Object.hasOwn(CONDITION_OPERATORS, rest)) return undefined;
  const op: ConditionOperator = CONDITION_OPERATORS[rest as OperatorName];
  // INVARIANT: `Null` has no IfExists form ("except the Null condition").
  if (op.presence && ifExists) return undefined;
  return { op, set, ifExists };
}

/** One operator × key of a statement's Condition, compiled. */
export interface CompiledCondition extends ParsedOperator {
  /** Lowercased condition key (keys are case-insensitive). */
  readonly key: string;
  /** Compiled policy values; a value the operator rejected is dropped (it can never match). */
  readonly values: readonly unknown[];
  /** Policy-variable keys without defaults used in the values. */
  readonly required: readonly string[];
}

/**
 * Compiles a Condition block. Returns the operator names that are not recognized instead when there
 * are any (validation reports them; evaluation never sees them).
 */
export function compileConditions(
  block: ConditionBlock,
  variables: boolean,
): { ok: true; conditions: CompiledCondition[] } | { ok: false; unknown: string[] } {
  const conditions: CompiledCondition[] = [];
  const unknown: string[] = [];
  for (const [name, keys] of Object.entries(block)) {
    const parsed = parseOperator(name);
    if (!parsed) { unknown.push(name); continue; }
    const vars = variables && parsed.op.variables;
    for (const [key, raw] of Object.entries(keys)) {
      const values: unknown[] = [];
      const required: string[] = [];
      for (const v of raw) {
        const c = parsed.op.compile(v, vars);
        if (c === undefined) continue;
        values.push(c);
        const req = (c as { required?: readonly string[] }).required;
        if (req) required.push(...req);
      }
      conditions.push({ ...parsed, key: key.toLowerCase(), values, required });
    }
  }
  return unknown.length ? { ok: false, unknown } : { ok: true, conditions };
}

/**
 * One request value against the policy values: true when it matches any of them (OR); for a negated
 * operator, true when it matches none of them. A value no policy value can be compared with (a
 * non-number for a Numeric operator) never satisfies either sense.
 */
function valueSatisfies(c: CompiledCondition, rv: string, ctx: ConditionContext): boolean {
  let comparable = false;
  for (let i = 0; i < c.values.length; i++) {
    const r = c.op.test(rv, c.values[i], ctx);
    if (r === true) return !c.op.negated;
    if (r === false) comparable = true;
  }
  return c.op.negated && comparable;
}

/** Evaluates one compiled condition against the request. */
export function conditionHolds(c: CompiledCondition, ctx: ConditionContext): boolean {
  const v = ctx.value(c.key);
  const isList = typeof v !== 'string';
  // An absent key, an empty list, and (for set operators) an empty string are "no values".
  const empty = v === undefined || (isList && v.length === 0) || (c.set !== 'none' && v === '');
  if (c.op.presence) {
    // Null: true ⇔ key absent; the policy may list both values (OR).
    for (let i = 0; i < c.values.length; i++) if (c.values[i] === empty) return true;
    return false;
  }
  if (empty) {
    // Absent key: IfExists → true; ForAllValues → true (empty set); ForAnyValue → false;
    // plain operators: positive → false, negated ("requires that the key is not matched") → true.
    if (c.ifExists || c.set === 'all') return true;
    if (c.set === 'any') return false;
    return c.op.negated;
  }
  if (!isList) return valueSatisfies(c, v, ctx);
  if (c.set === 'all' || (c.set === 'none' && c.op.negated)) {
    for (let i = 0; i < v.length; i++) if (!valueSatisfies(c, v[i]!, ctx)) return false;
    return true;
  }
  // ForAnyValue, or a positive operator on a multivalued key without a qualifier: any value suffices.
  for (let i = 0; i < v.length; i++) if (valueSatisfies(c, v[i]!, ctx)) return true;
  return false;
}

/** All conditions of a statement (AND across operators and keys). No conditions → true. */
export function conditionsHold(conds: readonly CompiledCondition[], ctx: ConditionContext): boolean {
  for (let i = 0; i < conds.length; i++) if (!conditionHolds(conds[i]!, ctx)) return false;
  return true;
}
