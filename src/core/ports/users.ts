/**
 * @module The users aggregate's port: IAM users and the access keys of users and of the root user.
 * A user's tags are the tag port's (`TagStore`, kind `user`); its groups are the group port's.
 */
import type { AccessKeyRecord, AccessKeyStatus, UserRecord } from '../records';
import type { PageQuery } from './page';

/** Users and access keys. */
export interface UserStore {
  findUserByName(userName: string): UserRecord | undefined;
  findUserById(userId: string): UserRecord | undefined;
  /** Users ordered by lower-cased name; `after` is a lower-cased name. */
  listUsers(query: PageQuery): UserRecord[];
  countUsers(): number;
  insertUser(user: UserRecord): void;
  updateUser(userId: string, changes: Pick<UserRecord, 'userName' | 'path' | 'arn'>): void;
  /** Deletes the user with its tags (keys, memberships and policies must be gone first). */
  deleteUser(userId: string): void;
  /** Sets or clears (null) a user's permissions boundary. */
  setUserPermissionsBoundary(userId: string, policyArn: string | null): void;

  /** Access keys of a user, or of the root user when `userId` is null, oldest first. */
  listAccessKeys(userId: string | null): AccessKeyRecord[];
  /** Every access key of the account, users' and the root user's, oldest first, in one read (the credential report). */
  listAllAccessKeys(): AccessKeyRecord[];
  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined;
  insertAccessKey(key: AccessKeyRecord): void;
  updateAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void;
  deleteAccessKey(accessKeyId: string): void;
  recordAccessKeyUse(accessKeyId: string, when: string, service: string, region: string): void;
}
