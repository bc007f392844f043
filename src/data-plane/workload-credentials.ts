/**
 * @module Workload credentials, the edge's answer to EC2 instance profiles: an operator-issued workload
 * token (bound to an instance profile) exchanged for temporary credentials of the profile's role. The HTTP
 * contract (`GET /workload/credentials`, the container-credentials JSON every AWS SDK reads) is
 * http/workload-endpoint.ts; this module decides and mints, and throws {@link WorkloadError} with the status
 * that endpoint answers.
 *
 * Served in the isolate from the D1 read model, never calling the account's object: the token is looked up
 * by its SHA-256 (only hashes are stored), and the credentials are minted as AssumeRole mints them
 * (services/sts/issue.ts), with the token id as the role session name (AWS uses the instance id), for one
 * hour or until the token expires if that is sooner. Revoking a token stops new credentials at once (within
 * the replica lag); credentials already issued stay valid until they expire, as with AWS's instance
 * profiles (deny `aws:TokenIssueTime` older than the revocation to cut them off).
 */
import { toBase64Url, toHex, utf8 } from '../core/bytes';
import { cryptoRandomBytes, type RandomBytes } from '../core/ids';
import { authorize, type AuthzRequest } from '../core/policy/index';
import { sealSessionToken } from '../core/session-token';
import { targetContext } from '../services/authz-target';
import { PolicyCompileCache } from '../services/policy-set';
import { compileTrust } from '../services/trust-policy';
import { issueCredentials } from '../services/sts/issue';
import type { StsPorts } from '../services/sts/ports';
import { partitionOf, type Env } from '../env';
import { lookupWorkloadToken, principalTags, readModelFor, type PrincipalView } from '../storage/read-model';
import { authenticatorFor } from './authenticate';
import type { Edge } from './edge';
import { nobleSha256 } from '../core/sigv4/index';

/** Every workload token starts with this (so secret scanners and humans recognize one). */
export const WORKLOAD_TOKEN_PREFIX = 'ewt_';
/** Random bytes in a token (256 bits). */
const WORKLOAD_TOKEN_BYTES = 32;
/** A token: the prefix and 43 base64url characters (32 bytes, unpadded). */
const WORKLOAD_TOKEN_PATTERN = /^ewt_[A-Za-z0-9_-]{43}$/;
/** A token id: `wt-` and 18 hex digits; also the role session name of its credentials. */
export const WORKLOAD_TOKEN_ID_PATTERN = /^wt-[0-9a-f]{18}$/;
/** Token lifetimes the operator may ask for (seconds): one minute to one year, 30 days by default. */
export const WORKLOAD_TOKEN_MIN_SECONDS = 60;
export const WORKLOAD_TOKEN_MAX_SECONDS = 31_536_000;
export const WORKLOAD_TOKEN_DEFAULT_SECONDS = 2_592_000;
/** Lifetime of the credentials one request yields (seconds), capped by the token's own expiry. */
const CREDENTIALS_SECONDS = 3600;
/** The service principal an instance profile's role must trust, as in AWS. */
export const EC2_SERVICE = 'ec2.amazonaws.com';
/** IAM is global; its use of a role is recorded in its home region. */
const HOME_REGION = 'us-east-1';

/** A new token and its id. The token is shown once and stored only as {@link workloadTokenHash}. */
export function newWorkloadToken(random: RandomBytes = cryptoRandomBytes): { tokenId: string; token: string } {
  const secret = toBase64Url(random(WORKLOAD_TOKEN_BYTES));
  return { tokenId: `wt-${toHex(random(9))}`, token: `${WORKLOAD_TOKEN_PREFIX}${secret}` };
}

/** Lower-case hex SHA-256 of a token's text: what the account's object and D1 store. */
export function workloadTokenHash(token: string): string {
  return nobleSha256.sha256Hex(utf8(token));
}

/** A refusal, answered as `{"code","message"}` with its status (http/workload-endpoint.ts). */
export class WorkloadError extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const invalidToken = () => new WorkloadError(401, 'InvalidToken', 'The workload token is invalid or has been revoked.');

/** Trust policies compiled per isolate (keyed by role and document text). */
const trustPolicies = new WeakMap<object, PolicyCompileCache>();

function trustCache(env: Env): PolicyCompileCache {
  let cache = trustPolicies.get(env);
  if (!cache) trustPolicies.set(env, (cache = new PolicyCompileCache()));
  return cache;
}

/**
 * Whether the role's trust policy lets `ec2.amazonaws.com` call `sts:AssumeRole` on it, decided by the
 * policy engine with the service as the principal (a Deny naming it, or a failed condition, refuses).
 */
