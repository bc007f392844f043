/**
 * @module `GET /workload/credentials`: the HTTP face of workload credentials (data-plane/workload-credentials.ts),
 * in the container-credentials JSON format every AWS SDK and the CLI read through
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN`:
 *
 *   GET /workload/credentials   Authorization: <token>   [x-iam-bookmark: <bookmark>]
 *   → 200 {"AccessKeyId","SecretAccessKey","Token","Expiration","RoleArn"}
 *   → 401 {"code","message"}  missing, malformed, unknown, revoked or expired token
 *   → 403 {"code","message"}  the profile has no role, or the role's trust policy does not allow
 *                              `ec2.amazonaws.com` to `sts:AssumeRole` (as AWS requires for instance profiles)
 *   → 503 {"code","message"}  the read model could not be read; clients retry
 *
 * The SDKs send the variable's value as the whole `Authorization` header, without a scheme
 * (@smithy/credential-provider-imds `fromContainerMetadata`, @aws-sdk/credential-provider-http `fromHttp`,
 * botocore's `ContainerProvider`); `Bearer <token>` is accepted too, for curl.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { EC2_SERVICE, mintWorkloadCredentials, WorkloadError } from '../data-plane/workload-credentials';
import { bookmarkOf } from './query-request';

/** The token from the Authorization header: the raw value (what the SDKs send) or `Bearer <token>`. */
function tokenOf(header: string | undefined): string {
  const value = (header ?? '').trim();
  if (!value) throw new WorkloadError(401, 'MissingToken', 'The Authorization header must carry a workload token.');
  return /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '') : value;
}

/** `GET /workload/credentials`; see the module comment. Always answers JSON, never a 500. */
export async function workloadCredentials(c: Context<AppEnv>): Promise<Response> {
  c.header('cache-control', 'no-store');
  try {
    const request = {
      token: tokenOf(c.req.header('authorization')),
      bookmark: bookmarkOf(c.req.header('x-iam-bookmark')),
      secure: new URL(c.req.url).protocol === 'https:',
      now: c.get('now'),
    };
    return c.json(await mintWorkloadCredentials(c, request));
  } catch (e) {
    if (e instanceof WorkloadError) {
      // A refused role, logged as the Query API logs its denials (http/on-error.ts); never the token.
      if (e.code === 'AccessDenied') console.log(JSON.stringify({ event: 'access-denied', requestId: c.get('requestId'), principal: EC2_SERVICE, action: 'sts:AssumeRole', message: e.message }));
      return c.json({ code: e.code, message: e.message }, e.status);
    }
    console.error(JSON.stringify({ event: 'workload-credentials-failed', requestId: c.get('requestId'), name: (e as Error).name, message: (e as Error).message }));
    return c.json({ code: 'ServiceUnavailable', message: `The service could not answer; retry. Request ID: ${c.get('requestId')}` }, 503);
  }
}
