/**
 * @module The service-specific credentials aggregate on SQLite: `service_specific_credentials` (password
 * hashes, never passwords).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { ServiceCredentialStore } from '../../core/ports/service-credentials';
import * as t from '../schema/account';
import type { StoreMethods } from './context';

const c = t.serviceSpecificCredentials;
const byId = (credentialId: string) => eq(c.credentialId, credentialId);

/** The service-specific credential methods. */
export const serviceCredentialMethods: ServiceCredentialStore & ThisType<StoreMethods> = {
  listServiceCredentials(userId, serviceName) {
    const where = serviceName === undefined ? eq(c.userId, userId) : and(eq(c.userId, userId), eq(c.serviceName, serviceName));
    return this.c.db.select().from(c).where(where).orderBy(asc(c.createDate), asc(c.credentialId)).all();
  },

  listAllServiceCredentials(serviceName) {
    const where = serviceName === undefined ? undefined : eq(c.serviceName, serviceName);
    return this.c.db.select().from(c).where(where).orderBy(asc(c.createDate), asc(c.credentialId)).all();
  },

  findServiceCredential(credentialId) {
    return this.c.db.select().from(c).where(byId(credentialId)).get();
  },

  insertServiceCredential(credential) {
    this.c.db.insert(c).values(credential).run();
  },

  updateServiceCredential(credentialId, changes) {
    this.c.db.update(c).set(changes).where(byId(credentialId)).run();
  },

  deleteServiceCredential(credentialId) {
    this.c.db.delete(c).where(byId(credentialId)).run();
  },
};
