/**
 * @module The deletion tasks of service-linked roles on SQLite: `role_deletion_tasks`. Not in the read
 * model: only GetServiceLinkedRoleDeletionStatus, in the object, reads them.
 */
import { eq } from 'drizzle-orm';
import type { RoleDeletionStore } from '../../core/ports/role-deletions';
import * as t from '../schema/account';
import type { StoreMethods } from './context';

/** The deletion-task methods. */
export const roleDeletionMethods: RoleDeletionStore & ThisType<StoreMethods> = {
  insertRoleDeletionTask(task) {
    this.c.db.insert(t.roleDeletionTasks).values(task).run();
  },

  findRoleDeletionTask(taskId) {
    return this.c.db.select().from(t.roleDeletionTasks).where(eq(t.roleDeletionTasks.taskId, taskId)).get();
  },
};
