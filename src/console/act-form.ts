/**
 * @module Acting with a form's fields as IAM parameters: the fields are decoded and validated by the IAM
 * model exactly as the Query API decodes a request (protocol/query `decodeInput`: types, lengths, ranges,
 * patterns, IAM's own checks), then run through act.ts as the signed-in principal. A field out of range
 * gets IAM's own `ValidationError` text (`1 validation error detected: Value '200' at
 * 'minimumPasswordLength' failed to satisfy constraint: ...`), and nothing reaches the account's object.
 *
 * Why: act.ts hands its input to the object as already decoded, and the model's constraints live in the
 * protocol layer (the object trusts its edge), so a page that built the input by hand would skip them.
 * Spec: IAM API Reference, "Common errors" (ValidationError, 400); the action pages give the ranges.
 */
import type { Context } from 'hono';
import { AwsError } from '../core/errors';
import type { AppEnv } from '../env';
import { decodeInput, SERVICES } from '../protocol/query/index';
import type { ExecuteResult } from '../storage/account-rpc';
import { act } from './act';
import type { ConsoleContext } from './guard';

/** An action's refusal or failure as a page shows it. */
export type ActError = Extract<ExecuteResult, { ok: false }>['error'];

/**
 * Runs IAM `action` as the signed-in principal with `params` (Query parameter names and string values,
 * as a form posts them; an empty value should be left out by the caller when the parameter is optional).
 */
export async function actForm(c: ConsoleContext, action: string, params: Record<string, string>): Promise<ExecuteResult> {
  const iam = SERVICES.iam;
  let input: Record<string, unknown>;
  try {
    input = decodeInput(iam.model, action, new Map(Object.entries(params)), iam.decodeOptions);
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return { ok: false, error: { code: e.code, message: e.message, status: e.status, type: e.type }, bookmark: null };
  }
  // The console's context carries more variables than act's (the identity); act reads only the shared ones.
  return act(c as unknown as Context<AppEnv>, c.get('identity').caller, action, input);
}
