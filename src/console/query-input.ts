/**
 * @module A console call's input, checked as the Query API checks it. The API decodes every request
 * against the IAM model (protocol/query/decode.ts: lengths, patterns, enums, IAM's own path checks) before
 * the account's object runs it; the object trusts that. A console page builds the same input from a form,
 * so it goes through the same decoder: the input is written out as the Query parameters an SDK would send
 * (`Tags.member.1.Key=...`, IAM's lists are never flattened) and decoded back. A 2,000-character user name
 * or `<b>` in a name is then refused with the API's own `ValidationError`, word for word.
 */
import { AwsError } from '../core/errors';
import { decodeInput, SERVICES } from '../protocol/query/index';

type Flat = Map<string, string>;

/** Writes `value` under `key` as the Query protocol does (botocore's QuerySerializer, non-flattened lists). */
function flatten(out: Flat, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(out, `${key}.member.${i + 1}`, v));
  } else if (value instanceof Date) out.set(key, value.toISOString());
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(out, key === '' ? k : `${key}.${k}`, v);
  else out.set(key, String(value));
}

/** The decoded, validated input of IAM `action`, or the API's error for it (ValidationError, InvalidAction). */
export function queryInput(action: string, input: Record<string, unknown>): { ok: true; input: Record<string, unknown> } | { ok: false; error: AwsError } {
  const params: Flat = new Map();
  flatten(params, '', input);
  try {
    return { ok: true, input: decodeInput(SERVICES.iam.model, action, params, SERVICES.iam.decodeOptions) };
  } catch (e) {
    if (e instanceof AwsError) return { ok: false, error: e };
    throw e;
  }
}
