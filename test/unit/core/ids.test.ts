import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArn, rootArn, userArn, userPathArn } from '../../../src/core/arn';
import {
  ACCESS_KEY_ID_PATTERN,
  accountOfAccessKeyId,
  base32,
  fromBase32,
  ID_PREFIX,
  newAccessKeyId,
  newAccountId,
  newSecretAccessKey,
  newUniqueId,
} from '../../../src/core/ids';

describe('ids', () => {
  it('makes 21-character unique ids with AWS prefixes', () => {
    expect(newUniqueId(ID_PREFIX.user)).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(newUniqueId(ID_PREFIX.group)).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(new Set(Array.from({ length: 1000 }, () => newUniqueId('AIDA'))).size).toBe(1000);
  });

  it('makes 12-digit account ids and 40-character secrets', () => {
    expect(newAccountId()).toMatch(/^\d{12}$/);
    expect(newSecretAccessKey()).toMatch(/^[A-Za-z0-9+/]{40}$/);
  });

  it('decodes the account from an access key id, for both long-term and temporary keys', () => {
    for (const account of ['000000000000', '123456789012', '999999999999', '000000000001']) {
      const id = newAccessKeyId(account, 'AKIA');
      expect(id).toMatch(ACCESS_KEY_ID_PATTERN);
      expect(accountOfAccessKeyId(id)).toBe(account);
      expect(accountOfAccessKeyId(newAccessKeyId(account, 'ASIA'))).toBe(account);
    }
  });

  it('round-trips every account id and random bits through the key id (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.uint8Array({ minLength: 5, maxLength: 5 }), (n, rnd) => {
        const account = n.toString().padStart(12, '0');
        const id = newAccessKeyId(account, 'AKIA', () => rnd);
        return accountOfAccessKeyId(id) === account;
      }),
    );
  });

  it('decodes any id of this form as the byte-wise decoding does (differential, property)', () => {
    // The reference: base32 to bytes, the first six bytes as a 48-bit number, bits 46..7.
    const reference = (id: string) => {
      const bytes = fromBase32(id.slice(4))!;
      let head = 0n;
      for (let i = 0; i < 6; i++) head = (head << 8n) | BigInt(bytes[i]!);
      return ((head & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
    };
    const digit = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
    fc.assert(
      fc.property(fc.constantFrom('AKIA', 'ASIA'), fc.array(digit, { minLength: 16, maxLength: 16 }), (prefix, digits) => {
        const id = prefix + digits.join('');
        return accountOfAccessKeyId(id) === reference(id);
      }),
      { numRuns: 2000 },
    );
    for (const id of ['AKIAAAAAAAAAAAAAAAAA', 'AKIA7777777777777777', 'ASIA2222222222222222', 'AKIAIOSFODNN7EXAMPLE']) expect(accountOfAccessKeyId(id)).toBe(reference(id));
  });

  it('refuses ids that are not of this form', () => {
    for (const bad of ['', 'AKIA', 'AKIAIOSFODNN7EXAMPL', 'AKIA0000000000000000', 'ABIAAAAAAAAAAAAAAAAA', 'akiaaaaaaaaaaaaaaaaa']) {
      expect(accountOfAccessKeyId(bad)).toBeUndefined();
    }
  });

  it('encodes base32 as RFC 4648 (test vectors of section 10, unpadded)', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s));
    expect([enc(''), enc('f'), enc('fo'), enc('foo'), enc('foob'), enc('fooba'), enc('foobar')]).toEqual([
      '', 'MY', 'MZXQ', 'MZXW6', 'MZXW6YQ', 'MZXW6YTB', 'MZXW6YTBOI',
    ]);
    expect(new TextDecoder().decode(fromBase32('MZXW6YTBOI'))).toBe('foobar');
    expect(fromBase32('MZ1')).toBeUndefined();
  });
});

describe('arns', () => {
  it('builds and parses IAM ARNs', () => {
    expect(rootArn('aws', '123456789012')).toBe('arn:aws:iam::123456789012:root');
    expect(userArn('aws', '123456789012', '/division_abc/subdivision_xyz/', 'Bob')).toBe(
      'arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob',
    );
    expect(userPathArn('aws', '123456789012')).toBe('arn:aws:iam::123456789012:user/');
    expect(parseArn('arn:aws:sts::123456789012:assumed-role/R/s:x')).toEqual({
      partition: 'aws', service: 'sts', region: '', account: '123456789012', resource: 'assumed-role/R/s:x',
    });
    expect(parseArn('not:an:arn')).toBeUndefined();
  });
});
