/**
 * D1 failing as if unreachable, injected at the seam where an AccountDO reaches the read model
 * (READ_MODEL_SEAM in src/storage/account-do.ts), so the object's own code runs unchanged: the projection's
 * `batch()` and the closing's marker and purge meet a real error from what they take to be D1.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { READ_MODEL_SEAM, type AccountDO } from '../../src/storage/account-do';

/** How many of the next D1 calls fail; live counters, decremented as calls fail. */
export interface D1Faults {
  /** `batch()` calls (a projection slice, a purge). */
  batches: number;
  /** Single statements (`run`, `all`, `first`, `raw`; the closing marker). */
  statements: number;
}

const unreachable = () => new Error('injected D1 failure: the database is unreachable');

/**
 * `db` (or a session of it) with the faults: a failing call throws before it reaches D1, any other one
 * passes through. Statements prepared through the wrapper are unwrapped again when batched.
 */
export function faultyD1<T extends D1Database | D1DatabaseSession>(db: T, faults: D1Faults): T {
  const real = new WeakMap<object, D1PreparedStatement>();
  const statement = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'bind') return (...args: unknown[]) => statement(target.bind(...args));
        if (prop === 'run' || prop === 'all' || prop === 'first' || prop === 'raw') {
          return (...args: unknown[]) => {
            if (faults.statements > 0) {
              faults.statements--;
              return Promise.reject(unreachable());
            }
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    real.set(wrapped, stmt);
    return wrapped;
  };
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'prepare') return (query: string) => statement(target.prepare(query));
      if (prop === 'withSession') return (constraint?: string) => faultyD1((target as D1Database).withSession(constraint), faults);
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          if (faults.batches > 0) {
            faults.batches--;
            return Promise.reject(unreachable());
          }
          return target.batch(statements.map((s) => real.get(s) ?? s));
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/**
 * Makes the D1 that the account's object reaches fail its next calls as `faults` says (counters live on in
 * the returned object). The object keeps the wrapper until it is evicted.
 */
export async function failD1(accountId: string, faults: Partial<D1Faults>): Promise<D1Faults> {
  const counters: D1Faults = { batches: 0, statements: 0, ...faults };
  const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId)) as unknown as DurableObjectStub;
  await runInDurableObject(stub, (o) => {
    (o as unknown as AccountDO)[READ_MODEL_SEAM] = (db) => faultyD1(db, counters);
  });
  return counters;
}
