/**
 * @module The user groups section (`/console/iam/groups`): list and create (list.tsx), a group's page with
 * its members, permissions and delete (detail.tsx).
 */
import type { Hono } from 'hono';
import type { ConsoleEnv } from '../../guard';
import { registerGroupDetail } from './detail';
import { createGroup, groupsPage } from './list';

export function registerGroups(app: Hono<ConsoleEnv>): void {
  app.get('/groups', (c) => groupsPage(c));
  app.post('/groups', createGroup);
  registerGroupDetail(app);
}
