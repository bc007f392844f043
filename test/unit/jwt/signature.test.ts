/**
 * The seam between our checks and jose's signature verification (core/jwt/signature.ts): what jose would
 * accept on its own but we refuse, and what jose would refuse on its own but AWS's verifier accepts.
 */
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyJwt, verifySignature, type Jwks, type KeySetSource } from '../../../src/core/jwt/index';
import { ok } from '../../../src/core/result';
import { b64url, claims, CLIENT_ID, ISSUER, jwks, newKey, NOW_MS, sign, signRaw } from './keys';

const expect0 = { issuer: ISSUER, clientIds: [CLIENT_ID], nowMs: NOW_MS };
const source = (set: Jwks): KeySetSource => async () => ok(set);

/** WebCrypto's signing parameters per JWS algorithm (RFC 7518 §3.3–3.5): the test's own, not jose's. */
const SIGNING: Record<string, { name: string; saltLength?: number; hash?: string }> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  RS384: { name: 'RSASSA-PKCS1-v1_5' },
  RS512: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  PS384: { name: 'RSA-PSS', saltLength: 48 },
  PS512: { name: 'RSA-PSS', saltLength: 64 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' },
};

describe('tokens signed without jose', () => {
  // The verifier is jose now, and the other tests sign with jose too: these tokens are built and signed
  // with WebCrypto directly (ECDSA's raw r||s is the JWS form, RFC 7518 §3.4), so a shared bug in jose's
  // signer and verifier cannot pass unnoticed.
  for (const alg of Object.keys(SIGNING)) {
    it(`verifies a ${alg} token signed by WebCrypto, and refuses it over a forged payload`, async () => {
      const key = await newKey(alg, 'w');
      const input = `${b64url(JSON.stringify({ alg, kid: 'w', typ: 'JWT' }))}.${b64url(JSON.stringify(claims()))}`;
      const sig = new Uint8Array(await crypto.subtle.sign(SIGNING[alg]! as never, key.privateKey, new TextEncoder().encode(input)));
      expect((await verifyJwt(`${input}.${b64url(sig)}`, expect0, source(jwks(key)))).ok).toBe(true);
      const forged = `${b64url(JSON.stringify({ alg, kid: 'w', typ: 'JWT' }))}.${b64url(JSON.stringify(claims({ sub: 'admin' })))}`;
      const r = await verifyJwt(`${forged}.${b64url(sig)}`, expect0, source(jwks(key)));
      expect(r.ok ? null : r.error.reason).toBe('bad-signature');
    });
  }
});

describe('signature verification by jose', () => {
  it('verifies with a JWK whose key_ops also lists sign (only its public members are imported)', async () => {
    const key = await newKey('ES256', 'k');
    const set = jwks({ ...key.jwk, key_ops: ['sign', 'verify'] });
    expect((await verifyJwt(await sign(key), expect0, source(set))).ok).toBe(true);
  });

  it('refuses a validly signed payload that is not strict UTF-8, before any key is fetched (jose decodes it leniently)', async () => {
    const key = await newKey('ES256', 'k');
    const json = new TextEncoder().encode(JSON.stringify(claims({ sub: 'SUB' })));
    const at = json.indexOf(0x53); // the 'S' of "SUB"
    json[at] = 0xff;
    const token = await new CompactSign(json).setProtectedHeader({ alg: 'ES256', kid: 'k' }).sign(key.privateKey);
    let fetched = false;
    const r = await verifyJwt(token, expect0, async () => ((fetched = true), ok(jwks(key))));
    expect(r.ok ? null : r.error.reason).toBe('malformed');
    expect(fetched).toBe(false);
  });

  it('checks only the algorithm the header names, with the key chosen for it', async () => {
    const ps = await newKey('PS256', 'k', { bare: true });
    const token = await signRaw(ps, { alg: 'PS256', kid: 'k' }, claims());
    expect(await verifySignature(token, 'PS256', ps.jwk)).toEqual({ ok: true, value: true });
    // The same RSA key, told RS256: jose is allowed only RS256 and refuses the PS256 header outright.
    expect(await verifySignature(token, 'RS256', ps.jwk)).toMatchObject({ ok: false, error: { reason: 'unsupported-algorithm' } });
  });

  it('a key that WebCrypto cannot import is key-mismatch, not a crash', async () => {
    const key = await newKey('ES256', 'k');
    const token = await sign(key);
    const broken = { ...key.jwk, x: key.jwk.y, y: key.jwk.x }; // a point not on the curve
    expect(await verifySignature(token, 'ES256', broken)).toMatchObject({ ok: false, error: { reason: 'key-mismatch' } });
  });
});
