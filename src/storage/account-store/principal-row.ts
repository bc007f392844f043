/**
 * @module The read model's principal row of a user or role (`principals`): what authorization needs on the
 * data plane (ARN, tags, boundary; a role's trust policy and session limit too). Users and roles share it,
 * and their tags are read from the one tag table, so a tag change reaches it the same way for both.
 */
import type { RowValue } from '../projection-ops';
import type { StoreContext } from './context';
import { deleteTags, readTags } from './tag-table';

/** The fields users and roles share in the principal row. */
export interface PrincipalFields {
  id: string;
  name: string;
  path: string;
  arn: string;
  boundaryArn: string | null;
}

/** Queues the principal row of a user or role with its current tags; `extra` carries a role's own columns. */
export function putPrincipal(c: StoreContext, kind: 'user' | 'role', p: PrincipalFields, extra: Record<string, RowValue> = {}): void {
  const tags = readTags(c, kind, p.id).map((tag) => ({ Key: tag.key, Value: tag.value }));
  c.emit({
    op: 'put',
    table: 'principals',
    row: {
      accountId: c.accountId,
      principalId: p.id,
      type: kind === 'user' ? 'User' : 'Role',
      name: p.name,
      path: p.path,
      arn: p.arn,
      tags: JSON.stringify(tags),
      boundaryArn: p.boundaryArn,
      ...extra,
    },
  });
}

/** Deletes a user's or role's tags and queues the removal of its principal row (the caller deletes the entity's own row). */
export function dropPrincipal(c: StoreContext, kind: 'user' | 'role', id: string): void {
  deleteTags(c, kind, id);
  c.emit({ op: 'del', table: 'principals', key: { accountId: c.accountId, principalId: id } });
}
