/**
 * @module `Result<T, E>` for expected failures in the pure core (workers-oauth-provider's `ema/result.ts`
 * habit): callers must look at the failure, and the edge maps each reason to one wire error.
 */

/** Success or an expected failure with a tagged reason. */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a success. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
/** Wraps an expected failure. */
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
