/**
 * The object's memory of the last-accessed rows it wrote (storage/account/recent-access.ts): a call within
 * the resolution of the last one written for the same entity, action and region writes nothing; another
 * region, another action, another entity, or a call past the resolution does.
 */
import { describe, expect, it } from 'vitest';
import { RecentAccess } from '../../../src/storage/account/recent-access';
import { ACCESS_RESOLUTION_MS } from '../../../src/services/iam/last-accessed/track';
import type { Caller } from '../../../src/services/context';

const user = (id: string): Caller => ({ type: 'User', accountId: '123456789012', arn: `arn:aws:iam::123456789012:user/${id}`, principalId: id, userName: id, accessKeyId: 'AKIA' });
const root: Caller = { type: 'Account', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', principalId: '123456789012', userName: null, accessKeyId: 'AKIA' };
const T = 1_800_000_000_000;

describe('RecentAccess', () => {
  it('covers a call within the resolution of the last one written, for the same entity, action and region only', () => {
    const recent = new RecentAccess();
    expect(recent.covers(user('AIDA1'), 'GetUser', 'us-east-1', T)).toBe(false);
    recent.wrote(user('AIDA1'), 'GetUser', 'us-east-1', T);
    expect(recent.covers(user('AIDA1'), 'GetUser', 'us-east-1', T + ACCESS_RESOLUTION_MS - 1)).toBe(true);
    expect(recent.covers(user('AIDA1'), 'GetUser', 'us-east-1', T + ACCESS_RESOLUTION_MS)).toBe(false);
    expect(recent.covers(user('AIDA1'), 'GetUser', 'eu-west-1', T + 1)).toBe(false);
    expect(recent.covers(user('AIDA1'), 'ListUsers', 'us-east-1', T + 1)).toBe(false);
    expect(recent.covers(user('AIDA2'), 'GetUser', 'us-east-1', T + 1)).toBe(false);
    // A call dated before the one written (a late request) is written: the upsert decides.
    expect(recent.covers(user('AIDA1'), 'GetUser', 'us-east-1', T - 1)).toBe(false);
  });

  it('has nothing to record for a caller that is no IAM entity (the root user)', () => {
    expect(new RecentAccess().covers(root, 'GetUser', 'us-east-1', T)).toBe(true);
  });

  it('forgets everything rather than grow without bound', () => {
    const recent = new RecentAccess();
    recent.wrote(user('AIDA0'), 'GetUser', 'us-east-1', T);
    for (let i = 1; i <= 4_096; i++) recent.wrote(user(`AIDA${i}`), 'GetUser', 'us-east-1', T);
    expect(recent.covers(user('AIDA0'), 'GetUser', 'us-east-1', T + 1)).toBe(false);
    expect(recent.covers(user('AIDA4096'), 'GetUser', 'us-east-1', T + 1)).toBe(true);
  });
});
