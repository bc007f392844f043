/**
 * @module AWS-shaped identifiers: account ids, unique ids (AIDA…, AGPA…, AROA…), access key ids (AKIA…,
 * ASIA…) and secret access keys.
 *
 * Access key ids carry the owning account, exactly as AWS's do (the scheme AWS uses since 2018, which
 * `sts:GetAccessKeyInfo` decodes): base32 of ten bytes whose first six hold `account << 7` under a zero top
 * bit, the remaining bits random. That lets a request be routed to its account's read-model shard from the
 * key id alone, before any lookup. Spec: IAM User Guide, "IAM identifiers"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
 */

/** Source of randomness, injected so tests are deterministic (STYLE habit 13). */
export type RandomBytes = (n: number) => Uint8Array;

/** The platform's CSPRNG; Workers and Node both have `crypto.getRandomValues`. */
export const cryptoRandomBytes: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

/** RFC 4648 base32 alphabet, the one AWS's ids use. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Prefixes of AWS unique ids, by entity type. */
export const ID_PREFIX = {
  user: 'AIDA',
  group: 'AGPA',
  role: 'AROA',
  policy: 'ANPA',
  instanceProfile: 'AIPA',
  serverCertificate: 'ASCA',
  longTermKey: 'AKIA',
  temporaryKey: 'ASIA',
} as const;

/** Length of the random part of a unique id after its 4-letter prefix (AWS's are 21 characters). */
const UNIQUE_ID_BODY_LENGTH = 17;

/** Encodes bytes as unpadded RFC 4648 base32. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes unpadded base32; undefined on a character outside the alphabet. */
export function fromBase32(s: string): Uint8Array | undefined {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of s) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return undefined;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
      buffer &= (1 << bits) - 1;
    }
  }
  return Uint8Array.from(out);
}

/** A unique id such as `AIDAJQABLZS4A3QDU576Q`. */
export function newUniqueId(prefix: string, random: RandomBytes = cryptoRandomBytes): string {
  const bytes = random(UNIQUE_ID_BODY_LENGTH);
  let body = '';
  for (let i = 0; i < UNIQUE_ID_BODY_LENGTH; i++) body += BASE32[bytes[i]! & 31];
  return prefix + body;
}

/** A signing certificate's id: 28 base32 characters, as AWS's (`TA7SMP42TDN5Z26OBPJE7EXAMPLE`). */
export function newCertificateId(random: RandomBytes = cryptoRandomBytes): string {
  const bytes = random(28);
  let id = '';
  for (let i = 0; i < 28; i++) id += BASE32[bytes[i]! & 31];
  return id;
}

/** `^\d{12}$`: the form of every account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** A random 12-digit account id (leading zeros allowed, as in AWS). */
export function newAccountId(random: RandomBytes = cryptoRandomBytes): string {
  const bytes = random(12);
  let id = '';
  for (let i = 0; i < 12; i++) id += String(bytes[i]! % 10);
  return id;
}

/**
 * A new access key id for `accountId`: `AKIA` (long-term) or `ASIA` (temporary) + 16 base32 characters
 * that encode the account as AWS does.
 */
export function newAccessKeyId(
  accountId: string,
  prefix: typeof ID_PREFIX.longTermKey | typeof ID_PREFIX.temporaryKey,
  random: RandomBytes = cryptoRandomBytes,
): string {
  const rnd = random(5);
  const bytes = new Uint8Array(10);
  // Six bytes: a zero top bit, the 40-bit account id, then 7 random bits.
  const account = BigInt(accountId);
  const head = (account << 7n) | BigInt(rnd[0]! & 0x7f);
  for (let i = 0; i < 6; i++) bytes[i] = Number((head >> BigInt(8 * (5 - i))) & 0xffn);
  bytes.set(rnd.subarray(1, 5), 6);
  return prefix + base32(bytes);
}

/** `^(AKIA|ASIA)[A-Z2-7]{16}$`: the form of every access key id this service issues. */
export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z2-7]{16}$/;

/**
 * The account that owns an access key id, decoded as `sts:GetAccessKeyInfo` does; undefined when the id is
 * not of this service's form.
 */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!ACCESS_KEY_ID_PATTERN.test(accessKeyId)) return undefined;
  // The account is bits 46..7 of the first six bytes, i.e. of the first ten base32 characters (50 bits,
  // exact in a double): no byte array, no BigInt, which this runs on every signed request.
  let head = 0;
  for (let i = 4; i < 14; i++) head = head * 32 + base32Value(accessKeyId.charCodeAt(i));
  // 50 bits → the first 48 (two bits of the next byte dropped) → drop the 7 random bits → keep 40 bits.
  const account = Math.floor(head / 512) % 2 ** 40;
  return String(account).padStart(12, '0');
}

/** Value of an RFC 4648 base32 digit already known valid (`A`–`Z` 0–25, `2`–`7` 26–31). */
const base32Value = (c: number): number => (c >= 0x41 ? c - 0x41 : c - 0x32 + 26);

/** A new 40-character secret access key (30 random bytes in the base64 alphabet, as AWS's look). */
export function newSecretAccessKey(random: RandomBytes = cryptoRandomBytes): string {
  const bytes = random(40);
  let out = '';
  for (let i = 0; i < 40; i++) out += BASE64[bytes[i]! & 63];
  return out;
}
