/**
 * @module The Policies section (issue 10 §3): managed policies listed, created with the JSON editor,
 * viewed with their versions and attached entities, versioned and deleted, all as IAM actions of the
 * signed-in principal. Routes under /console/iam (console brief's route map).
 */
import type { Hono } from 'hono';
import type { ConsoleEnv } from '../../guard';
import { createPolicy, newPolicyPage } from './create';
import { listPolicies } from './list';
import { viewPolicy } from './view';
import { createVersion, deletePolicy, deleteVersion, setDefaultVersion } from './writes';

export function registerPolicies(app: Hono<ConsoleEnv>) {
  app.get('/policies', listPolicies);
  app.get('/policies/new', newPolicyPage);
  app.post('/policies', createPolicy);
  app.get('/policies/view', viewPolicy);
  app.post('/policies/versions', createVersion);
  app.post('/policies/versions/default', setDefaultVersion);
  app.post('/policies/versions/delete', deleteVersion);
  app.post('/policies/delete', deletePolicy);
}
