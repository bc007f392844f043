/**
 * A session belongs to one incarnation of its account (core/session-token.ts `isSessionOfIncarnation`):
 * exactly the one it names, or, for tokens issued before they named one, any created no later than the
 * second it was issued in.
 */
import { describe, expect, it } from 'vitest';
import { isSessionOfIncarnation } from '../../../src/core/session-token';

const created = '2026-03-01T10:00:00.800Z';
const createdS = Date.parse(created) / 1000;

describe('isSessionOfIncarnation', () => {
  it('accepts only the incarnation a token names', () => {
    expect(isSessionOfIncarnation({ acctAt: created, iat: createdS + 5 }, created)).toBe(true);
    expect(isSessionOfIncarnation({ acctAt: '2026-03-01T09:00:00.000Z', iat: createdS + 5 }, created)).toBe(false);
    // Even a token issued later, if it names another incarnation.
    expect(isSessionOfIncarnation({ acctAt: '2026-03-01T09:00:00.000Z', iat: createdS + 3600 }, created)).toBe(false);
  });

  it('judges a token without an incarnation by its issue time', () => {
    expect(isSessionOfIncarnation({ iat: Math.floor(createdS) + 60 }, created)).toBe(true);
    // Issued in the second the account was created: it may be the account's (iat is floored).
    expect(isSessionOfIncarnation({ iat: Math.floor(createdS) }, created)).toBe(true);
    // Issued a whole second or more before the account existed: an earlier account's.
    expect(isSessionOfIncarnation({ iat: Math.floor(createdS) - 1 }, created)).toBe(false);
    expect(isSessionOfIncarnation({ iat: Math.floor(createdS) - 86_400 }, created)).toBe(false);
  });
});
