/**
 * @module Service credentials in D1 (schema `service_credentials`): what the operator API writes (on the
 * primary, returning the write's bookmark) and what the HTTPS decision API reads to verify a SaaS's signature.
 * The secret is stored sealed; nothing here opens it.
 */
import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { D1Like } from './read-model';
import * as schema from './schema/read-model';

const orm = (db: D1Like) => drizzle(db as D1Database, { schema });
const t = schema.serviceCredentials;

/** A service credential as stored (the secret sealed). */
export interface ServiceCredentialRow {
  accessKeyId: string;
  secretSealed: string;
  /** Service prefixes it may ask decisions for. */
  services: string[];
  description: string;
  createdAt: string;
}

const rowOf = (r: typeof t.$inferSelect): ServiceCredentialRow => ({ ...r, services: JSON.parse(r.services) as string[] });

/** Stores a new credential on the primary; returns the write's bookmark. */
export async function insertServiceCredential(db: D1Database, row: ServiceCredentialRow): Promise<string | null> {
  const session = db.withSession('first-primary');
  await orm(session).insert(t).values({ ...row, services: JSON.stringify(row.services) }).run();
  return session.getBookmark();
}

/** Every credential, oldest first (a deployment has a handful: one or two per SaaS backend). */
export async function listServiceCredentials(db: D1Like): Promise<ServiceCredentialRow[]> {
  return (await orm(db).select().from(t).orderBy(asc(t.createdAt), asc(t.accessKeyId)).all()).map(rowOf);
}

/** Deletes a credential on the primary; whether it existed, and the write's bookmark. */
export async function deleteServiceCredential(db: D1Database, accessKeyId: string): Promise<{ deleted: boolean; bookmark: string | null }> {
  const session = db.withSession('first-primary');
  const result = await orm(session).delete(t).where(eq(t.accessKeyId, accessKeyId)).run();
  return { deleted: (result.meta.changes ?? 0) > 0, bookmark: session.getBookmark() };
}

/** One credential by key id, from a D1 session. */
export async function lookupServiceCredential(db: D1Like, accessKeyId: string): Promise<ServiceCredentialRow | undefined> {
  const row = await orm(db).select().from(t).where(eq(t.accessKeyId, accessKeyId)).get();
  return row ? rowOf(row) : undefined;
}
