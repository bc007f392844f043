/**
 * @module Workload tokens (operator API). Only the token's hash reaches the object. Creating binds it to an
 * existing instance profile (and forgets the account's expired tokens, so they do not count against the
 * quota); revoking deletes it. The store projects both to D1 (`workload_tokens`).
 */
import { limitExceeded, noSuchEntity } from '../../core/errors';
import type { InstanceProfileStore } from '../../core/ports';
import type { AdminResult, WorkloadTokenInfo, WorkloadTokenOp } from '../account-rpc';
import type { AccountContext } from './context';
import type { OutboxProjection } from './projection';

/** Live workload tokens per account at most. */
const MAX_WORKLOAD_TOKENS = 1000;

type StoredToken = { tokenId: string; instanceProfileId: string; createdAt: string; expiresAt: string };
type CreateOp = Extract<WorkloadTokenOp, { action: 'create' }>;

/** The operator's view of a token; none when its instance profile is gone. */
function view(store: InstanceProfileStore, token: StoredToken): WorkloadTokenInfo[] {
  const profile = store.findInstanceProfileById(token.instanceProfileId);
  return profile
    ? [{ tokenId: token.tokenId, instanceProfileName: profile.instanceProfileName, instanceProfileArn: profile.arn, createdAt: token.createdAt, expiresAt: token.expiresAt }]
    : [];
}

/** Lists, creates or revokes a workload token of the (active) account. */
export async function workloadTokenOp(obj: AccountContext, projection: OutboxProjection, op: WorkloadTokenOp): Promise<AdminResult> {
  const account = obj.account();
  if (!account || account.status !== 'active') throw noSuchEntity('The account cannot be found.');
  switch (op.action) {
    case 'list': {
      const store = obj.readStore();
      return { ok: true, workloadTokens: store.listWorkloadTokens().flatMap((token) => view(store, token)), bookmark: null };
    }
    case 'revoke': {
      const { value: found } = obj.transact(account.accountId, (store) => {
        if (!store.findWorkloadToken(op.tokenId)) return false;
        store.deleteWorkloadToken(op.tokenId);
        return true;
      });
      if (!found) throw noSuchEntity(`The workload token ${op.tokenId} cannot be found.`);
      return { ok: true, bookmark: await projection.projectNow() };
    }
    case 'create': {
      const { value } = obj.transact(account.accountId, (store) => createToken(store, op, new Date(op.createdAt)));
      return { ok: true, workloadToken: value, bookmark: await projection.projectNow() };
    }
  }
}

/** Inserts the token for its instance profile, within the quota once the expired tokens are forgotten. */
function createToken(store: InstanceProfileStore, op: CreateOp, now: Date): WorkloadTokenInfo {
  const profile = store.findInstanceProfileByName(op.instanceProfileName);
  if (!profile) throw noSuchEntity(`Instance Profile ${op.instanceProfileName} cannot be found.`);
  for (const token of store.listWorkloadTokens()) {
    if (Date.parse(token.expiresAt) <= now.getTime()) store.deleteWorkloadToken(token.tokenId);
  }
  if (store.listWorkloadTokens().length >= MAX_WORKLOAD_TOKENS) {
    throw limitExceeded(`Cannot exceed quota for WorkloadTokensPerAccount: ${MAX_WORKLOAD_TOKENS}`);
  }
  const token = {
    tokenId: op.tokenId,
    tokenHash: op.tokenHash,
    instanceProfileId: profile.instanceProfileId,
    createdAt: now.toISOString(),
    expiresAt: op.expiresAt,
  };
  store.insertWorkloadToken(token);
  return view(store, token)[0]!;
}
