/**
 * @module The port of service-linked roles' deletion tasks (DeleteServiceLinkedRole,
 * GetServiceLinkedRoleDeletionStatus). The roles themselves are roles (ports/roles.ts).
 */
import type { RoleDeletionTaskRecord } from '../records';

/** Deletion tasks, by id. */
export interface RoleDeletionStore {
  insertRoleDeletionTask(task: RoleDeletionTaskRecord): void;
  findRoleDeletionTask(taskId: string): RoleDeletionTaskRecord | undefined;
}
