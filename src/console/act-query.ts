/**
 * @module A console action whose input comes from a form as Query parameters (`ActionNames.member.1`,
 * `ContextEntries.member.1.ContextKeyName`...): decoded and validated by the IAM model as the API does
 * (act.ts `actWithParams`), so a name too long, a path without its slashes or a thumbprint of the wrong
 * length gets the API's own ValidationError and nothing runs.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import type { ExecuteResult } from '../storage/account-rpc';
import { actWithParams } from './act';
import type { ConsoleContext } from './guard';

/** An action's refusal or failure as a page shows it. */
export type ActError = Extract<ExecuteResult, { ok: false }>['error'];

/** Query parameters as the API names them; undefined values are left out (an optional field left empty). */
export type QueryFields = Record<string, string | undefined>;

/** Runs IAM `action` as the signed-in principal with `fields` decoded and validated as the Query API does. */
export async function actQuery(c: ConsoleContext, action: string, fields: QueryFields): Promise<ExecuteResult> {
  const params = new Map<string, string>();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.set(k, v);
  return actWithParams(c as unknown as Context<AppEnv>, c.get('identity').caller, action, params);
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
