/**
 * @module A console action whose input comes from a form: the fields are read as the Query API reads its
 * parameters (`ActionNames.member.1`, `ContextEntries.member.1.ContextKeyName`...) and decoded and
 * validated by the same IAM model (protocol/query `decodeInput` with IAM's own checks) before act.ts runs
 * the action. So a name too long, a path without its slashes or a thumbprint of the wrong length gets the
 * API's own ValidationError ("1 validation error detected: ...") and nothing runs, instead of reaching an
 * action that trusts the edge to have checked its input.
 */
import type { Context } from 'hono';
import { AwsError } from '../core/errors';
import type { AppEnv } from '../env';
import { decodeInput, SERVICES } from '../protocol/query/index';
import type { ExecuteResult } from '../storage/account-rpc';
import { act } from './act';
import type { ConsoleContext } from './guard';

/** Query parameters as the API names them; undefined values are left out (an optional field left empty). */
export type QueryFields = Record<string, string | undefined>;

/** Runs IAM `action` as the signed-in principal with `fields` decoded and validated as the Query API does. */
export async function actQuery(c: ConsoleContext, action: string, fields: QueryFields): Promise<ExecuteResult> {
  const params = new Map<string, string>();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.set(k, v);
  let input: Record<string, unknown>;
  try {
    input = decodeInput(SERVICES.iam.model, action, params, SERVICES.iam.decodeOptions);
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return { ok: false, error: { code: e.code, message: e.message, status: e.status, type: e.type }, bookmark: null };
  }
  const identity = c.get('identity');
  return act(c as unknown as Context<AppEnv>, identity.caller, action, input);
}

/** `name.member.1`, `name.member.2`... for a list parameter. */
export function listFields(name: string, values: readonly string[]): QueryFields {
  const out: QueryFields = {};
  values.forEach((v, i) => (out[`${name}.member.${i + 1}`] = v));
  return out;
}

/** The non-empty lines of a textarea, trimmed (one value per line). */
export const linesOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
