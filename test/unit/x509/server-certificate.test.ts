/**
 * What UploadServerCertificate checks (src/services/iam/server-certificates/validate.ts over
 * src/core/x509/private-key.ts, key-match.ts, chain-order.ts), case by case with OpenSSL-made keys and
 * certificates and WebCrypto: the three key forms wrap into PKCS #8 that WebCrypto imports; the key pair
 * matches by its public half; validity is read against the injected time; garbage, truncated, huge and
 * wrong-type inputs get MalformedCertificate (never a throw of anything else); a chain out of order names
 * the certificate that breaks it; no error message carries the key.
 */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors';
import { chainBreak } from '../../../src/core/x509/chain-order';
import { parsePemCertificates, type Certificate } from '../../../src/core/x509/certificate';
import { parsePemPrivateKey } from '../../../src/core/x509/private-key';
import { checkServerCertificate, chainMessage, MSG_BODY, MSG_CHAIN, MSG_EXPIRED, MSG_KEY, MSG_KEY_TYPE, MSG_NOT_YET } from '../../../src/services/iam/server-certificates/validate';
import { CA_CERT, EC_CERT, EC_KEY, EXPIRED_CERT, LEAF_CERT, LEAF_KEY, OTHER_CERT, OTHER_KEY, RSA_CERT, RSA_KEY, RSA_KEY_PKCS1 } from '../../fixtures/x509/index';
import { EC_CA_CERT, EC_KEY_SEC1, EC_LEAF_CERT, EC_LEAF_KEY, IMPOSTOR_CA_CERT, SMALL_RSA_CERT, SMALL_RSA_KEY } from '../../fixtures/x509/server-keys';

/** Inside every fixture's validity (2026-12-02 to 2046). */
const NOW = new Date('2030-06-01T00:00:00Z');
const cert = (pem: string) => (parsePemCertificates(pem) as { value: Certificate[] }).value[0]!;

/** The AwsError a check ends with (code and message), or 'ok'. */
async function outcome(input: { CertificateBody: string; PrivateKey: string; CertificateChain?: string }, now = NOW): Promise<string> {
  try {
    await checkServerCertificate(input, now);
    return 'ok';
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    expect(e.message).not.toContain(input.PrivateKey.split('\n')[1] ?? input.PrivateKey);
    return `${e.code}: ${e.message}`;
  }
}

describe('private keys', () => {
  it('reads PKCS #8, PKCS #1 (wrapped as PKCS #8) and SEC 1 (wrapped, its curve kept)', () => {
    const pkcs8 = parsePemPrivateKey(RSA_KEY);
    const pkcs1 = parsePemPrivateKey(RSA_KEY_PKCS1);
    expect(pkcs8.ok && pkcs1.ok && pkcs1.value.pkcs8).toEqual(pkcs8.ok && pkcs8.value.pkcs8);
    const sec1 = parsePemPrivateKey(EC_KEY_SEC1);
    expect(sec1.ok && [sec1.value.kind, sec1.value.curveOid]).toEqual(['EC', '1.2.840.10045.3.1.7']);
    expect(parsePemPrivateKey(EC_KEY).ok && (parsePemPrivateKey(EC_KEY) as any).value.curveOid).toBe('1.2.840.10045.3.1.7');
  });

  it('refuses encrypted, foreign, several, truncated and garbage keys with a reason', () => {
    const body = RSA_KEY.split('\n').slice(1, -2).join('\n');
    for (const text of [
      RSA_KEY.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY'),
      RSA_KEY.replace(/PRIVATE KEY/g, 'DSA PRIVATE KEY'),
      `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n${body}\n-----END RSA PRIVATE KEY-----\n`,
      RSA_KEY + EC_KEY,
      `junk\n${RSA_KEY}`,
      RSA_KEY_PKCS1.split('\n').filter((_, i, all) => i !== all.length - 4).join('\n'),
      RSA_CERT,
      '',
      'A'.repeat(16_384),
    ]) {
      const r = parsePemPrivateKey(text);
      expect(r.ok, text.slice(0, 40)).toBe(false);
    }
  });
});

