/**
 * @module Ports: the interfaces the services need from storage, owned by the core and implemented at the
 * edge (storage/account-store.ts on the Durable Object's SQLite). STYLE habit 9.
 *
 * The store is synchronous on purpose: the object runs each call's checks and writes in one
 * `transactionSync`, so an invariant checked by a read (two keys per user, unique names) still holds when
 * the write commits, whatever the concurrency.
 */
import type { ProjectionOp } from './projection';
import type { AccessKeyRecord, AccessKeyStatus, AccountRecord, TagRecord, UserRecord } from './records';

/** A page request over a keyset ordered by `sortKey`. */
export interface PageQuery {
  /** Only entities whose path starts with this. */
  pathPrefix?: string;
  /** Exclusive lower bound on the sort key (from a Marker). */
  after?: string;
  /** How many rows to return at most. */
  limit: number;
}

/** The per-account state the IAM services read and write. */
export interface AccountStore {
  getAccount(): AccountRecord | undefined;

  findUserByName(userName: string): UserRecord | undefined;
  findUserById(userId: string): UserRecord | undefined;
  /** Users ordered by lower-cased name; `after` is a lower-cased name. */
  listUsers(query: PageQuery): UserRecord[];
  countUsers(): number;
  insertUser(user: UserRecord): void;
  updateUser(userId: string, changes: Pick<UserRecord, 'userName' | 'path' | 'arn'>): void;
  deleteUser(userId: string): void;

  listUserTags(userId: string): TagRecord[];
  /** Replaces the user's tags with `tags`, in order. */
  replaceUserTags(userId: string, tags: readonly TagRecord[]): void;

  /** Access keys of a user, or of the root user when `userId` is null, oldest first. */
  listAccessKeys(userId: string | null): AccessKeyRecord[];
  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined;
  insertAccessKey(key: AccessKeyRecord): void;
  updateAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void;
  deleteAccessKey(accessKeyId: string): void;
  recordAccessKeyUse(accessKeyId: string, when: string, service: string, region: string): void;

  /** Queues read-model changes; they commit with the call's other writes, in the same transaction. */
  emit(...ops: ProjectionOp[]): void;
}
