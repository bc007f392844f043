/**
 * @module The tag port on SQLite: the one tag table (tag-table.ts) for every kind. A user's or role's tags
 * are part of its principal row in the read model (authorization reads them as `aws:PrincipalTag/*` and
 * `iam:ResourceTag/*` on the data plane), so replacing them projects the principal again.
 */
import type { TagStore } from '../../core/ports';
import type { StoreContext } from './context';
import { projectRole } from './roles';
import { readTags, writeTags } from './tag-table';
import { projectUser } from './users';

/** The tags of one transaction. */
export function tagStore(c: StoreContext): TagStore {
  return {
    listTags: (type, id) => readTags(c, type, id),
    replaceTags(type, id, tags) {
      writeTags(c, type, id, tags);
      if (type === 'user') projectUser(c, id);
      else if (type === 'role') projectRole(c, id);
    },
  };
}