describe('UploadServerCertificate checks', () => {
  it('accepts each key form with its own certificate, and a leaf with its CA as chain', async () => {
    for (const PrivateKey of [RSA_KEY, RSA_KEY_PKCS1]) expect(await outcome({ CertificateBody: RSA_CERT, PrivateKey })).toBe('ok');
    for (const PrivateKey of [EC_KEY, EC_KEY_SEC1]) expect(await outcome({ CertificateBody: EC_CERT, PrivateKey })).toBe('ok');
    expect(await outcome({ CertificateBody: LEAF_CERT, PrivateKey: LEAF_KEY, CertificateChain: CA_CERT })).toBe('ok');
    expect(await outcome({ CertificateBody: EC_LEAF_CERT, PrivateKey: EC_LEAF_KEY, CertificateChain: EC_CA_CERT })).toBe('ok');
  });

  it('answers KeyPairMismatch for another key of the same or another type', async () => {
    for (const [CertificateBody, PrivateKey] of [[RSA_CERT, OTHER_KEY], [OTHER_CERT, RSA_KEY_PKCS1], [EC_CERT, RSA_KEY], [RSA_CERT, EC_KEY_SEC1], [LEAF_CERT, RSA_KEY]] as const) {
      expect(await outcome({ CertificateBody, PrivateKey })).toMatch(/^KeyPairMismatch: /);
    }
  });

  it('refuses a body that is not exactly one well-formed certificate', async () => {
    const lines = RSA_CERT.split('\n');
    for (const CertificateBody of ['garbage', RSA_CERT.slice(0, 300), RSA_CERT + CA_CERT, RSA_KEY, `${lines.slice(0, 5).join('\n')}\n${lines.slice(-2).join('\n')}`, RSA_CERT.replace('MIID', 'MIIE'), 'x'.repeat(16_384)]) {
      expect(await outcome({ CertificateBody, PrivateKey: RSA_KEY })).toBe(`MalformedCertificate: ${MSG_BODY}`);
    }
  });

  it('refuses a body outside its validity at the injected time, before or after', async () => {
    expect(await outcome({ CertificateBody: EXPIRED_CERT, PrivateKey: OTHER_KEY })).toBe(`MalformedCertificate: ${MSG_EXPIRED}`);
    expect(await outcome({ CertificateBody: EXPIRED_CERT, PrivateKey: OTHER_KEY }, new Date('2020-06-01T00:00:00Z'))).toBe('ok');
    expect(await outcome({ CertificateBody: RSA_CERT, PrivateKey: RSA_KEY }, new Date('2026-12-01T00:00:00Z'))).toBe(`MalformedCertificate: ${MSG_NOT_YET}`);
  });

  it('refuses an unreadable chain, and names where a chain breaks (-1: the body is not issued by its first certificate)', async () => {
    const base = { CertificateBody: LEAF_CERT, PrivateKey: LEAF_KEY };
    expect(await outcome({ ...base, CertificateChain: 'garbage' })).toBe(`MalformedCertificate: ${MSG_CHAIN}`);
    expect(await outcome({ ...base, CertificateChain: CA_CERT.slice(0, 500) })).toBe(`MalformedCertificate: ${MSG_CHAIN}`);
    expect(await outcome({ ...base, CertificateChain: RSA_CERT })).toBe(`MalformedCertificate: ${chainMessage(-1)}`);
    expect(await outcome({ ...base, CertificateChain: CA_CERT + RSA_CERT })).toBe(`MalformedCertificate: ${chainMessage(0)}`);
    expect(await chainBreak(cert(LEAF_CERT), [cert(CA_CERT), cert(CA_CERT)])).toBeUndefined();
    expect(await chainBreak(cert(EC_LEAF_CERT), [cert(CA_CERT)])).toBe(-1);
  });

  it('verifies the signature of each link: a CA with the right name but another key certifies nothing (RSA and ECDSA)', async () => {
    expect(await chainBreak(cert(LEAF_CERT), [cert(IMPOSTOR_CA_CERT)])).toBe(-1);
    expect(await outcome({ CertificateBody: LEAF_CERT, PrivateKey: LEAF_KEY, CertificateChain: IMPOSTOR_CA_CERT })).toBe(`MalformedCertificate: ${chainMessage(-1)}`);
    expect(await chainBreak(cert(LEAF_CERT), [cert(CA_CERT), cert(IMPOSTOR_CA_CERT)])).toBe(0);
    expect(await chainBreak(cert(EC_LEAF_CERT), [cert(EC_CA_CERT)])).toBeUndefined();
    const forged = EC_LEAF_CERT.replace(/[A-Za-z0-9+/]{8}(\n[A-Za-z0-9+/=]*\n-----END)/, 'AAAAAAAA$1');
    expect(await chainBreak(cert(forged), [cert(EC_CA_CERT)])).toBe(-1);
  });

  it('refuses unusable keys: garbage, a certificate as key, a 512-bit RSA key', async () => {
    for (const PrivateKey of ['garbage', RSA_CERT, LEAF_KEY.slice(0, 200), `-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n`]) {
      expect(await outcome({ CertificateBody: RSA_CERT, PrivateKey })).toBe(`MalformedCertificate: ${MSG_KEY}`);
    }
    expect(await outcome({ CertificateBody: SMALL_RSA_CERT, PrivateKey: SMALL_RSA_KEY })).toBe(`MalformedCertificate: ${MSG_KEY_TYPE}`);
  });
});
