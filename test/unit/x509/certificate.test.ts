/**
 * The X.509 reader (src/core/x509/): real certificates made by OpenSSL parse with their validity and key
 * algorithm; every malformed input (bad armour, bad base64, truncations, trailing bytes, BER lengths,
 * wrong structure) is refused with a reason and never throws or reads out of bounds.
 */
import { describe, expect, it } from 'vitest';
import { parseCertificateDer, parsePemCertificates, pemBlocks } from '../../../src/core/x509/certificate';
import { readTlv, readOid, readTime, TAG } from '../../../src/core/x509/der';
import { CA_CERT, EC_CERT, EXPIRED_CERT, LEAF_CERT, RSA_CERT } from '../../fixtures/x509/index';

const derOf = (pem: string) => pemBlocks(pem, 'CERTIFICATE')![0]!;

describe('X.509 certificates', () => {
  it('parses OpenSSL certificates: validity, key algorithm, the SPKI as a DER value', () => {
    const rsa = parsePemCertificates(RSA_CERT);
    expect(rsa.ok).toBe(true);
    if (!rsa.ok) return;
    const [cert] = rsa.value;
    expect(cert!.keyAlgorithm).toBe('1.2.840.113549.1.1.1');
    expect(cert!.notAfter.getTime() - cert!.notBefore.getTime()).toBe(7300 * 86_400_000);
    expect(readTlv(cert!.spki, 0, cert!.spki.length)).toMatchObject({ tag: TAG.sequence, end: cert!.spki.length });
    const ec = parsePemCertificates(EC_CERT);
    expect(ec.ok && ec.value[0]!.keyAlgorithm).toBe('1.2.840.10045.2.1');
    const expired = parsePemCertificates(EXPIRED_CERT);
    expect(expired.ok && [expired.value[0]!.notBefore.toISOString(), expired.value[0]!.notAfter.toISOString()]).toEqual(['2020-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z']);
  });

  it('reads a chain of several blocks, in order', () => {
    const chain = parsePemCertificates(`${LEAF_CERT}\n${CA_CERT}`);
    expect(chain.ok && chain.value.map((c) => c.der.length)).toEqual([derOf(LEAF_CERT).length, derOf(CA_CERT).length]);
  });

  it('refuses text that is not only PEM certificates', () => {
    for (const text of ['', 'hello', RSA_CERT.replace('CERTIFICATE', 'CERTIFICATX'), `junk\n${RSA_CERT}`, RSA_CERT.replace(/\nM/, '\n*'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----']) {
      expect(parsePemCertificates(text).ok, text.slice(0, 40)).toBe(false);
    }
  });

  it('refuses every truncation and trailing byte of a DER certificate without throwing', () => {
    const der = derOf(RSA_CERT);
    for (let n = 0; n < der.length; n += 7) expect(parseCertificateDer(der.subarray(0, n)).ok).toBe(false);
    expect(parseCertificateDer(Uint8Array.from([...der, 0])).ok).toBe(false);
    // Flipping bytes never throws: each result is a parse or a refusal with a reason.
    for (let i = 0; i < der.length; i += 13) {
      const bad = der.slice();
      bad[i] = bad[i]! ^ 0xff;
      const parsed = parseCertificateDer(bad);
      if (!parsed.ok) expect(parsed.reason).toMatch(/\w/);
    }
  });

  it('enforces DER: shortest lengths, no indefinite length, no high tags', () => {
    expect(() => readTlv(Uint8Array.from([0x30, 0x80, 0, 0]), 0, 4)).toThrow(/invalid length/);
    expect(() => readTlv(Uint8Array.from([0x04, 0x81, 0x01, 0x00]), 0, 4)).toThrow(/shortest form/);
    expect(() => readTlv(Uint8Array.from([0x1f, 0x01, 0x00]), 0, 3)).toThrow(/high tag/);
    expect(() => readTlv(Uint8Array.from([0x04, 0x05, 0x00]), 0, 3)).toThrow(/longer than its container/);
  });

  it('decodes object identifiers and both time forms, refusing impossible dates', () => {
    const oid = Uint8Array.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);
    expect(readOid(oid, readTlv(oid, 0, oid.length))).toBe('1.2.840.113549.1.1.11');
    const time = (tag: number, s: string) => {
      const b = Uint8Array.from([tag, s.length, ...[...s].map((ch) => ch.charCodeAt(0))]);
      return readTime(b, readTlv(b, 0, b.length));
    };
    expect(time(TAG.utcTime, '491231235959Z').toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(time(TAG.utcTime, '500101000000Z').toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(time(TAG.generalizedTime, '20500101000000Z').toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(() => time(TAG.utcTime, '250230000000Z')).toThrow(/invalid time/);
    expect(() => time(TAG.utcTime, '2502010000Z')).toThrow(/invalid time/);
  });
});
