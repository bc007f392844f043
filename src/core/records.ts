/**
 * @module The records of an account's IAM state, as the services see them. Storage adapters map them to
 * tables (storage/README.md); timestamps are ISO-8601 strings so records cross RPC and JSON unchanged.
 */

/** Lifecycle of a tenant account. `closing` refuses every call while its data is purged. */
export type AccountStatus = 'active' | 'closing';

/** A tenant account (DESIGN.md §2). */
export interface AccountRecord {
  accountId: string;
  email: string;
  alias: string | null;
  status: AccountStatus;
  createdAt: string;
}

/** An IAM user. */
export interface UserRecord {
  userId: string;
  userName: string;
  path: string;
  arn: string;
  createDate: string;
  permissionsBoundaryArn: string | null;
}

/** A tag on an IAM resource. */
export interface TagRecord {
  key: string;
  value: string;
}

/** `Active` or `Inactive`, as AWS spells the status of an access key. */
export type AccessKeyStatus = 'Active' | 'Inactive';

/** A long-term access key. `userId` null means the account's root user. */
export interface AccessKeyRecord {
  accessKeyId: string;
  userId: string | null;
  status: AccessKeyStatus;
  createDate: string;
  /** The secret, sealed by the SecretBox and bound to the key id. */
  secretSealed: string;
  lastUsedDate: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
}
