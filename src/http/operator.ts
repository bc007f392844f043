/**
 * @module The operator API: tenant lifecycle for the SaaS running this service. JSON in and out, errors as
 * `{"code","message"}`, authenticated by the bearer token `OPERATOR_TOKEN` (compared in constant time).
 *
 *   POST   /operator/accounts                        {"accountId"?, "email", "alias"?} → 201 account
 *   GET    /operator/accounts?after=<id>&limit=<n>   → {"accounts": [...], "next"?: "<id>"}
 *   GET    /operator/accounts/{id}                    → account
 *   DELETE /operator/accounts/{id}                    → closes the account (marked closing in D1 first, so the data
 *                                                       plane refuses it) and purges its data; 202 while D1 fails
 *   POST   /operator/accounts/{id}/root-access-keys   → 201 {"AccessKeyId","SecretAccessKey"}
 *   PUT    /operator/accounts/{id}/root-password      {"password", "passwordResetRequired"?} → 204 (the root user's
 *                                                     console password, under AWS's default password rules)
 *   DELETE /operator/accounts/{id}/root-password      → 204 (the root user can no longer sign in with a password)
 *   POST   /operator/accounts/{id}/workload-tokens    {"instanceProfileName", "expiresInSeconds"?}
 *                                                     → 201 {"tokenId","token","instanceProfileArn","expiresAt"}
 *   GET    /operator/accounts/{id}/workload-tokens    → {"workloadTokens": [...]} (never the tokens)
 *   DELETE /operator/accounts/{id}/workload-tokens/{tokenId}   → 204 (revoked)
 *   GET    /operator/accounts/{id}/events?attributeKey=&attributeValue=&startTime=&endTime=&maxResults=&nextToken=
 *                                                     → {"Events": [...], "NextToken"?}: the account's audit trail as
 *                                                       CloudTrail's LookupEvents pages it (EventTime in ISO 8601;
 *                                                       times as ISO 8601 or epoch seconds; its errors' codes)
 *   POST/GET /operator/service-credentials, DELETE /operator/service-credentials/{id}: the HTTPS decision
 *                                                     API's credentials (http/operator-service-credentials.ts)
 *   /operator/services…                       the service catalog (http/operator-services.ts)
 */
import { Hono, type Context, type Next } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { ACCOUNT_ID_PATTERN, newAccountId } from '../core/ids';
import type { AccountRecord } from '../core/records';
import type { AppEnv, Env } from '../env';
import { serviceRoutes } from './operator-services';
import { bookmarkOf } from './query-request';
import { readCapped } from '../core/read-capped';
import type { AdminOp, AdminResult } from '../storage/account-rpc';
import { listAccounts, readModelFor } from '../storage/read-model';
import {
  newWorkloadToken,
  WORKLOAD_TOKEN_DEFAULT_SECONDS,
  WORKLOAD_TOKEN_ID_PATTERN,
  WORKLOAD_TOKEN_MAX_SECONDS,
  WORKLOAD_TOKEN_MIN_SECONDS,
  workloadTokenHash,
} from '../data-plane/workload-credentials';
import { createServiceCredential, deleteServiceCredentialRoute, listServiceCredentialsRoute } from './operator-service-credentials';

