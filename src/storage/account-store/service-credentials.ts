/**
 * @module The service-specific credentials aggregate on SQLite: `service_specific_credentials` (password
 * hashes, never passwords). Every change is projected to the read model's table of the same name, by the
 * credential's user name, so the SaaS's services can verify credentials on the data plane.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { ServiceCredentialRecord, ServiceCredentialStore } from '../../core/ports/service-credentials';
import * as t from '../schema/account';
import type { StoreContext, StoreMethods } from './context';

const c = t.serviceSpecificCredentials;
const byId = (credentialId: string) => eq(c.credentialId, credentialId);

/** The read model's row of a credential (the projector adds `seq`). */
function project(ctx: StoreContext, credential: ServiceCredentialRecord): void {
  const { credentialId, userId, serviceName, serviceUserName, passwordHash, status } = credential;
  ctx.emit({ op: 'put', table: 'service_specific_credentials', row: { serviceUserName, accountId: ctx.accountId, credentialId, userId, serviceName, passwordHash, status } });
}

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
    project(this.c, credential);
  },

  updateServiceCredential(credentialId, changes) {
    const updated = this.c.db.update(c).set(changes).where(byId(credentialId)).returning().get();
    if (updated) project(this.c, updated);
  },

  deleteServiceCredential(credentialId) {
    const deleted = this.c.db.delete(c).where(byId(credentialId)).returning({ serviceUserName: c.serviceUserName }).get();
    if (deleted) this.c.emit({ op: 'del', table: 'service_specific_credentials', key: { serviceUserName: deleted.serviceUserName } });
  },
};
