/**
 * @module The passwords aggregate on SQLite: `login_profiles`, `password_history`, `password_use`,
 * `password_policy`, and the alias column of the `account` row (projected to the read model's account
 * row, as the operator's account creation does). Login profiles and the policy are not in the read model:
 * the sign-in path reaches them through the account's object.
 */
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { PASSWORD_HISTORY_MAX, type PasswordStore } from '../../core/ports/passwords';
import type { PasswordPolicyRecord } from '../../core/records';
import * as t from '../schema/account';
import { param, prepared, remembered, type StoreMethods } from './context';

const POLICY_ROW_ID = 1;

/** The password methods. */
export const passwordMethods: PasswordStore & ThisType<StoreMethods> = {
  findLoginProfile(owner) {
    return this.c.db.select().from(t.loginProfiles).where(eq(t.loginProfiles.owner, owner)).get();
  },

  putLoginProfile(profile) {
    this.c.db.insert(t.loginProfiles).values(profile).onConflictDoUpdate({ target: t.loginProfiles.owner, set: profile }).run();
  },

  deleteLoginProfile(owner) {
    this.c.db.delete(t.loginProfiles).where(eq(t.loginProfiles.owner, owner)).run();
  },

  listPasswordHistory(owner) {
    return this.c.db
      .select({ h: t.passwordHistory.passwordHash })
      .from(t.passwordHistory)
      .where(eq(t.passwordHistory.owner, owner))
      .orderBy(desc(t.passwordHistory.seq))
      .limit(PASSWORD_HISTORY_MAX)
      .all()
      .map((r) => r.h);
  },

  rememberPassword(owner, passwordHash, when) {
    const byOwner = eq(t.passwordHistory.owner, owner);
    const last = this.c.db.select({ n: sql<number>`coalesce(max(${t.passwordHistory.seq}), 0)` }).from(t.passwordHistory).where(byOwner).get()?.n ?? 0;
    const seq = last + 1;
    this.c.db.insert(t.passwordHistory).values({ owner, seq, passwordHash, setAt: when }).run();
    // Bounded: only the newest PASSWORD_HISTORY_MAX hashes can ever be compared (PasswordReusePrevention ≤ 24).
    this.c.db.delete(t.passwordHistory).where(and(byOwner, lte(t.passwordHistory.seq, seq - PASSWORD_HISTORY_MAX))).run();
  },

  passwordLastUsed(owner) {
    // Prepared and remembered: GetUser and ListUsers read it for every user they return (context.ts).
    const q = prepared(this.c.db, 'passwordLastUsed', (db) => db.select({ lastUsed: t.passwordUse.lastUsed }).from(t.passwordUse).where(eq(t.passwordUse.owner, param('owner'))).prepare());
    return remembered(this.c, `passwordUse\0${owner}`, () => q.get({ owner })?.lastUsed, (v) => v);
  },

  listPasswordDates() {
    return this.c.db.select({ owner: t.loginProfiles.owner, passwordChangedAt: t.loginProfiles.passwordChangedAt }).from(t.loginProfiles).all();
  },

  listPasswordUses() {
    return this.c.db.select().from(t.passwordUse).all();
  },

  recordPasswordUse(owner, when) {
    this.c.db.insert(t.passwordUse).values({ owner, lastUsed: when }).onConflictDoUpdate({ target: t.passwordUse.owner, set: { lastUsed: when } }).run();
  },

  forgetPasswords(owner) {
    this.c.db.delete(t.passwordHistory).where(eq(t.passwordHistory.owner, owner)).run();
    this.c.db.delete(t.passwordUse).where(eq(t.passwordUse.owner, owner)).run();
  },

  getPasswordPolicy() {
    // Prepared: every IAM call of a user whose policies are not cached reads it (policy-set.ts, the password policy's grant).
    const row = prepared(this.c.db, 'getPasswordPolicy', (db) => db.select().from(t.passwordPolicy).where(eq(t.passwordPolicy.id, POLICY_ROW_ID)).prepare()).get();
    if (!row) return undefined;
    const { id: _, ...policy } = row;
    return policy satisfies PasswordPolicyRecord;
  },

  putPasswordPolicy(policy) {
    const row = { id: POLICY_ROW_ID, ...policy };
    this.c.db.insert(t.passwordPolicy).values(row).onConflictDoUpdate({ target: t.passwordPolicy.id, set: policy }).run();
  },

  deletePasswordPolicy() {
    this.c.db.delete(t.passwordPolicy).where(eq(t.passwordPolicy.id, POLICY_ROW_ID)).run();
  },

  setAccountAlias(alias) {
    this.c.db.update(t.account).set({ alias }).run();
    const account = this.c.db.select().from(t.account).get();
    if (account) this.c.emit({ op: 'put', table: 'accounts', row: { ...account } });
  },
};
