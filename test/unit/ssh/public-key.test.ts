/**
 * The SSH public key reader (core/ssh) against keys made by OpenSSH and OpenSSL (test/fixtures/ssh): the
 * encodings IAM takes, the fingerprint `ssh-keygen -l -E md5` prints, the PEM `ssh-keygen -e -m PKCS8`
 * writes, and each refusal (UnrecognizedPublicKeyEncoding vs InvalidPublicKey) for garbage, truncated,
 * padded, undersized, oversized and wrong-type keys.
 */
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../src/core/bytes';
import { parseSshPublicKey, pemEncoding, sshEncoding, sshFingerprint } from '../../../src/core/ssh/public-key';
import * as fx from '../../fixtures/ssh/index';

const blobOf = (line: string) => fromBase64(line.split(' ')[1]!)!;
const parsed = (body: string) => {
  const r = parseSshPublicKey(body);
  if (!r.ok) throw new Error(`refused: ${r.error} ${r.reason}`);
  return r.key;
};
const refusal = (body: string) => {
  const r = parseSshPublicKey(body);
  return r.ok ? 'accepted' : r.error;
};

const syntheticBlob = (bits: number, tweak?: (b: number[]) => void) => fx.syntheticRsaKey(bits, 0x5a, tweak);

describe('parseSshPublicKey', () => {
  it('reads OpenSSH lines and both PEM forms of one key as the same blob, with ssh-keygen\'s MD5 fingerprint', () => {
    const key = parsed(fx.RSA_2048);
    expect(key.bits).toBe(2048);
    expect(key.blob).toEqual(blobOf(fx.RSA_2048));
    expect(sshFingerprint(key.blob)).toBe(fx.RSA_2048_MD5);
    expect(parsed(fx.RSA_2048_SPKI_PEM).blob).toEqual(key.blob);
    expect(parsed(fx.RSA_2048_PKCS1_PEM).blob).toEqual(key.blob);
    expect(parsed(`\r\n  ${fx.RSA_2048.trim()}\r\n`).blob).toEqual(key.blob);
    expect(sshFingerprint(parsed(fx.RSA_3072).blob)).toBe(fx.RSA_3072_MD5);
  });

  it('writes the key back as ssh-rsa without the comment, and as the PEM ssh-keygen -e -m PKCS8 writes', () => {
    const key = parsed(fx.RSA_2048);
    expect(sshEncoding(key.blob)).toBe(fx.RSA_2048.split(' ').slice(0, 2).join(' '));
    expect(pemEncoding(key.blob)).toBe(fx.RSA_2048_SPKI_PEM);
    expect(pemEncoding(parsed(fx.RSA_2048_PKCS1_PEM).blob)).toBe(fx.RSA_2048_SPKI_PEM);
  });

  it('refuses what is neither ssh-rsa nor PEM as an unrecognized encoding', () => {
    for (const body of ['garbage', fx.ED25519, fx.RSA_2048_RFC4716, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', `from="10.0.0.1" ${fx.RSA_2048}`, 'ssh-rsa-cert-v01@openssh.com AAAA']) {
      expect(refusal(body), body.slice(0, 40)).toBe('encoding');
    }
  });

  it('refuses a recognized encoding whose key is broken or out of bounds as an invalid key', () => {
    const b64 = fx.RSA_2048.split(' ')[1]!;
    const bytes = fromBase64(b64)!;
    const cases: Record<string, string> = {
      'undersized (1024 bits)': fx.RSA_1024,
      'EC key in PEM': fx.EC_SPKI_PEM,
      'truncated blob': `ssh-rsa ${toBase64(bytes.subarray(0, bytes.length - 7))}`,
      'trailing bytes': `ssh-rsa ${toBase64(Uint8Array.from([...bytes, 0]))}`,
      'bad base64': `ssh-rsa ${b64.slice(0, -3)}`,
      'two keys on two lines': `${fx.RSA_2048.trim()}\n${fx.RSA_3072.trim()}`,
      'inner name not ssh-rsa': `ssh-rsa ${toBase64(Uint8Array.from([0, 0, 0, 7, ...'ssh-dss'.split('').map((c) => c.charCodeAt(0)), ...bytes.subarray(11)]))}`,
      'truncated PEM': fx.RSA_2048_SPKI_PEM.replace(/[A-Za-z0-9+/]{8}\n-----END/, '\n-----END'),
      'over 16384 bits': syntheticBlob(16392),
      'even exponent': syntheticBlob(2048, (b) => (b[17] = 0)),
      'padded mpint': syntheticBlob(2048, (b) => {
        b.splice(15, 0, 0);
        b[14] = 4;
      }),
    };
    for (const [what, body] of Object.entries(cases)) expect(refusal(body), what).toBe('invalid');
    expect(refusal(syntheticBlob(2048))).toBe('accepted');
    expect(refusal(syntheticBlob(16384))).toBe('accepted');
  });
});
