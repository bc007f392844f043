/**
 * @module AccountStore on the Durable Object's SQLite through drizzle-orm/durable-sqlite (synchronous).
 * Every method is a plain statement; the object wraps each call in `transactionSync`, which also commits
 * the ops queued with `emit` into the outbox.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type { ProjectionOp } from '../core/projection';
import type { AccountStore, PageQuery } from '../core/ports';
import type { AccessKeyRecord, AccessKeyStatus, AccountRecord, TagRecord, UserRecord } from '../core/records';
import * as t from './schema/account';

/** The drizzle database of an AccountDO. */
export type AccountDb = DrizzleSqliteDODatabase<typeof t>;

/** Escapes `%`, `_` and `\` for a LIKE prefix match with `ESCAPE '\'`. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const toUser = (r: typeof t.users.$inferSelect): UserRecord => ({
  userId: r.userId,
  userName: r.userName,
  path: r.path,
  arn: r.arn,
  createDate: r.createDate,
  permissionsBoundaryArn: r.permissionsBoundaryArn,
});

const toKey = (r: typeof t.accessKeys.$inferSelect): AccessKeyRecord => ({ ...r, status: r.status as AccessKeyStatus });

/** A store bound to one object's database; `emit`ted ops are collected for the caller to commit. */
export class SqliteAccountStore implements AccountStore {
  readonly #db: AccountDb;
  readonly #pending: ProjectionOp[] = [];

  constructor(db: AccountDb) {
    this.#db = db;
  }

  /** Ops emitted since the store was created, in order. */
  get pendingOps(): readonly ProjectionOp[] {
    return this.#pending;
  }

  emit(...ops: ProjectionOp[]): void {
    this.#pending.push(...ops);
  }

  getAccount(): AccountRecord | undefined {
    const r = this.#db.select().from(t.account).get();
    return r ? { ...r, status: r.status as AccountRecord['status'] } : undefined;
  }

  findUserByName(userName: string): UserRecord | undefined {
    const r = this.#db.select().from(t.users).where(eq(t.users.nameLc, userName.toLowerCase())).get();
    return r ? toUser(r) : undefined;
  }

  findUserById(userId: string): UserRecord | undefined {
    const r = this.#db.select().from(t.users).where(eq(t.users.userId, userId)).get();
    return r ? toUser(r) : undefined;
  }

  listUsers({ pathPrefix = '/', after, limit }: PageQuery): UserRecord[] {
    const conditions = [sql`${t.users.path} LIKE ${likePrefix(pathPrefix)} ESCAPE '\\'`];
    if (after !== undefined) conditions.push(gt(t.users.nameLc, after));
    return this.#db
      .select()
      .from(t.users)
      .where(and(...conditions))
      .orderBy(asc(t.users.nameLc))
      .limit(limit)
      .all()
      .map(toUser);
  }

  countUsers(): number {
    return this.#db.select({ n: sql<number>`count(*)` }).from(t.users).get()?.n ?? 0;
  }

  insertUser(user: UserRecord): void {
    this.#db.insert(t.users).values({ ...user, nameLc: user.userName.toLowerCase() }).run();
  }

  updateUser(userId: string, changes: Pick<UserRecord, 'userName' | 'path' | 'arn'>): void {
    this.#db
      .update(t.users)
      .set({ ...changes, nameLc: changes.userName.toLowerCase() })
      .where(eq(t.users.userId, userId))
      .run();
  }

  deleteUser(userId: string): void {
    this.#db.delete(t.users).where(eq(t.users.userId, userId)).run();
  }

  listUserTags(userId: string): TagRecord[] {
    return this.#db
      .select({ key: t.userTags.key, value: t.userTags.value })
      .from(t.userTags)
      .where(eq(t.userTags.userId, userId))
      .orderBy(asc(t.userTags.position))
      .all();
  }

  replaceUserTags(userId: string, tags: readonly TagRecord[]): void {
    this.#db.delete(t.userTags).where(eq(t.userTags.userId, userId)).run();
    tags.forEach((tag, position) =>
      this.#db.insert(t.userTags).values({ userId, keyLc: tag.key.toLowerCase(), key: tag.key, value: tag.value, position }).run(),
    );
  }

  listAccessKeys(userId: string | null): AccessKeyRecord[] {
    const owner = userId === null ? sql`${t.accessKeys.userId} IS NULL` : eq(t.accessKeys.userId, userId);
    return this.#db
      .select()
      .from(t.accessKeys)
      .where(owner)
      .orderBy(asc(t.accessKeys.createDate), asc(t.accessKeys.accessKeyId))
      .all()
      .map(toKey);
  }

  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined {
    const r = this.#db.select().from(t.accessKeys).where(eq(t.accessKeys.accessKeyId, accessKeyId)).get();
    return r ? toKey(r) : undefined;
  }

  insertAccessKey(key: AccessKeyRecord): void {
    this.#db.insert(t.accessKeys).values(key).run();
  }

  updateAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void {
    this.#db.update(t.accessKeys).set({ status }).where(eq(t.accessKeys.accessKeyId, accessKeyId)).run();
  }

  deleteAccessKey(accessKeyId: string): void {
    this.#db.delete(t.accessKeys).where(eq(t.accessKeys.accessKeyId, accessKeyId)).run();
  }

  recordAccessKeyUse(accessKeyId: string, when: string, service: string, region: string): void {
    this.#db
      .update(t.accessKeys)
      .set({ lastUsedDate: when, lastUsedService: service, lastUsedRegion: region })
      .where(eq(t.accessKeys.accessKeyId, accessKeyId))
      .run();
  }
}

