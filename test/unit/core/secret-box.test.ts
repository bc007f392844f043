import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../../src/core/secret-box';

const KEY_A = 'a'.repeat(32) + 'material-A';
const KEY_B = 'b'.repeat(32) + 'material-B';

describe('SecretBox', () => {
  it('seals and opens, never showing the plaintext in the envelope', async () => {
    const box = await SecretBox.create(KEY_A);
    const sealed = await box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAEXAMPLE');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{16}\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('wJalr');
    expect(await box.open(sealed, 'AKIAEXAMPLE')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  });

  it('uses a fresh nonce per seal', async () => {
    const box = await SecretBox.create(KEY_A);
    expect(await box.seal('x', 'k')).not.toBe(await box.seal('x', 'k'));
  });

  it('refuses a value bound to another owner, tampered, or sealed under an unknown key', async () => {
    const box = await SecretBox.create(KEY_A);
    const sealed = await box.seal('secret', 'AKIA1');
    expect(await box.open(sealed, 'AKIA2')).toBeUndefined();
    const parts = sealed.split('.');
    const flipped = parts[3]!.startsWith('A') ? 'B' + parts[3]!.slice(1) : 'A' + parts[3]!.slice(1);
    expect(await box.open([...parts.slice(0, 3), flipped].join('.'), 'AKIA1')).toBeUndefined();
    expect(await (await SecretBox.create(KEY_B)).open(sealed, 'AKIA1')).toBeUndefined();
    expect(await box.open('garbage', 'AKIA1')).toBeUndefined();
    expect(await box.open('v1.zz.!!.??', 'AKIA1')).toBeUndefined();
  });

  it('rotates: values sealed under a previous master key still open; new ones use the current key', async () => {
    const old = await SecretBox.create(KEY_A);
    const sealed = await old.seal('secret', 'AKIA1');
    const rotated = await SecretBox.create(KEY_B, [KEY_A]);
    expect(await rotated.open(sealed, 'AKIA1')).toBe('secret');
    expect((await rotated.seal('s', 'k')).split('.')[1]).toBe(rotated.kid);
    expect(rotated.kid).not.toBe(old.kid);
  });

  it('refuses a short master key', async () => {
    await expect(SecretBox.create('short')).rejects.toThrow(RangeError);
  });
});
