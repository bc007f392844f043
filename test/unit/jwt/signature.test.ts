/**
 * The seam between our checks and jose's signature verification (core/jwt/signature.ts): what jose would
 * accept on its own but we refuse, and what jose would refuse on its own but AWS's verifier accepts.
 */
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyJwt, verifySignature, type Jwks, type KeySetSource } from '../../../src/core/jwt/index';
import { ok } from '../../../src/core/result';
import { claims, CLIENT_ID, ISSUER, jwks, newKey, NOW_MS, sign, signRaw } from './keys';

const expect0 = { issuer: ISSUER, clientIds: [CLIENT_ID], nowMs: NOW_MS };
const source = (set: Jwks): KeySetSource => async () => ok(set);

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
