/**
 * @module Operator routes for service credentials (the HTTPS decision API's callers,
 * data-plane/service-credentials.ts), mounted by http/operator.ts behind the operator token:
 *
 *   POST   /operator/service-credentials        {"services": ["acme"], "description"?} → 201
 *                                               {"accessKeyId","secretAccessKey","services","description","createdAt"}
 *                                               (the secret is shown once; stored sealed)
 *   GET    /operator/service-credentials        → {"serviceCredentials": [{"accessKeyId","services","description","createdAt"}]}
 *   DELETE /operator/service-credentials/{id}   → 204; 404 when there is no such credential
 *
 * Writes answer `x-iam-bookmark`: a decision API call carrying it sees the write at once.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { issueServiceCredential, SERVICE_CREDENTIAL_ID_PATTERN, serviceCredentialsFor } from '../data-plane/service-credentials';
import { deleteServiceCredential, listServiceCredentials } from '../storage/service-credentials';
import { bookmarkOf } from './query-request';
import { OperatorError, readJson } from './operator';

/** A service prefix as a catalog names it. */
const SERVICE_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** Services one credential may name at most. */
const MAX_SERVICES = 20;
const MAX_DESCRIPTION = 256;

const bad = (message: string) => new OperatorError(400, 'InvalidRequest', message);

export async function createServiceCredential(c: Context<AppEnv>) {
  const body = await readJson(c);
  const { services, description } = body;
  if (!Array.isArray(services) || services.length === 0 || services.length > MAX_SERVICES || !services.every((s) => typeof s === 'string' && SERVICE_PREFIX.test(s))) {
    throw bad(`services must be a list of 1 to ${MAX_SERVICES} service prefixes (lower-case letters, digits and '-').`);
  }
  if (description !== undefined && (typeof description !== 'string' || description.length > MAX_DESCRIPTION)) throw bad(`description must be a string of at most ${MAX_DESCRIPTION} characters.`);
  const { row, secretAccessKey, bookmark } = await issueServiceCredential(c.env, [...new Set(services as string[])], (description as string | undefined) ?? '', c.get('now'));
  if (bookmark) c.header('x-iam-bookmark', bookmark);
  c.header('cache-control', 'no-store');
  return c.json({ accessKeyId: row.accessKeyId, secretAccessKey, services: row.services, description: row.description, createdAt: row.createdAt }, 201);
}

export async function listServiceCredentialsRoute(c: Context<AppEnv>) {
  const rows = await listServiceCredentials(c.env.DB.withSession(bookmarkOf(c.req.header('x-iam-bookmark')) ?? 'first-primary'));
  return c.json({ serviceCredentials: rows.map(({ accessKeyId, services, description, createdAt }) => ({ accessKeyId, services, description, createdAt })) });
}

export async function deleteServiceCredentialRoute(c: Context<AppEnv, '/service-credentials/:id'>) {
  const id = c.req.param('id');
  if (!SERVICE_CREDENTIAL_ID_PATTERN.test(id)) throw bad('The id must be a service credential id (ESVC and 16 characters).');
  const { deleted, bookmark } = await deleteServiceCredential(c.env.DB, id);
  serviceCredentialsFor(c.env).forget(id);
  if (bookmark) c.header('x-iam-bookmark', bookmark);
  if (!deleted) throw new OperatorError(404, 'NotFound', `No service credential ${id}.`);
  return c.body(null, 204);
}