function trustsEc2(env: Env, role: PrincipalView & { trustPolicy: string }, accountId: string, now: Date, secure: boolean): boolean {
  const trust = compileTrust(trustCache(env), { arn: role.arn, roleId: role.principalId, trustPolicy: role.trustPolicy, trustBindings: role.trustBindings });
  if (!trust) return false;
  const request: AuthzRequest = {
    principal: { type: 'Service', arn: EC2_SERVICE, accountId: '' },
    action: 'sts:AssumeRole',
    resource: role.arn,
    resourceAccountId: accountId,
    context: {
      'aws:PrincipalServiceName': EC2_SERVICE,
      'aws:PrincipalIsAWSService': 'true',
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:SecureTransport': String(secure),
      // The role's tags (aws:ResourceTag/*, iam:ResourceTag/*), as for every AssumeRole (services/authz-target.ts).
      ...targetContext('sts:AssumeRole', { type: 'role', arn: role.arn, tags: principalTags(role.tags) }),
    },
  };
  return authorize({ request, identityPolicies: [], resourcePolicy: trust, resourcePolicyKind: 'trust' }).decision === 'Allow';
}

/** What the endpoint read off the request. */
export interface WorkloadRequest {
  /** The token as presented (its scheme stripped); checked here. */
  token: string;
  /** `x-iam-bookmark`, when the client sent one that looks like a bookmark. */
  bookmark: string | null;
  /** Whether the request came over HTTPS (`aws:SecureTransport` of the trust policy's decision). */
  secure: boolean;
  /** The request's time, read once by the edge. */
  now: Date;
}

/**
 * The role credentials a workload token yields, in the container-credentials JSON shape; throws
 * {@link WorkloadError} for a refusal, anything else when the read model could not be read.
 */
export async function mintWorkloadCredentials(c: Edge, request: WorkloadRequest) {
  const env = c.env;
  const now = request.now;
  const nowS = Math.floor(now.getTime() / 1000);
  const { token, bookmark, secure } = request;
  if (!WORKLOAD_TOKEN_PATTERN.test(token)) throw invalidToken();
  // The token does not name its account, so its row is read from the primary database (readModelFor's
  // default). To shard the read model, let the token carry its account (e.g. `ewt_<account>_…`) and route on
  // it, as access key ids do. Replica reads, like every data-plane read; a bookmark reads at least that fresh.
  const session = readModelFor(env, '').withSession(bookmark ?? 'first-unconstrained');
  const found = await lookupWorkloadToken(session, workloadTokenHash(token));
  // A revoked token's row is gone; a deleted profile's tokens are deleted with it, and fail closed meanwhile.
  if (!found || found.instanceProfileArn === null) throw invalidToken();
  // A closing account's tokens are refused at once (before its rows are purged), and the credentials are
  // minted for the incarnation the token's row belongs to (its account row is read in the same statement),
  // which must be the account's live one (data-plane/account-state.ts); presenting it makes an isolate that
  // cached an earlier incarnation read again (security review L1).
  if (found.account?.status !== 'active') throw invalidToken();
  const live = await authenticatorFor(env).liveAccount(found.accountId, now.getTime(), bookmark, found.account.createdAt);
  if (!live || live.createdAt !== found.account.createdAt) throw invalidToken();
  const expiresS = Math.floor(Date.parse(found.expiresAt) / 1000);
  if (!(expiresS > nowS)) throw new WorkloadError(401, 'ExpiredToken', 'The workload token has expired.');

  const role = found.role;
  if (!role || role.type !== 'Role' || role.trustPolicy === null) {
    throw new WorkloadError(403, 'AccessDenied', `Instance profile ${found.instanceProfileArn} has no role.`);
  }
  if (!trustsEc2(env, { ...role, trustPolicy: role.trustPolicy }, found.accountId, now, secure)) {
    throw new WorkloadError(403, 'AccessDenied', `The trust policy of role ${role.arn} does not allow ${EC2_SERVICE} to perform sts:AssumeRole.`);
  }

  const sessionName = found.tokenId;
  const sessionArn = `arn:${partitionOf(env)}:sts::${found.accountId}:assumed-role/${role.name}/${sessionName}`;
  // issueCredentials only seals through the ports; this endpoint has no caller, so only `seal` is given.
  const ports = {
    seal: async (accessKeyId: string, claims: Parameters<StsPorts['seal']>[1]) =>
      sealSessionToken(await authenticatorFor(env).secretBox(), accessKeyId, claims),
  } as Pick<StsPorts, 'seal'> as StsPorts;
  const credentials = await issueCredentials(ports, cryptoRandomBytes, {
    kind: 'assumed-role',
    acct: found.accountId,
    acctAt: live.createdAt,
    arn: sessionArn,
    uid: `${role.principalId}:${sessionName}`,
    roleId: role.principalId,
    roleName: role.name,
    roleArn: role.arn,
    mfa: false,
    iat: nowS,
    exp: Math.min(nowS + CREDENTIALS_SECONDS, expiresS),
  });
  const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(found.accountId));
  c.executionCtx.waitUntil(stub.touch({ kind: 'role', roleId: role.principalId, region: HOME_REGION, atMs: now.getTime() }).catch(() => undefined));
  return {
    AccessKeyId: credentials.AccessKeyId,
    SecretAccessKey: credentials.SecretAccessKey,
    Token: credentials.SessionToken,
    // AWS's container endpoints answer RFC 3339 without fractions (`2026-01-01T00:00:00Z`).
    Expiration: credentials.Expiration.replace(/\.\d+Z$/, 'Z'),
    RoleArn: role.arn,
  };
}
