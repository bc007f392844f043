/**
 * @module The certificates aggregate on SQLite: `signing_certificates`. Not in the read model: nothing on
 * the request path uses a signing certificate (AWS uses them for SOAP and EC2 bundle signing, which this
 * service has no counterpart for).
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { CertificateStore } from '../../core/ports/certificates';
import * as t from '../schema/account';
import type { StoreMethods } from './context';

const byId = (certificateId: string) => eq(t.signingCertificates.certificateId, certificateId);

/** The certificate methods. */
export const certificateMethods: CertificateStore & ThisType<StoreMethods> = {
  listSigningCertificates(userId) {
    const owner = userId === null ? sql`${t.signingCertificates.userId} IS NULL` : eq(t.signingCertificates.userId, userId);
    return this.c.db.select().from(t.signingCertificates).where(owner).orderBy(asc(t.signingCertificates.uploadDate), asc(t.signingCertificates.certificateId)).all();
  },

  listAllSigningCertificates() {
    return this.c.db.select().from(t.signingCertificates).orderBy(asc(t.signingCertificates.uploadDate), asc(t.signingCertificates.certificateId)).all();
  },

  findSigningCertificate(certificateId) {
    return this.c.db.select().from(t.signingCertificates).where(byId(certificateId)).get();
  },

  findSigningCertificateByHash(sha256) {
    return this.c.db.select().from(t.signingCertificates).where(eq(t.signingCertificates.sha256, sha256)).get();
  },

  insertSigningCertificate(cert) {
    this.c.db.insert(t.signingCertificates).values(cert).run();
  },

  updateSigningCertificateStatus(certificateId, status) {
    this.c.db.update(t.signingCertificates).set({ status }).where(byId(certificateId)).run();
  },

  deleteSigningCertificate(certificateId) {
    this.c.db.delete(t.signingCertificates).where(byId(certificateId)).run();
  },
};
