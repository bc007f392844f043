/**
 * @module The `ForeignPrincipals` port (services/iam/roles/trust-bindings.ts) over the D1 read model: what a
 * trust policy names in other accounts, read on the primary so that a principal created or deleted just
 * before is seen as it is now. Users and roles are found by exact ARN among an active account's principals;
 * an account's incarnation is its `created_at`, whatever its status (a closing account's incarnation
 * still tells it apart from the account that may later reuse its id).
 */
import { parseArn } from '../core/arn';
import type { ForeignFacts, ForeignPrincipals, ForeignQuery } from '../services/iam/index';
import type { ReadModelAccess } from './account/context';
import { principalIdsByArn, readAccountState } from './read-model';

/** The port for an account's object, over the D1 databases it reaches (`readModel`, per account). */
export function foreignPrincipalsOf(readModel: ReadModelAccess): ForeignPrincipals {
  return {
    async lookupForeignPrincipals(query: ForeignQuery): Promise<ForeignFacts> {
      const byAccount = new Map<string, string[]>();
      for (const arn of query.arns) {
        const account = parseArn(arn)?.account;
        if (account) byAccount.set(account, [...(byAccount.get(account) ?? []), arn]);
      }
      const primary = (accountId: string) => readModel(accountId).withSession('first-primary');
      const [holders, incarnations] = await Promise.all([
        Promise.all([...byAccount].map(([account, arns]) => principalIdsByArn(primary(account), account, arns))),
        Promise.all(query.accounts.map(async (account) => [account, (await readAccountState(primary(account), account))?.createdAt] as const)),
      ]);
      return {
        holders: new Map(holders.flatMap((m) => [...m])),
        incarnations: new Map(incarnations.filter((e): e is readonly [string, string] => e[1] !== undefined)),
      };
    },
  };
}
