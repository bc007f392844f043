/** Signed Access Analyzer ValidatePolicy calls (REST JSON) through the Worker's app (./support.ts `dispatch`). */
import { AwsClient } from 'aws4fetch';
import { clockNow, dispatch, type Keys } from './support';

export const ORIGIN = 'https://iam.test';

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** What a call may change: the scope's service and region (`access-analyzer`, `us-east-1`), headers. */
export interface ValidateOptions {
  service?: string;
  region?: string;
  bookmark?: string | null;
  headers?: Record<string, string>;
}

/** Signs and sends a ValidatePolicy call. */
export async function validate(keys: Keys, input: unknown, query = '', opts: ValidateOptions = {}): Promise<Answer> {
  const client = new AwsClient({ ...keys, service: opts.service ?? 'access-analyzer', region: opts.region ?? 'us-east-1' });
  const req = await client.sign(`${ORIGIN}/policy/validation${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.bookmark ? { 'x-iam-bookmark': opts.bookmark } : {}), ...opts.headers },
    body: typeof input === 'string' ? input : JSON.stringify(input),
    aws: { datetime: new Date(clockNow()).toISOString().replace(/[:-]|\.\d{3}/g, '') },
  });
  const res = await dispatch(req);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

