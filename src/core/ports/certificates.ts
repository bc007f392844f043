/**
 * @module The certificates aggregate's port: X.509 signing certificates of users and of the root user.
 */
import type { AccessKeyStatus, SigningCertificateRecord } from '../records';

/** Signing certificates. */
export interface CertificateStore {
  /** The certificates of a user (the root user's with null), oldest first. */
  listSigningCertificates(userId: string | null): SigningCertificateRecord[];
  /** Every signing certificate of the account, oldest first, in one read (the credential report). */
  listAllSigningCertificates(): SigningCertificateRecord[];
  findSigningCertificate(certificateId: string): SigningCertificateRecord | undefined;
  /** The certificate of the account with this DER hash, whoever holds it. */
  findSigningCertificateByHash(sha256: string): SigningCertificateRecord | undefined;
  insertSigningCertificate(cert: SigningCertificateRecord): void;
  updateSigningCertificateStatus(certificateId: string, status: AccessKeyStatus): void;
  deleteSigningCertificate(certificateId: string): void;
}
