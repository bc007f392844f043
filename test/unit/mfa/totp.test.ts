/**
 * HOTP/TOTP against the RFCs' own test vectors, and the verifier's window and replay rules.
 * Spec: RFC 4226 Appendix D, RFC 6238 Appendix B (SHA-1 rows).
 */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/core/bytes';
import { base32 } from '../../../src/core/ids';
import {
  CONSECUTIVE_WINDOW_STEPS,
  decodeSeed,
  hotp,
  totpAt,
  totpStep,
  verifyTotp,
  verifyTwoConsecutive,
} from '../../../src/core/totp';

const SECRET = utf8('12345678901234567890');

describe('HOTP (RFC 4226 Appendix D)', () => {
  it('computes the ten published values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, c) => hotp(SECRET, c))).toEqual(expected);
  });
});

describe('TOTP (RFC 6238 Appendix B, SHA-1)', () => {
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  it('computes the 8-digit values at the published times', () => {
    for (const [t, code] of vectors) expect(totpAt(SECRET, totpStep(t * 1000), 8)).toBe(code);
  });
  it('truncates to 6 digits as the last six of the same dynamic truncation', () => {
    for (const [t, code] of vectors) expect(totpAt(SECRET, totpStep(t * 1000))).toBe(code.slice(2));
  });
  it('uses 30-second steps from the epoch', () => {
    expect(totpStep(0)).toBe(0);
    expect(totpStep(29_999)).toBe(0);
    expect(totpStep(30_000)).toBe(1);
    expect(totpStep(1111111109_000)).toBe(0x23523ec);
  });
});

describe('seeds', () => {
  it('decodes base32 seeds in any case, ignoring padding and spaces', () => {
    const text = base32(SECRET);
    expect(decodeSeed(text)).toEqual(SECRET);
    expect(decodeSeed(text.toLowerCase())).toEqual(SECRET);
    expect(decodeSeed(`${text.slice(0, 4)} ${text.slice(4)}==`)).toEqual(SECRET);
    expect(decodeSeed('not base32!')).toBeUndefined();
  });
});

describe('verifyTotp', () => {
  const now = 1_700_000_000_000;
  const step = totpStep(now);
  it('accepts the current step and one either side, and says which', () => {
    for (const d of [-1, 0, 1]) expect(verifyTotp(SECRET, totpAt(SECRET, step + d), now, null)).toEqual({ ok: true, step: step + d });
  });
  it('refuses codes two steps away', () => {
    expect(verifyTotp(SECRET, totpAt(SECRET, step + 2), now, null).ok).toBe(false);
    expect(verifyTotp(SECRET, totpAt(SECRET, step - 2), now, null).ok).toBe(false);
  });
  it('refuses a step at or before the last one used (no replay)', () => {
    const code = totpAt(SECRET, step);
    expect(verifyTotp(SECRET, code, now, step).ok).toBe(false);
    expect(verifyTotp(SECRET, code, now, step + 1).ok).toBe(false);
    expect(verifyTotp(SECRET, code, now, step - 1)).toEqual({ ok: true, step });
    expect(verifyTotp(SECRET, totpAt(SECRET, step + 1), now, step)).toEqual({ ok: true, step: step + 1 });
  });
  it('refuses malformed codes', () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 12345', '١٢٣٤٥٦']) expect(verifyTotp(SECRET, bad, now, null).ok).toBe(false);
  });
  it('refuses a wrong code', () => {
    const good = totpAt(SECRET, step);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    const near = [-1, 0, 1].map((d) => totpAt(SECRET, step + d));
    if (!near.includes(wrong)) expect(verifyTotp(SECRET, wrong, now, null).ok).toBe(false);
  });
});

describe('verifyTwoConsecutive', () => {
  const now = 1_700_000_000_000;
  const step = totpStep(now);
  const at = (d: number) => totpAt(SECRET, step + d);
  it('accepts two consecutive codes and returns the later step', () => {
    expect(verifyTwoConsecutive(SECRET, at(0), at(1), now)).toEqual({ ok: true, step: step + 1 });
    expect(verifyTwoConsecutive(SECRET, at(-1), at(0), now)).toEqual({ ok: true, step });
  });
  it('accepts late codes within the window, and not beyond', () => {
    const w = CONSECUTIVE_WINDOW_STEPS;
    expect(verifyTwoConsecutive(SECRET, at(-w - 1), at(-w), now)).toEqual({ ok: true, step: step - w });
    expect(verifyTwoConsecutive(SECRET, at(w - 1), at(w), now)).toEqual({ ok: true, step: step + w });
    expect(verifyTwoConsecutive(SECRET, at(-w - 2), at(-w - 1), now).ok).toBe(false);
    expect(verifyTwoConsecutive(SECRET, at(w), at(w + 1), now).ok).toBe(false);
  });
  it('refuses codes out of order, repeated, or not consecutive', () => {
    expect(verifyTwoConsecutive(SECRET, at(1), at(0), now).ok).toBe(false);
    expect(verifyTwoConsecutive(SECRET, at(0), at(0), now).ok).toBe(false);
    expect(verifyTwoConsecutive(SECRET, at(0), at(2), now).ok).toBe(false);
  });
  it('refuses pairs at or before the last step used', () => {
    expect(verifyTwoConsecutive(SECRET, at(0), at(1), now, step + 1).ok).toBe(false);
    expect(verifyTwoConsecutive(SECRET, at(0), at(1), now, step).ok).toBe(false);
    expect(verifyTwoConsecutive(SECRET, at(0), at(1), now, step - 1)).toEqual({ ok: true, step: step + 1 });
  });
});
