/**
 * @module The server certificates aggregate's port: the account's X.509 server certificates, named and
 * paged as IAM's other named entities. Their tags are the tag port's (kind `server-certificate`).
 */
import type { ServerCertificateRecord } from '../records';
import type { PageQuery } from './page';

/** Server certificates. */
export interface ServerCertificateStore {
  /** By name, regardless of case. */
  findServerCertificateByName(name: string): ServerCertificateRecord | undefined;
  /** Ordered by lower-cased name under a path prefix; `after` is a lower-cased name. */
  listServerCertificates(query: PageQuery): ServerCertificateRecord[];
  countServerCertificates(): number;
  insertServerCertificate(cert: ServerCertificateRecord): void;
  /** A new name and path (and so ARN); the id, body and sealed key stay. */
  renameServerCertificate(serverCertificateId: string, changes: Pick<ServerCertificateRecord, 'serverCertificateName' | 'path' | 'arn'>): void;
  /** Deletes the certificate with its tags. */
  deleteServerCertificate(serverCertificateId: string): void;
}