/** An operator API error, rendered as `{"code","message"}`. */
export class OperatorError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 500 | 503,
    readonly code: string,
    message: string,
    /** Problems one by one (an invalid service reference document), rendered as `errors`. */
    readonly errors?: readonly { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** AWS's account alias rule: 3–63 lower-case letters, digits and single hyphens, not at either end. */
const ALIAS_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
/** A deliberately plain e-mail check: one @, no spaces, at most 254 characters (RFC 5321's path limit). */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;
/** IAM's instance profile name rule (`[\w+=,.@-]+`, 1–128 characters). */
const INSTANCE_PROFILE_NAME_PATTERN = /^[\w+=,.@-]{1,128}$/;
/** IAM's password shape (model `passwordType`): 1–128 of tab, LF, CR and U+0020–U+00FF. */
const ROOT_PASSWORD_PATTERN = /^[\u0009\u000A\u000D\u0020-\u00FF]{1,128}$/;
/** Largest JSON body the operator API reads (bytes). */
const MAX_BODY_BYTES = 16_384;
/** Request bodies are UTF-8 JSON (RFC 8259 §8.1); invalid bytes make the parse fail as bad JSON. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/** Accounts per page of GET /operator/accounts at most. */
const MAX_PAGE = 1000;

/** The challenge of a refused operator call (RFC 6750 §3). */
const OPERATOR_CHALLENGE = 'Bearer realm="edge-iam operator"';

/** The answer to a call without a valid operator token. */
const unauthorized = (c: Context<AppEnv>) =>
  c.json({ code: 'Unauthorized', message: 'A valid operator bearer token is required.' }, 401, { 'WWW-Authenticate': OPERATOR_CHALLENGE });

const bad = (message: string) => new OperatorError(400, 'InvalidRequest', message);

/** The JSON view of an account. */
const view = (a: AccountRecord) => ({ accountId: a.accountId, email: a.email, alias: a.alias, status: a.status, createdAt: a.createdAt });

function stubFor(env: Env, accountId: string) {
  if (!ACCOUNT_ID_PATTERN.test(accountId)) throw bad('accountId must be 12 digits.');
  return env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
}

async function admin(env: Env, accountId: string, op: AdminOp): Promise<Extract<AdminResult, { ok: true }>> {
  const result = await stubFor(env, accountId).admin(op);
  if (!result.ok) {
    const { code, message } = result.error;
    if (code === 'NoSuchEntity') throw new OperatorError(404, 'NotFound', message);
    if (code === 'EntityAlreadyExists') throw new OperatorError(409, 'Conflict', message);
    if (code === 'LimitExceeded') throw new OperatorError(409, 'LimitExceeded', message);
    throw new OperatorError(400, code, message);
  }
  return result;
}

/** The request's JSON object body, read against the limit (also for http/operator-service-credentials.ts). */
export async function readJson(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  // Read against the limit as it arrives: a chunked body is never buffered past MAX_BODY_BYTES.
  const read = await readCapped(c.req.raw, MAX_BODY_BYTES);
  if (!read.ok) {
    if (read.error === 'too-large') throw new OperatorError(413, 'RequestTooLarge', 'The request body is too large.');
    throw bad('The request body could not be read.');
  }
  let body: unknown;
  try {
    body = JSON.parse(UTF8.decode(read.value));
  } catch {
    throw bad('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw bad(`${name} must be a string.`);
  return v;
}

const withBookmark = (c: Context<AppEnv>, bookmark: string | null) => {
  if (bookmark) c.header('x-iam-bookmark', bookmark);
};

/** The operator routes, mounted at `/operator` by http/app.ts. */
export function operatorRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', operatorAuth);
  app.post('/accounts', createAccount);
  app.get('/accounts', listAccountsPage);
  app.get('/accounts/:id', getAccount);
  app.delete('/accounts/:id', closeAccount);
  app.post('/accounts/:id/root-access-keys', createRootAccessKey);
  app.put('/accounts/:id/root-password', setRootPassword);
  app.delete('/accounts/:id/root-password', deleteRootPassword);
  app.post('/accounts/:id/workload-tokens', createWorkloadToken);
  app.get('/accounts/:id/workload-tokens', listWorkloadTokens);
  app.delete('/accounts/:id/workload-tokens/:tokenId', revokeWorkloadToken);
  app.get('/accounts/:id/events', accountEvents);
  app.post('/service-credentials', createServiceCredential);
  app.get('/service-credentials', listServiceCredentialsRoute);
  app.delete('/service-credentials/:id', deleteServiceCredentialRoute);
  app.route('/', serviceRoutes());
  return app;
}

type AccountContext = Context<AppEnv, '/accounts/:id'>;

/**
 * Hono's bearer auth compares in constant time (SHA-256 of both sides, then the strings; hono/utils/buffer
 * `timingSafeEqual`). The token is a binding, known per request, so the middleware is built per request.
 * Every refusal, a malformed header included (Hono's 400), is the one 401 `{"code","message"}` answer.
 */
function operatorAuth(c: Context<AppEnv>, next: Next) {
  const refuse = { wwwAuthenticateHeader: OPERATOR_CHALLENGE, message: unauthorized };
  const token = c.env.OPERATOR_TOKEN;
  const auth = bearerAuth<AppEnv>({ token: token ? token : [], noAuthenticationHeader: refuse, invalidAuthenticationHeader: refuse, invalidToken: refuse });
  return auth(c, next);
}

async function createAccount(c: Context<AppEnv>) {
  const body = await readJson(c);
  const email = optionalString(body, 'email');
  const alias = optionalString(body, 'alias');
  const requested = optionalString(body, 'accountId');
  if (!email || email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) throw bad('email must be an e-mail address.');
  if (alias !== undefined && !ALIAS_PATTERN.test(alias)) {
    throw bad('alias must be 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.');
  }
  if (requested !== undefined && !ACCOUNT_ID_PATTERN.test(requested)) throw bad('accountId must be 12 digits.');
  const accountId = requested ?? newAccountId();
  const result = await admin(c.env, accountId, { op: 'create', accountId, email, alias: alias ?? null });
  withBookmark(c, result.bookmark);
  return c.json(view(result.account!), 201);
}

async function listAccountsPage(c: Context<AppEnv>) {
  const after = c.req.query('after') ?? null;
  if (after !== null && !ACCOUNT_ID_PATTERN.test(after)) throw bad('after must be an account id.');
  const limitText = c.req.query('limit') ?? '100';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_PAGE) throw bad(`limit must be an integer from 1 to ${MAX_PAGE}.`);
  const session = readModelFor(c.env, after ?? '').withSession(bookmarkOf(c.req.header('x-iam-bookmark')) ?? 'first-primary');
  const rows = await listAccounts(session, after, limit + 1);
  const page = rows.slice(0, limit);
  return c.json({ accounts: page.map((a) => view(a as AccountRecord)), ...(rows.length > limit ? { next: page[page.length - 1]!.accountId } : {}) });
}

async function getAccount(c: AccountContext) {
  const result = await admin(c.env, c.req.param('id'), { op: 'get' });
  return c.json(view(result.account!));
}

async function closeAccount(c: AccountContext) {
  const result = await admin(c.env, c.req.param('id'), { op: 'close' });
  withBookmark(c, result.bookmark);
  if (result.closed) return c.json({ accountId: c.req.param('id'), status: 'closed' }, 200);
  // 202: D1 failed; the alarm retries. `dataPlaneRefused` says whether the closing marker is in D1 yet
  // (the data plane then refuses the account's keys and sessions) or not even that could be written.
  return c.json({ accountId: c.req.param('id'), status: 'closing', dataPlaneRefused: result.dataPlaneRefused === true }, 202);
}

async function createRootAccessKey(c: AccountContext) {
  const result = await admin(c.env, c.req.param('id'), { op: 'create-root-key' });
  withBookmark(c, result.bookmark);
  return c.json(result.accessKey!, 201);
}

/**
 * The operator sets the root user's password directly (rather than issuing a one-time link): the operator
 * is the tenant's provisioning system, which can hand a generated password to the account's owner with
 * `passwordResetRequired` so the owner chooses their own at the first sign-in. The password is checked
 * here for shape only (IAM's password pattern, 1–128 characters) and against AWS's default password rules
 * in the account's object, which hashes it; it is never logged or answered.
 */
async function setRootPassword(c: AccountContext) {
  const body = await readJson(c);
  const password = optionalString(body, 'password');
  if (password === undefined || !ROOT_PASSWORD_PATTERN.test(password)) {
    throw bad('password must be 1 to 128 characters: tab, line feed, carriage return and U+0020 to U+00FF.');
  }
  const reset = body['passwordResetRequired'] ?? false;
  if (typeof reset !== 'boolean') throw bad('passwordResetRequired must be a boolean.');
  await admin(c.env, c.req.param('id'), { op: 'root-password', password, passwordResetRequired: reset });
  c.header('cache-control', 'no-store');
  return c.body(null, 204);
}

async function deleteRootPassword(c: AccountContext) {
  await admin(c.env, c.req.param('id'), { op: 'root-password', password: null, passwordResetRequired: false });
  return c.body(null, 204);
}

async function createWorkloadToken(c: AccountContext) {
  const now = c.get('now');
  const { instanceProfileName, expiresAt } = workloadTokenRequest(await readJson(c), now);
  // The token is made here and only its hash goes to the account's object: it is shown once, below.
  const { tokenId, token } = newWorkloadToken();
  const result = await admin(c.env, c.req.param('id'), {
    op: 'workload-token',
    action: 'create',
    tokenId,
    tokenHash: workloadTokenHash(token),
    instanceProfileName,
    createdAt: now.toISOString(),
    expiresAt,
  });
  withBookmark(c, result.bookmark);
  c.header('cache-control', 'no-store');
  const created = result.workloadToken!;
  return c.json({ tokenId, token, instanceProfileArn: created.instanceProfileArn, expiresAt: created.expiresAt }, 201);
}

/** The body of a workload token request: an instance profile name and a lifetime within the bounds, as an expiry time. */
function workloadTokenRequest(body: Record<string, unknown>, now: Date): { instanceProfileName: string; expiresAt: string } {
  const instanceProfileName = optionalString(body, 'instanceProfileName');
  if (instanceProfileName === undefined || !INSTANCE_PROFILE_NAME_PATTERN.test(instanceProfileName)) {
    throw bad('instanceProfileName must be an instance profile name (1 to 128 letters, digits and +=,.@_-).');
  }
  const requested = body['expiresInSeconds'] ?? WORKLOAD_TOKEN_DEFAULT_SECONDS;
  if (!Number.isInteger(requested) || (requested as number) < WORKLOAD_TOKEN_MIN_SECONDS || (requested as number) > WORKLOAD_TOKEN_MAX_SECONDS) {
    throw bad(`expiresInSeconds must be an integer from ${WORKLOAD_TOKEN_MIN_SECONDS} to ${WORKLOAD_TOKEN_MAX_SECONDS}.`);
  }
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + (requested as number) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return { instanceProfileName, expiresAt };
}

async function listWorkloadTokens(c: AccountContext) {
  const result = await admin(c.env, c.req.param('id'), { op: 'workload-token', action: 'list' });
  const now = c.get('now').getTime();
  return c.json({ workloadTokens: (result.workloadTokens ?? []).map((t) => ({ ...t, expired: Date.parse(t.expiresAt) <= now })) });
}

async function revokeWorkloadToken(c: Context<AppEnv, '/accounts/:id/workload-tokens/:tokenId'>) {
  const tokenId = c.req.param('tokenId');
  if (!WORKLOAD_TOKEN_ID_PATTERN.test(tokenId)) throw bad('tokenId must be a workload token id (wt- and 18 hex digits).');
  const result = await admin(c.env, c.req.param('id'), { op: 'workload-token', action: 'revoke', tokenId });
  withBookmark(c, result.bookmark);
  return c.body(null, 204);
}

/** A time of the events query: ISO 8601, or epoch seconds as CloudTrail's clients send them. */
function queryTime(c: AccountContext, name: string): Date | undefined {
  const text = c.req.query(name);
  if (text === undefined) return undefined;
  const d = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  if (Number.isNaN(d.getTime())) throw bad(`${name} must be an ISO 8601 time or epoch seconds.`);
  return d;
}

/**
 * Any account's audit trail, for the operator: the page LookupEvents would answer the account's root user
 * (the same validation, errors and NextToken), without an IAM authorization (the operator's token is it).
 */
async function accountEvents(c: AccountContext) {
  const key = c.req.query('attributeKey');
  const value = c.req.query('attributeValue');
  if ((key === undefined) !== (value === undefined)) throw bad('attributeKey and attributeValue go together.');
  const maxText = c.req.query('maxResults');
  if (maxText !== undefined && !/^\d{1,4}$/.test(maxText)) throw bad('maxResults must be an integer.');
  const startTime = queryTime(c, 'startTime');
  const endTime = queryTime(c, 'endTime');
  const nextToken = c.req.query('nextToken');
  const input = {
    ...(key !== undefined ? { LookupAttributes: [{ AttributeKey: key, AttributeValue: value! }] } : {}),
    ...(startTime ? { StartTime: startTime } : {}),
    ...(endTime ? { EndTime: endTime } : {}),
    ...(maxText !== undefined ? { MaxResults: Number(maxText) } : {}),
    ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
  };
  const result = await admin(c.env, c.req.param('id'), { op: 'events', input });
  return c.json(result.events!);
}
