/** AUDIT_RETENTION_DAYS (src/storage/account/audit-retention.ts): whole days from 1 to 3,653, else 90 with a warning. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, retentionDaysOf, retentionMsOf } from '../../../src/storage/account/audit-retention';

afterEach(() => vi.restoreAllMocks());

describe('the retention setting', () => {
  it('is 90 days unless set', () => {
    expect(retentionDaysOf({})).toBe(90);
    expect(DEFAULT_RETENTION_DAYS).toBe(90);
    expect(retentionDaysOf({ AUDIT_RETENTION_DAYS: '' })).toBe(90);
    expect(retentionMsOf({})).toBe(90 * 86_400_000);
  });

  it('takes whole days from 1 to 3,653', () => {
    expect(retentionDaysOf({ AUDIT_RETENTION_DAYS: '1' })).toBe(1);
    expect(retentionDaysOf({ AUDIT_RETENTION_DAYS: ' 365 ' })).toBe(365);
    expect(retentionDaysOf({ AUDIT_RETENTION_DAYS: String(MAX_RETENTION_DAYS) })).toBe(3653);
    expect(retentionMsOf({ AUDIT_RETENTION_DAYS: '7' })).toBe(7 * 86_400_000);
  });

  it('falls back to 90 for anything else, and says so once per value', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const bad of ['0', '-5', '1.5', '3654', 'ninety', '90d', '1e3', '0x10', 'Infinity']) {
      expect(retentionDaysOf({ AUDIT_RETENTION_DAYS: bad })).toBe(90);
    }
    expect(warn).toHaveBeenCalledTimes(9);
    expect(JSON.parse(warn.mock.calls[0]![0] as string)).toMatchObject({ event: 'audit-retention-invalid', value: '0', using: 90 });
    retentionDaysOf({ AUDIT_RETENTION_DAYS: '0' });
    expect(warn).toHaveBeenCalledTimes(9);
  });
});
