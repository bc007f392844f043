/**
 * @module A console call's input checked as the Query API checks it: the input shape is flattened to the
 * Query parameters a client would send (`Tags.member.1.Key`, IAM's list form) and decoded by the same model
 * decoder (protocol/query), so a page gets the same `ValidationError` words for an oversized or malformed
 * field as the API (name patterns, lengths, ranges, IAM's path messages), and nothing reaches the account's
 * object that the API would have refused before it. Spec: "Query API request parameters" in the AWS
 * Query protocol (https://smithy.io/2.0/aws/protocols/aws-query-protocol.html, list serialization).
 */
import { decodeInput, SERVICES } from '../protocol/query/index';

/** Appends `value` under `prefix` as the Query protocol serializes it (IAM's lists are not flattened). */
function flatten(params: Map<string, string>, prefix: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(params, `${prefix}.member.${i + 1}`, v));
    // An empty list is sent as the bare name with an empty value (Smithy awsQuery: "empty lists").
    if (value.length === 0) params.set(prefix, '');
    return;
  }
  if (value instanceof Date) return void params.set(prefix, value.toISOString());
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(params, prefix ? `${prefix}.${k}` : k, v);
    return;
  }
  params.set(prefix, String(value));
}

/** The Query parameters of an input shape (`{ Tags: [{ Key, Value }] }` → `Tags.member.1.Key`...). */
export function toQueryParams(input: Record<string, unknown>): Map<string, string> {
  const params = new Map<string, string>();
  flatten(params, '', input);
  return params;
}

/**
 * The IAM input of `action` from Query parameters, decoded and validated as the Query API does; throws the
 * API's AwsError (`ValidationError`, 400) when a field breaks the model's constraints.
 */
export const decodeIamInput = (action: string, params: Map<string, string>): Record<string, unknown> =>
  decodeInput(SERVICES.iam.model, action, params, SERVICES.iam.decodeOptions);
