/**
 * @module The users aggregate on SQLite: `users` and `access_keys`. A user's principal row (ARN, tags,
 * boundary) and each key's row (what SigV4 verification needs) are projected to the read model.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { UserStore } from '../../core/ports';
import type { AccessKeyRecord, UserRecord } from '../../core/records';
import * as t from '../schema/account';
import { param, prepared, remembered, type StoreContext, type StoreMethods } from './context';
import { namedRows } from './named-rows';
import { dropPrincipal, putPrincipal } from './principal-row';

/** A `users` row as its record. */
export const toUser = ({ nameLc: _, ...r }: typeof t.users.$inferSelect): UserRecord => r;

const USERS = namedRows(t.users, { id: t.users.userId, nameLc: t.users.nameLc, path: t.users.path }, toUser);
const byUserId = (userId: string) => eq(t.users.userId, userId);
const byKeyId = (accessKeyId: string) => eq(t.accessKeys.accessKeyId, accessKeyId);

/** A key by id (prepared: every signed call finds its key). */
function findAccessKey(c: StoreContext, accessKeyId: string): AccessKeyRecord | undefined {
  const q = prepared(c.db, 'findAccessKey', (db) => db.select().from(t.accessKeys).where(eq(t.accessKeys.accessKeyId, param('id'))).prepare());
  return q.get({ id: accessKeyId });
}

/** The principal row of a user: what authorization needs (ARN, tags, boundary). */
export function projectUser(c: StoreContext, userId: string): void {
  const user = USERS.byId(c, userId);
  if (user) putPrincipal(c, 'user', { id: userId, name: user.userName, path: user.path, arn: user.arn, boundaryArn: user.permissionsBoundaryArn });
}

/** The key row: what SigV4 verification needs (last use is not projected). */
function projectKey(c: StoreContext, accessKeyId: string): void {
  const key = findAccessKey(c, accessKeyId);
  if (!key) return;
  c.emit({
    op: 'put',
    table: 'access_keys',
    row: {
      accessKeyId: key.accessKeyId,
      accountId: c.accountId,
      principalId: key.userId,
      status: key.status,
      secretSealed: key.secretSealed,
      createDate: key.createDate,
    },
  });
}

const copyUser = (u: UserRecord | undefined): UserRecord | undefined => (u ? { ...u } : u);

/** The users aggregate's methods. */
export const userMethods: UserStore & ThisType<StoreMethods> = {
  findUserByName(userName) {
    return remembered(this.c, `users.byName\0${userName.toLowerCase()}`, () => USERS.byName(this.c, userName), copyUser);
  },

  findUserById(userId) {
    return remembered(this.c, `users.byId\0${userId}`, () => USERS.byId(this.c, userId), copyUser);
  },

  listUsers(query) {
    return USERS.list(this.c, query);
  },

  countUsers() {
    return USERS.count(this.c);
  },

  insertUser(user) {
    this.c.db.insert(t.users).values({ ...user, nameLc: user.userName.toLowerCase() }).run();
    projectUser(this.c, user.userId);
  },

  updateUser(userId, changes) {
    this.c.db.update(t.users).set({ ...changes, nameLc: changes.userName.toLowerCase() }).where(byUserId(userId)).run();
    projectUser(this.c, userId);
  },

  deleteUser(userId) {
    this.c.db.delete(t.users).where(byUserId(userId)).run();
    dropPrincipal(this.c, 'user', userId);
  },

  setUserPermissionsBoundary(userId, policyArn) {
    this.c.db.update(t.users).set({ permissionsBoundaryArn: policyArn }).where(byUserId(userId)).run();
    projectUser(this.c, userId);
  },

  listAccessKeys(userId) {
    const owner = userId === null ? sql`${t.accessKeys.userId} IS NULL` : eq(t.accessKeys.userId, userId);
    return this.c.db.select().from(t.accessKeys).where(owner).orderBy(asc(t.accessKeys.createDate), asc(t.accessKeys.accessKeyId)).all();
  },

  listAllAccessKeys() {
    return this.c.db.select().from(t.accessKeys).orderBy(asc(t.accessKeys.createDate), asc(t.accessKeys.accessKeyId)).all();
  },

  findAccessKey(accessKeyId) {
    return findAccessKey(this.c, accessKeyId);
  },

  insertAccessKey(key) {
    this.c.db.insert(t.accessKeys).values(key).run();
    projectKey(this.c, key.accessKeyId);
  },

  updateAccessKeyStatus(accessKeyId, status) {
    this.c.db.update(t.accessKeys).set({ status }).where(byKeyId(accessKeyId)).run();
    projectKey(this.c, accessKeyId);
  },

  deleteAccessKey(accessKeyId) {
    this.c.db.delete(t.accessKeys).where(byKeyId(accessKeyId)).run();
    this.c.emit({ op: 'del', table: 'access_keys', key: { accessKeyId } });
  },

  recordAccessKeyUse(accessKeyId, when, service, region) {
    this.c.db.update(t.accessKeys).set({ lastUsedDate: when, lastUsedService: service, lastUsedRegion: region }).where(byKeyId(accessKeyId)).run();
  },
};
