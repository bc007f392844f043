/**
 * @module The STS ports on the Worker: roles and policies from the D1 read model (the role's account's
 * shard), MFA codes consumed by the caller's account object, tokens sealed with the isolate's SecretBox.
 */
import type { Context } from 'hono';
import type { CompiledPolicy } from '../core/policy/index';
import { sealSessionToken } from '../core/session-token';
import { openAuthorization } from '../services/authorization-message';
import { awsManagedPolicy, isAwsManagedArn } from '../services/iam/aws-managed';
import { PolicyCompileCache } from '../services/policy-set';
import type { RoleView, StsPorts } from '../services/sts/ports';
import type { AppEnv } from '../env';
import { findRoleByArn, managedPolicyExists, readModelFor } from '../storage/read-model';
import { authenticatorFor, type Authenticated } from './authenticate';
import { dataPlanePoliciesFor } from './data-plane-policies';

/** Trust policies compiled per isolate (keyed by role and document text). */
const trustPolicies = new WeakMap<object, PolicyCompileCache>();

/** Builds the ports for one STS request. */
export function stsPorts(c: Context<AppEnv>, auth: Authenticated, nowMs: number, bookmark: string | null): StsPorts {
  const env = c.env;
  const partition = env.IAM_PARTITION || 'aws';
  const session = (accountId: string) => readModelFor(env, accountId).withSession(bookmark ?? 'first-unconstrained');
  const stub = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
  let trust = trustPolicies.get(env);
  if (!trust) trustPolicies.set(env, (trust = new PolicyCompileCache()));
  const trustCache = trust;
  return {
    callerPolicies: () => dataPlanePoliciesFor(env).of(auth, nowMs, bookmark),
    async findRole(accountId, roleArn): Promise<RoleView | undefined> {
      const row = await findRoleByArn(session(accountId), accountId, roleArn);
      if (!row || row.trustPolicy === null) return undefined;
      let tags: { Key: string; Value: string }[] = [];
      try {
        tags = JSON.parse(row.tags) as typeof tags;
      } catch {
        tags = [];
      }
      return {
        accountId,
        roleId: row.principalId,
        roleName: row.name,
        path: row.path,
        arn: row.arn,
        trustPolicy: row.trustPolicy,
        maxSessionDuration: row.maxSessionDuration ?? 3600,
        tags: tags.map((t) => ({ key: t.Key, value: t.Value })),
      };
    },
    compileTrust(role): CompiledPolicy | null {
      return trustCache.get({ policyId: role.arn, policyType: 'resource', document: role.trustPolicy, owner: `trust/${role.roleId}` });
    },
    async policyExists(accountId, policyArn) {
      if (isAwsManagedArn(policyArn)) return awsManagedPolicy(partition, policyArn) !== undefined;
      return managedPolicyExists(session(accountId), accountId, policyArn);
    },
    verifyMfa: (accountId, owner, serialNumber, code) => stub(accountId).consumeMfaCode(owner, serialNumber, code),
    async seal(accessKeyId, claims) {
      return sealSessionToken(await authenticatorFor(env).secretBox(), accessKeyId, claims);
    },
    async openAuthorizationMessage(accountId, encoded) {
      return openAuthorization(await authenticatorFor(env).secretBox(), accountId, encoded);
    },
    roleUsed(accountId, roleId, region) {
      c.executionCtx.waitUntil(stub(accountId).touch({ kind: 'role', roleId, region }).catch(() => undefined));
    },
  };
}
