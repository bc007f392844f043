/**
 * @module The tag port on SQLite: the one tag table (tag-table.ts) for every kind. A user's or role's tags
 * are part of its principal row in the read model (authorization reads them as `aws:PrincipalTag/*` and
 * `iam:ResourceTag/*` on the data plane), so replacing them projects the principal again.
 */
import type { TagStore } from '../../core/ports';
import { remembered, type StoreMethods } from './context';
import { projectRole } from './roles';
import { readTags, writeTags } from './tag-table';
import { projectUser } from './users';

/** The tag port's methods. */
export const tagMethods: TagStore & ThisType<StoreMethods> = {
  listTags(type, id) {
    return remembered(this.c, `tags\0${type}\0${id}`, () => readTags(this.c, type, id), (tags) => tags.map((t) => ({ ...t })));
  },

  replaceTags(type, id, tags) {
    writeTags(this.c, type, id, tags);
    if (type === 'user') projectUser(this.c, id);
    else if (type === 'role') projectRole(this.c, id);
  },
};
