/**
 * @module Account aliases: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases. One alias per
 * account, unique across every account of the deployment.
 *
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html
 * and siblings (3–63 lower-case letters, digits and single hyphens, neither first nor last: the model's
 * pattern, enforced by the protocol layer); IAM User Guide, "Your AWS account ID and its alias" (one alias
 * per account; creating another replaces it).
 *
 * Uniqueness across accounts cannot be decided inside one account's object, so the alias is claimed in
 * the deployment-wide register (`AliasRegistry`: a D1 table whose primary key is the alias) before the
 * object commits it, and released after the object stops using it:
 * - two accounts claiming one alias at once: the register's primary key lets exactly one claim in; the
 *   other gets EntityAlreadyExists and commits nothing;
 * - the claim is made only after the caller was authorized (`authorizeFirst`), so a caller who may not
 *   create an alias cannot reserve one;
 * - within one account, alias calls run one at a time (a lock held from `prepare` to `settle`), so a
 *   release never removes the claim of an alias another call of the same account is committing;
 * - after each alias call (committed or not) the object releases every claim of its account except its
 *   current alias: a claim left by a failed call or by a release that failed (D1 unreachable) is healed
 *   by the account's next alias call. Until then that alias stays reserved for this account (it can
 *   never be held by two accounts: the failure mode is a reserved alias, never a duplicate).
 */
import { entityAlreadyExists, noSuchEntity, validationError } from '../../../core/errors';
import type { AliasRegistry } from '../../../core/ports';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';

/** One alias call at a time per object (see the module comment). */
class AliasLock {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves once the lock is held; call the returned function to release it. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const before = this.#tail;
    this.#tail = before.then(() => held);
    await before;
    return release;
  }
}

interface Prepared {
  release: () => void;
  /** The account's alias when the lock was taken (no other call changes it while the lock is held). */
  before: string | null;
}

/** An all-digit alias of twelve characters would read as an account id in a sign-in URL. */
const ACCOUNT_ID_LIKE = /^\d{12}$/;

/** The alias actions over the deployment's alias register. */
export function aliasActions(registry: AliasRegistry): AccountAction[] {
  const lock = new AliasLock();

  /** After every alias call: release the account's claims except the alias it now has, then the lock. */
  async function settle(ctx: CallContext, prepared: Prepared, keep: string | null): Promise<void> {
    try {
      await registry.releaseExcept(ctx.caller.accountId, keep);
    } finally {
      prepared.release();
    }
  }

  const create: AccountAction<{ AccountAlias: string }, unknown, Prepared> = {
    name: 'CreateAccountAlias',
    authorizeFirst: true,
    target: () => buildTarget('iam:CreateAccountAlias', undefined),
    async prepare(ctx, input, store) {
      if (ACCOUNT_ID_LIKE.test(input.AccountAlias)) throw validationError('The account alias must not be a 12-digit number.');
      const release = await lock.acquire();
      const before = store.getAccount()?.alias ?? null;
      try {
        if (before !== input.AccountAlias && !(await registry.claim(input.AccountAlias, ctx.caller.accountId))) {
          throw entityAlreadyExists(`The account alias ${input.AccountAlias} already exists.`);
        }
        return { release, before };
      } catch (e) {
        // Refused (or the register failed): nothing commits, so `settle` will not run; heal here as it would.
        await settle(ctx, { release, before }, before).catch(() => undefined);
        throw e;
      }
    },
    run(_ctx, store, input) {
      // One alias per account: a new one replaces the old, whose claim `settle` releases.
      if (store.getAccount()?.alias !== input.AccountAlias) store.setAccountAlias(input.AccountAlias);
      return {};
    },
    settle: (ctx, input, prepared, committed) => settle(ctx, prepared, committed ? input.AccountAlias : prepared.before),
  };

  const remove: AccountAction<{ AccountAlias: string }, unknown, Prepared> = {
    name: 'DeleteAccountAlias',
    authorizeFirst: true,
    target: () => buildTarget('iam:DeleteAccountAlias', undefined),
    async prepare(_ctx, _input, store) {
      const release = await lock.acquire();
      return { release, before: store.getAccount()?.alias ?? null };
    },
    run(_ctx, store, input) {
      if (store.getAccount()?.alias !== input.AccountAlias) throw noSuchEntity(`The account alias ${input.AccountAlias} cannot be found.`);
      store.setAccountAlias(null);
      return {};
    },
    settle: (ctx, _input, prepared, committed) => settle(ctx, prepared, committed ? null : prepared.before),
  };

  const list: AccountAction<{ Marker?: string; MaxItems?: number }> = {
    name: 'ListAccountAliases',
    target: () => buildTarget('iam:ListAccountAliases', undefined),
    run(_ctx, store) {
      const alias = store.getAccount()?.alias;
      return { AccountAliases: alias ? [alias] : [], IsTruncated: false };
    },
  };

  return [create, remove, list] as AccountAction[];
}
