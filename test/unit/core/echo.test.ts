/** clipEcho: client text in error messages, whole when short, cut at 128 code points otherwise. Spec: src/core/echo.ts. */
import { describe, expect, it } from 'vitest';
import { clipEcho, ECHO_MAX_CODE_POINTS } from '../../../src/core/echo';

describe('clipEcho', () => {
  it('keeps text of up to 128 code points whole', () => {
    expect(ECHO_MAX_CODE_POINTS).toBe(128);
    expect(clipEcho('')).toBe('');
    expect(clipEcho('x'.repeat(128))).toBe('x'.repeat(128));
    expect(clipEcho('\u{1F600}'.repeat(128))).toBe('\u{1F600}'.repeat(128));
  });

  it('cuts longer text after 128 code points and marks the cut', () => {
    expect(clipEcho('x'.repeat(129))).toBe(`${'x'.repeat(128)}…`);
    expect(clipEcho('\u{1F600}'.repeat(200))).toBe(`${'\u{1F600}'.repeat(128)}…`);
    expect(clipEcho('abcdef', 3)).toBe('abc…');
  });

  it('never splits a surrogate pair', () => {
    const s = `${'a'.repeat(127)}\u{1F600}tail`;
    expect(clipEcho(s)).toBe(`${'a'.repeat(127)}\u{1F600}…`);
    // A lone high surrogate at the end counts as one code point.
    expect(clipEcho(`ab\ud83d`, 2)).toBe('ab…');
  });
});
