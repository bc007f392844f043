/**
 * @module The server certificates aggregate on SQLite: `server_certificates`, read through the shared
 * named-entity reads (named-rows.ts). Not in the read model: nothing on the request path uses one.
 */
import { eq } from 'drizzle-orm';
import type { ServerCertificateStore } from '../../core/ports';
import type { ServerCertificateRecord } from '../../core/records';
import * as t from '../schema/account';
import type { StoreMethods } from './context';
import { namedRows } from './named-rows';
import { deleteTags } from './tag-table';

const toRecord = ({ nameLc: _, ...r }: typeof t.serverCertificates.$inferSelect): ServerCertificateRecord => r;

const CERTS = namedRows(
  t.serverCertificates,
  { id: t.serverCertificates.serverCertificateId, nameLc: t.serverCertificates.nameLc, path: t.serverCertificates.path },
  toRecord,
);
const byId = (id: string) => eq(t.serverCertificates.serverCertificateId, id);

/** The server certificate methods. */
export const serverCertificateMethods: ServerCertificateStore & ThisType<StoreMethods> = {
  findServerCertificateByName(name) {
    return CERTS.byName(this.c, name);
  },

  listServerCertificates(query) {
    return CERTS.list(this.c, query);
  },

  countServerCertificates() {
    return CERTS.count(this.c);
  },

  insertServerCertificate(cert) {
    this.c.db.insert(t.serverCertificates).values({ ...cert, nameLc: cert.serverCertificateName.toLowerCase() }).run();
  },

  renameServerCertificate(id, changes) {
    this.c.db.update(t.serverCertificates).set({ ...changes, nameLc: changes.serverCertificateName.toLowerCase() }).where(byId(id)).run();
  },

  deleteServerCertificate(id) {
    deleteTags(this.c, 'server-certificate', id);
    this.c.db.delete(t.serverCertificates).where(byId(id)).run();
  },
};
