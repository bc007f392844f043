/**
 * @module SigV4 signing of the HTTPS transport's JSON calls with the SaaS's service credentials, built from
 * the stages core/sigv4 verifies with (canonical request, string to sign, signing key), so the signer and
 * the IAM Worker's verifier cannot disagree on a detail. Header form only, every header signed, the
 * payload hash sent in `x-amz-content-sha256`. The secret stays in this function: it derives the signing
 * key and is never logged nor sent.
 * Spec: IAM User Guide, "Create a signed AWS API request"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 */
import { toHex, utf8 } from '../core/bytes';
import {
  canonicalRequest,
  credentialScopeString,
  deriveSigningKey,
  hashCanonicalRequest,
  nobleSha256,
  SIGV4_ALGORITHM,
  stringToSign,
  type CredentialScope,
} from '../core/sigv4/index';

/** Credentials that sign: the SaaS's service credentials (or any AWS-style key). */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What to sign. */
export interface ToSign {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** `YYYYMMDDTHHMMSSZ`. */
export const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');

/**
 * The headers to send with `req`, signed for `service` in `region` at `nowMs`: the given ones plus `host`,
 * `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (temporary credentials) and `authorization`.
 */
export function signedHeaders(req: ToSign, creds: SigningCredentials, region: string, service: string, nowMs: number): Record<string, string> {
  const url = new URL(req.url);
  const date = amzDate(nowMs);
  const payloadHash = nobleSha256.sha256Hex(req.body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers.host = url.host;
  headers['x-amz-date'] = date;
  headers['x-amz-content-sha256'] = payloadHash;
  if (creds.sessionToken !== undefined) headers['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(headers).sort();
  const scope: CredentialScope = { date: date.slice(0, 8), region, service };
  const canonical = canonicalRequest(
    { method: req.method, path: url.pathname, query: url.search.slice(1), headers: Object.entries(headers) },
    { form: 'header', signedHeaders: names },
    { normalizePath: true, payloadHash },
  );
  const key = deriveSigningKey(creds.secretAccessKey, scope.date, region, service);
  const signature = toHex(nobleSha256.hmacSha256(key, utf8(stringToSign({ amzDate: date, scope }, hashCanonicalRequest(canonical)))));
  key.fill(0);
  headers.authorization = `${SIGV4_ALGORITHM} Credential=${creds.accessKeyId}/${credentialScopeString(scope)}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
