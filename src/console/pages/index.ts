/**
 * @module The signed-in console's pages, one module per section (issue 10 §3). Each registers its routes
 * on the app mounted at `/console/iam` behind the session gate (guard.ts); the dashboard lives at
 * `/console/home`. Pages act only through act.ts, as the signed-in principal.
 */
import type { Hono } from 'hono';
import type { ConsoleEnv } from '../guard';
import { registerUsers } from './users/index';
import { registerPolicies } from './policies/index';
import { registerProviders } from './providers';
import { registerSimulator } from './simulator';
import { registerSettings } from './settings/index';
import { registerCredentials } from './credentials/index';
import { registerGroups } from './groups/index';
import { registerRoles } from './roles/index';
import { registerCredentialReport } from './credential-report';
import { registerEventHistory } from './event-history/index';

/** A section's routes, registered on the `/console/iam` app. */
export type PageRoutes = (app: Hono<ConsoleEnv>) => void;

/** Every section, in the navigation's order. */
export const SECTIONS: readonly PageRoutes[] = [
  registerUsers,
  registerGroups,
  registerRoles,
  registerPolicies,
  registerProviders,
  registerSimulator,
  registerCredentialReport,
  registerSettings,
  registerCredentials,
  registerEventHistory,
];
