/**
 * @module The roles section (`/console/iam/roles`): list (list.tsx), create with trust policy templates
 * (new.tsx, templates.ts), a role's page (detail.tsx), and switch role (switch.tsx, `/console/iam/switch-role`).
 */
import type { Hono } from 'hono';
import type { ConsoleEnv } from '../../guard';
import { registerRoleDetail } from './detail';
import { rolesPage } from './list';
import { createRole, newRolePage } from './new';
import { registerSwitchRole } from './switch';

export function registerRoles(app: Hono<ConsoleEnv>): void {
  app.get('/roles', rolesPage);
  // Before `/roles/:name`, so `new` is the create page and never a role's name.
  app.get('/roles/new', (c) => newRolePage(c));
  app.post('/roles', createRole);
  registerRoleDetail(app);
  registerSwitchRole(app);
}
