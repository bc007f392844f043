/**
 * @module The service-specific credentials aggregate's port: user name and password pairs IAM generates for
 * one service (CreateServiceSpecificCredential and siblings; IAM API Reference,
 * API_CreateServiceSpecificCredential.html).
 */
import type { AccessKeyStatus } from '../records';

/** A service-specific credential of an IAM user. The password itself is never stored. */
export interface ServiceCredentialRecord {
  /** `ACCA…`. */
  credentialId: string;
  userId: string;
  /** `acme.amazonaws.com`. */
  serviceName: string;
  /** `<user name>-at-<account id>`, fixed at creation (renaming the user does not change it). */
  serviceUserName: string;
  /** SHA-256 of the password, hex (the password is 256 random bits: no stretching needed). */
  passwordHash: string;
  status: AccessKeyStatus;
  createDate: string;
}

/** Service-specific credentials. */
export interface ServiceCredentialStore {
  /** The user's credentials (every service, or one), oldest first. */
  listServiceCredentials(userId: string, serviceName?: string): ServiceCredentialRecord[];
  /** Every user's credentials (every service, or one), oldest first (ListServiceSpecificCredentials' AllUsers). */
  listAllServiceCredentials(serviceName?: string): ServiceCredentialRecord[];
  findServiceCredential(credentialId: string): ServiceCredentialRecord | undefined;
  insertServiceCredential(credential: ServiceCredentialRecord): void;
  updateServiceCredential(credentialId: string, changes: Partial<Pick<ServiceCredentialRecord, 'status' | 'passwordHash'>>): void;
  deleteServiceCredential(credentialId: string): void;
}
