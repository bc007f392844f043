/**
 * @module The load client of `npm run bench` and `npm run profile`: one keep-alive node:http client,
 * requests prepared (and SigV4-signed) before the timed part, every answer checked, and the scenarios both
 * scripts drive (the trivial route, GetCallerIdentity, GetUser) with the accounts they need, made through
 * the operator API and signed IAM calls.
 *
 * Why node:http and not fetch: in Node 20, fetch (undici) costs ~0.6 ms of client CPU per request, more for
 * a POST with a body than for a GET, which both hides the server's time and penalises the POST side
 * (measured: a no-op POST / ran at 0.7× a GET /healthz with fetch, 1.0× with node:http).
 */
import { randomInt } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { AwsClient } from 'aws4fetch';

export const REGION = 'us-east-1';

/** A wrong answer, or a setup call that failed: the section (or the profile) cannot be trusted. */
export class BenchError extends Error {}

/** Operator API call; throws BenchError with the answer when the status is not the expected one. */
export async function operator(ctx, method, path, body, expected) {
  const res = await fetch(`${ctx.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ctx.operatorToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== expected) {
    throw new BenchError(`${method} ${path} → HTTP ${res.status} (expected ${expected}): ${text.slice(0, 300)}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/** A new tenant account (random 12-digit id) with root access keys, through the operator API. */
export async function accountWithRootKeys(ctx) {
  const accountId = String(randomInt(1, 10)) + String(randomInt(0, 1e11)).padStart(11, '0');
  await operator(ctx, 'POST', '/operator/accounts', { accountId, email: `bench+${accountId}@example.com` }, 201);
  const k = await operator(ctx, 'POST', `/operator/accounts/${accountId}/root-access-keys`, undefined, 201);
  return { accountId, accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

/** One signed Query API call made with fetch (setup only, never timed); resolves the XML, throws on non-200. */
export async function query(ctx, credentials, service, params) {
  const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
  const client = new AwsClient({ ...credentials, service, region: REGION, retries: 0 });
  const res = await client.fetch(`${ctx.baseUrl}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Action: params.Action, Version: version, ...params }).toString(),
  });
  const text = await res.text();
  if (res.status !== 200) throw new BenchError(`${params.Action} answered ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

/** The text of the first `<name>` element of an XML answer ('' when absent). */
export const field = (xml, name) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1] ?? '';

/** Makes the client's keep-alive agent for `concurrency` sockets; call `destroy()` at the end. */
export function makeClient(concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(1, concurrency) });

  /**
   * Send one prepared request {url, method, headers, body}; resolves {status, text}. A request that met a
   * keep-alive socket the server had just closed (ECONNRESET on a reused socket, before any answer) is
   * sent once more on a new one, as Node's documentation advises (http, `request.reusedSocket`).
   */
  const send = (prepared, retried = false) =>
    new Promise((resolve, reject) => {
      const { url, method, headers, body } = prepared;
      let answered = false;
      const req = http.request(url, { method, headers, agent }, (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('request timed out (30 s)')));
      req.on('error', (e) => {
        if (!retried && !answered && req.reusedSocket && e.code === 'ECONNRESET') resolve(send(prepared, true));
        else reject(e);
      });
      req.end(body);
    });

  /** Sends every request, `concurrency` in flight; throws BenchError on the first wrong answer. */
  const sendAll = async (requests, concurrency, check, deadline = Infinity) => {
    let next = 0;
    let bad = null;
    const worker = async () => {
      while (next < requests.length && !bad) {
        const { status, text } = await send(requests[next++]).catch((e) => ({ status: 0, text: String(e) }));
        const why = status === 0 ? 'request failed' : check(status, text);
        if (why) bad = `${why} (HTTP ${status}: ${text.slice(0, 300)})`;
        if (performance.now() > deadline) bad ??= 'section time budget exceeded';
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
    if (bad) throw new BenchError(bad);
  };

  /** Prepares `count` requests of `target` (untimed), then sends them and times that: {ops, ms}. */
  const timedBatch = async (target, count, concurrency, deadline) => {
    const requests = await target.prepare(count); // untimed
    const t0 = performance.now();
    await sendAll(requests, concurrency, target.check, deadline);
    return { ops: count, ms: performance.now() - t0 };
  };

  return { send, sendAll, timedBatch, destroy: () => agent.destroy() };
}

/** A subject or baseline: `prepare(count)` returns `count` plain requests; `check(status, body)`. */
export function plainGet(url, check) {
  return {
    prepare: async (count) => Array.from({ length: count }, () => ({ url, method: 'GET', headers: {} })),
    check,
  };
}

/** Requests signed with aws4fetch ahead of the timed batch, one fresh signature each. */
export function signedPost({ url, service, credentials, body, check, contentType = 'application/x-www-form-urlencoded; charset=utf-8' }) {
  const aws = new AwsClient({ ...credentials, service, region: REGION, retries: 0 });
  return {
    prepare: async (count) => {
      const out = new Array(count);
      for (let i = 0; i < count; i++) {
        const req = await aws.sign(url, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body,
        });
        const headers = Object.fromEntries(req.headers);
        headers['content-length'] = String(Buffer.byteLength(body));
        out[i] = { url: req.url, method: 'POST', headers, body };
      }
      return out;
    },
    check,
  };
}

// ---------------------------------------------------------------- scenarios

/** GET /healthz: the trivial route, every figure's baseline. */
export function healthz(ctx) {
  return plainGet(`${ctx.baseUrl}/healthz`, (status, text) => (status === 200 && text.trim() === 'ok' ? null : '/healthz did not answer 200 "ok"'));
}

/** STS GetCallerIdentity signed with the root keys of `creds`' account (answered in the isolate). */
export function getCallerIdentity(ctx, creds) {
  return signedPost({
    url: `${ctx.baseUrl}/`,
    service: 'sts',
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    check: (status, text) =>
      status !== 200
        ? 'GetCallerIdentity did not answer 200'
        : !text.includes(`<Account>${creds.accountId}</Account>`)
          ? `GetCallerIdentity did not return <Account>${creds.accountId}</Account>`
          : null,
  });
}

/**
 * Access Analyzer ValidatePolicy (REST JSON, answered in the isolate) of a 15-statement identity policy of
 * 4.5 KB (within the managed policy quota), signed with the root keys of `creds`' account: every check runs.
 */
export function validatePolicy(ctx, creds) {
  const statements = Array.from({ length: 15 }, (_, i) => ({
    Sid: `S${i}`,
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:List*', 'ec2:Describe*', 'iam:PassRole', `dynamodb:Get*`],
    Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:iam::111122223333:role/app-${i}`],
    Condition: { StringEquals: { 'aws:PrincipalTag/team': `t${i}` }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  }));
  const body = JSON.stringify({ policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }), policyType: 'IDENTITY_POLICY' });
  return signedPost({
    url: `${ctx.baseUrl}/policy/validation`,
    service: 'access-analyzer',
    credentials: creds,
    body,
    contentType: 'application/json',
    check: (status, text) => (status === 200 && text.includes('"findings":[') ? null : `ValidatePolicy answered ${status}: ${text.slice(0, 200)}`),
  });
}

/**
 * IAM GetUser of user `bench`, signed by an IAM user allowed `iam:GetUser` by an inline policy (so the
 * object evaluates a policy, as for any IAM read by a user): one round trip to the account's object.
 */
export async function getUser(ctx, root) {
  const { user } = await userAndRoleSession(ctx, root, { withSession: false });
  return signedPost({
    url: `${ctx.baseUrl}/`,
    service: 'iam',
    credentials: user,
    body: 'Action=GetUser&Version=2010-05-08&UserName=bench',
    check: (status, text) =>
      status === 200 && text.includes(`<Arn>arn:aws:iam::${root.accountId}:user/bench</Arn>`) ? null : 'GetUser did not return user bench',
  });
}

/**
 * A user `bench` with keys and, unless `withSession` is false, a role session of the same account, both
 * allowed sts:GetAccessKeyInfo, sts:AssumeRole and iam:GetUser by an inline policy of two statements, set
 * up with signed IAM and STS calls before any timing.
 */
export async function userAndRoleSession(ctx, root, { withSession = true } = {}) {
  const aws = { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['sts:GetAccessKeyInfo', 'sts:AssumeRole', 'iam:GetUser'], Resource: '*' },
      { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/locked': 'true' } } },
    ],
  });
  await query(ctx, aws, 'iam', { Action: 'CreateUser', UserName: 'bench' });
  const keyXml = await query(ctx, aws, 'iam', { Action: 'CreateAccessKey', UserName: 'bench' });
  const user = { accessKeyId: field(keyXml, 'AccessKeyId'), secretAccessKey: field(keyXml, 'SecretAccessKey') };
  await query(ctx, aws, 'iam', { Action: 'PutUserPolicy', UserName: 'bench', PolicyName: 'p', PolicyDocument: policy });
  if (!withSession) return { user, session: undefined };
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${root.accountId}:user/bench` }, Action: 'sts:AssumeRole' }] });
  await query(ctx, aws, 'iam', { Action: 'CreateRole', RoleName: 'bench', AssumeRolePolicyDocument: trust });
  await query(ctx, aws, 'iam', { Action: 'PutRolePolicy', RoleName: 'bench', PolicyName: 'p', PolicyDocument: policy });
  const sessionXml = await query(ctx, user, 'sts', { Action: 'AssumeRole', RoleArn: `arn:aws:iam::${root.accountId}:role/bench`, RoleSessionName: 'bench' });
  const session = {
    accessKeyId: field(sessionXml, 'AccessKeyId'),
    secretAccessKey: field(sessionXml, 'SecretAccessKey'),
    sessionToken: field(sessionXml, 'SessionToken'),
  };
  return { user, session };
}
