/**
 * Real IAM actions against an in-memory account (memory-store.ts), for fast service tests in Node: each
 * call builds the action's CallContext, runs its `prepare` outside the transaction, then its target,
 * authorization and run in one transaction through the object's own `authorizedRun`
 * (src/storage/account/authorized-run.ts), exactly as src/storage/account/execute.ts does once it has
 * resolved the caller. What is left out is the object's caller resolution (keys, sessions, incarnations:
 * the worker tests cover it) and the projection to D1 (the committed read-model ops are in `outbox`).
 */
import { rootArn } from '../../src/core/arn';
import { cryptoRandomBytes } from '../../src/core/ids';
import { secretBoxFromEnv } from '../../src/core/secret-box';
import type { AliasRegistry } from '../../src/core/ports';
import type { AccountAction } from '../../src/services/action';
import type { Caller, CallContext } from '../../src/services/context';
import { iamActions, type ForeignPrincipals } from '../../src/services/iam/index';
import { PolicyCompileCache } from '../../src/services/policy-set';
import { authorizedRun, authorizeOnly } from '../../src/storage/account/authorized-run';
import { installAwsManagedCatalog } from '../../src/services/iam/aws-managed';
import { readArtefact } from '../../scripts/lib/aws-managed-seed.mjs';
import { memoryAccount, type MemoryAccount } from './memory-store';

// The AWS-managed policy catalog, installed as an account object installs what it reads from D1
// (storage/aws-managed-catalog.ts): here straight from the committed artefact.
const artefact = readArtefact();
installAwsManagedCatalog(
  artefact.version,
  artefact.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map((p) => ({ ...p, description: p.description ?? null, attachable: p.attachable !== false })),
);

/** The master key the worker tests' objects use too (vitest.config.ts). */
const MASTER_KEY = 'dGVzdC1tYXN0ZXIta2V5LXRlc3QtbWFzdGVyLWtleS0xMjM0NTY3OA==';

/** Other accounts, as the trust-policy binding sees them: none exists (cross-account bindings are worker tests'). */
const NO_OTHER_ACCOUNTS: ForeignPrincipals = {
  lookupForeignPrincipals: async () => ({ holders: new Map(), incarnations: new Map() }),
};

/** What a test drives: the account and `call`. */
export interface IamHarness {
  readonly memory: MemoryAccount;
  readonly accountId: string;
  /** The root user of the account (the default caller). */
  readonly root: Caller;
  /** The IAM user `userName` as a caller (its policies and tags authorize it). */
  user(userName: string): Caller;
  /** Runs the IAM action `action` with `input` (as the protocol parses it) as `caller`; rejects with its AwsError. */
  call<O = Record<string, any>>(action: string, input?: Record<string, unknown>, caller?: Caller): Promise<O>;
}

/**
 * The deployment-wide alias register in memory (the worker tests use the real one on D1): share one
 * between harnesses to test uniqueness across accounts.
 */
export function memoryAliasRegistry(): AliasRegistry & { readonly claims: Map<string, string> } {
  const claims = new Map<string, string>();
  return {
    claims,
    async claim(alias, accountId) {
      if (!claims.has(alias)) claims.set(alias, accountId);
      return claims.get(alias) === accountId;
    },
    async releaseExcept(accountId, keep) {
      for (const [alias, owner] of claims) if (owner === accountId && alias !== keep) claims.delete(alias);
    },
  };
}

/** A fresh account in memory with every IAM action of the service. */
export async function iamHarness(options: { now?: () => Date; aliases?: AliasRegistry; accountId?: string } = {}): Promise<IamHarness> {
  const memory = await memoryAccount(options.accountId);
  const { accountId } = memory.account;
  const secrets = secretBoxFromEnv({ IAM_MASTER_KEY: MASTER_KEY });
  const actions = iamActions(() => secrets, NO_OTHER_ACCOUNTS, options.aliases ?? memoryAliasRegistry());
  const policies = new PolicyCompileCache();
  const now = options.now ?? (() => new Date());
  const root: Caller = { type: 'Account', accountId, arn: rootArn('aws', accountId), principalId: accountId, userName: null, accessKeyId: 'AKIAROOTROOTROOTROOT' };
  let requests = 0;

  const contextOf = (caller: Caller): CallContext => ({
    requestId: `request-${++requests}`,
    now: now(),
    partition: 'aws',
    region: 'us-east-1',
    signingService: 'iam',
    caller,
    random: cryptoRandomBytes,
    sourceIp: '192.0.2.1',
    userAgent: 'iam-harness',
    secureTransport: true,
  });

  return {
    memory,
    accountId,
    root,
    user(userName) {
      const user = memory.store().findUserByName(userName);
      if (!user) throw new Error(`no user ${userName}`);
      return { type: 'User', accountId, arn: user.arn, principalId: user.userId, userName: user.userName, accessKeyId: 'AKIAUSERUSERUSERUSER' };
    },
    async call(name, input = {}, caller = root) {
      const action = actions.get(name) as AccountAction<Record<string, unknown>, any, unknown> | undefined;
      if (!action) throw new Error(`no action ${name}`);
      const ctx = contextOf(caller);
      if (action.authorizeFirst) memory.transact((store) => authorizeOnly(action, ctx, store, input, policies));
      const prepared = action.prepare ? await action.prepare(ctx, input, memory.store()) : undefined;
      let committed = false;
      try {
        const out = memory.transact((store) => authorizedRun(action, ctx, store, input, prepared, policies));
        committed = true;
        return out;
      } finally {
        if (action.settle) await action.settle(ctx, input, prepared, committed);
      }
    },
  };
}
