/**
 * SAML metadata as IAM reads it: entityID, validUntil, the IdP's RSA signing certificates (1,024 bits at
 * least), and what makes IAM answer "Could not parse metadata.".
 * Spec: SAML 2.0 Metadata §2.3.2, §2.4.1.1, §2.4.3; IAM User Guide "Troubleshooting SAML 2.0 federation".
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSamlMetadata, parseXsDateTime } from '../../../src/core/saml/metadata';
import { certificateRsaKey } from '../../../src/core/saml/x509';
import { ENTITY_ID, makeKey, metadata } from './support';

describe('parseSamlMetadata', () => {
  const key = makeKey();

  it('reads the entityID, validUntil and every signing certificate (use="signing" or no use)', () => {
    const other = makeKey(3072);
    const r = parseSamlMetadata(metadata([key.certBase64, other.certBase64], { validUntil: '2030-01-02T03:04:05.678Z' }));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.entityId).toBe(ENTITY_ID);
    expect(r.value.validUntilMs).toBe(Date.parse('2030-01-02T03:04:05.678Z'));
    expect(r.value.signingKeys).toHaveLength(2);
    // The SubjectPublicKeyInfo is the certificate's, byte for byte (node:crypto as the reference).
    const spki = new X509Certificate(key.certPem).publicKey.export({ type: 'spki', format: 'der' });
    expect(Buffer.from(r.value.signingKeys[0]!).equals(spki)).toBe(true);
    expect(parseSamlMetadata(metadata([key.certBase64], { use: '' })).ok).toBe(true);
  });

  it('measures the RSA modulus and refuses keys under 1,024 bits', () => {
    const der = new X509Certificate(key.certPem).raw;
    expect(certificateRsaKey(new Uint8Array(der))?.modulusBits).toBe(2048);
    const small = makeKey(768);
    expect(certificateRsaKey(new Uint8Array(new X509Certificate(small.certPem).raw))?.modulusBits).toBe(768);
    expect(parseSamlMetadata(metadata([small.certBase64])).ok).toBe(false);
    expect(createPublicKey(small.certPem).asymmetricKeyDetails?.modulusLength).toBe(768);
  });

  it('refuses metadata without a usable signing certificate or of the wrong shape', () => {
    const cases = [
      metadata([]),
      metadata([key.certBase64], { use: 'encryption' }),
      metadata(['QUJDREVG']),
      metadata([key.certBase64]).replace('urn:oasis:names:tc:SAML:2.0:protocol', 'urn:oasis:names:tc:SAML:1.1:protocol'),
      metadata([key.certBase64]).replace(/IDPSSODescriptor/g, 'SPSSODescriptor'),
      metadata([key.certBase64]).replace(` entityID="${ENTITY_ID}"`, ''),
      metadata([key.certBase64], { validUntil: 'tomorrow' }),
      `<!DOCTYPE x>${metadata([key.certBase64])}`,
      'not xml',
    ];
    for (const doc of cases) expect(parseSamlMetadata(doc).ok, doc.slice(0, 200)).toBe(false);
  });
});

describe('parseXsDateTime', () => {
  it('reads UTC, offsets and fractions; refuses anything else', () => {
    expect(parseXsDateTime('2013-11-05T02:06:42.876Z')).toBe(Date.parse('2013-11-05T02:06:42.876Z'));
    expect(parseXsDateTime('2013-11-05T04:06:42+02:00')).toBe(Date.parse('2013-11-05T02:06:42Z'));
    expect(parseXsDateTime('2013-11-05T02:06:42')).toBe(Date.parse('2013-11-05T02:06:42Z'));
    for (const bad of ['2013-11-05', '2013-13-05T02:06:42Z', 'x', '2013-11-05T02:06:42ZZ']) expect(parseXsDateTime(bad)).toBeUndefined();
  });
});
