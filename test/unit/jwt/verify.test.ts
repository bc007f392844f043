/**
 * JWT verification (core/jwt) against tokens signed by jose with keys generated in the test: every
 * accepted algorithm, and a refusal for every check (RFC 7515/7517/7518/7519, OpenID Connect Core §3.1.3.7),
 * mapped to AssumeRoleWithWebIdentity's errors.
 */
import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import {
  jwtFailureToAwsError,
  verifyJwt,
  type JwtFailure,
  type KeySetSource,
  type Jwks,
} from '../../../src/core/jwt/index';
import { err, ok, type Result } from '../../../src/core/result';
import { b64url, claims, CLIENT_ID, ISSUER, jwks, newKey, NOW, NOW_MS, sign, signRaw, type TestKey } from './keys';

const expect0 = { issuer: ISSUER, clientIds: [CLIENT_ID], nowMs: NOW_MS };

/** A key source over fixed sets: the first answers `refresh=false`, the second (if any) `refresh=true`. */
function source(first: Jwks, second: Jwks = first) {
  const fn = vi.fn<KeySetSource>(async (refresh) => ok(refresh ? second : first));
  return fn;
}

async function failure(token: string, set: Jwks, expect1 = expect0): Promise<JwtFailure> {
  const r = await verifyJwt(token, expect1, source(set));
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

describe('verifyJwt: accepted algorithms', () => {
  for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384']) {
    it(`verifies a ${alg} token signed by jose`, async () => {
      const key = await newKey(alg);
      const r = await verifyJwt(await sign(key), expect0, source(jwks(key)));
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value.header.alg).toBe(alg);
        expect(r.value.valid).toMatchObject({ iss: ISSUER, sub: 'repo:octo/app:ref:refs/heads/main', aud: [CLIENT_ID], audience: CLIENT_ID });
        expect(r.value.key.kid).toBe(key.kid);
      }
    });
  }

  it('uses the only fitting key when the token has no kid, and tries each fitting key (kid-less rotation)', async () => {
    const a = await newKey('ES256', 'a', { bare: true });
    const b = await newKey('ES256', 'b', { bare: true });
    const rsa = await newKey('RS256', 'r');
    const token = await signRaw(b, { alg: 'ES256' }, claims());
    expect((await verifyJwt(token, expect0, source(jwks(b)))).ok).toBe(true);
    expect((await verifyJwt(token, expect0, source(jwks(rsa, a, b)))).ok).toBe(true);
  });

  it('accepts JWKs without alg/use, and an audience array or an azp naming a client id', async () => {
    const key = await newKey('RS256', 'k', { bare: true });
    expect((await verifyJwt(await sign(key, claims({ aud: ['other', CLIENT_ID] })), expect0, source(jwks(key)))).ok).toBe(true);
    const r = await verifyJwt(await sign(key, claims({ aud: 'server-app', azp: CLIENT_ID })), expect0, source(jwks(key)));
    expect(r.ok && r.value.valid).toMatchObject({ azp: CLIENT_ID, aud: ['server-app'], audience: CLIENT_ID });
  });

  it('tolerates clock skew up to 60 s for nbf and iat, none for exp', async () => {
    const key = await newKey('ES256');
    const set = jwks(key);
    expect((await verifyJwt(await sign(key, claims({ nbf: NOW + 60, iat: NOW + 60 })), expect0, source(set))).ok).toBe(true);
    expect((await verifyJwt(await sign(key, claims({ exp: NOW + 1 })), expect0, source(set))).ok).toBe(true);
    expect(await failure(await sign(key, claims({ exp: NOW })), set)).toEqual({ reason: 'expired', now: NOW, exp: NOW });
  });
});

describe('verifyJwt: refusals', () => {
  it('wrong audience → InvalidIdentityToken "Incorrect token audience"', async () => {
    const key = await newKey('RS256');
    const f = await failure(await sign(key, claims({ aud: 'someone-else' })), jwks(key));
    expect(f).toEqual({ reason: 'wrong-audience' });
    const e = jwtFailureToAwsError(f);
    expect([e.code, e.message, e.status]).toEqual(['InvalidIdentityToken', 'Incorrect token audience', 400]);
  });

  it('azp takes precedence: an azp that is not a client id is refused even if aud matches', async () => {
    const key = await newKey('RS256');
    expect(await failure(await sign(key, claims({ aud: CLIENT_ID, azp: 'android-app' })), jwks(key))).toEqual({ reason: 'wrong-audience' });
    expect(await failure(await sign(key, claims()), jwks(key), { ...expect0, clientIds: [] })).toEqual({ reason: 'wrong-audience' });
  });

  it('wrong issuer → no key is fetched, InvalidIdentityToken "No OpenIDConnect provider found…"', async () => {
    const key = await newKey('ES256');
    const keys = source(jwks(key));
    const r = await verifyJwt(await sign(key, claims({ iss: 'https://evil.example' })), expect0, keys);
    expect(r.ok ? null : r.error).toEqual({ reason: 'wrong-issuer', issuer: 'https://evil.example' });
    expect(keys).not.toHaveBeenCalled();
    expect(jwtFailureToAwsError(r.ok ? (null as never) : r.error).message).toBe('No OpenIDConnect provider found in your account for https://evil.example');
  });

  it('expired → ExpiredTokenException with AWS wording', async () => {
    const key = await newKey('ES256');
    const f = await failure(await sign(key, claims({ exp: NOW - 5 })), jwks(key));
    const e = jwtFailureToAwsError(f);
    expect([e.code, e.status]).toEqual(['ExpiredTokenException', 400]);
    expect(e.message).toBe(`Token expired: current date/time ${NOW} must be before the expiration date/time ${NOW - 5}`);
  });

  it('nbf or iat in the future beyond the leeway → ExpiredTokenException', async () => {
    const key = await newKey('ES256');
    expect(await failure(await sign(key, claims({ nbf: NOW + 61 })), jwks(key))).toEqual({ reason: 'not-yet-valid', now: NOW, nbf: NOW + 61 });
    expect(await failure(await sign(key, claims({ iat: NOW + 3600 })), jwks(key))).toEqual({ reason: 'issued-in-future', now: NOW, iat: NOW + 3600 });
    expect(jwtFailureToAwsError({ reason: 'not-yet-valid', now: 1, nbf: 2 }).code).toBe('ExpiredTokenException');
  });

  it('missing or mistyped required claims → InvalidIdentityToken naming the claim', async () => {
    const key = await newKey('ES256');
    for (const [claim, value] of [['exp', undefined], ['exp', '1800000000'], ['sub', undefined], ['sub', 42], ['aud', undefined], ['aud', []], ['iss', undefined]] as const) {
      const payload = claims({ [claim]: value });
      if (value === undefined) delete payload[claim];
      const f = await failure(await sign(key, payload), jwks(key));
      expect(f).toEqual({ reason: 'missing-claim', claim });
      expect(jwtFailureToAwsError(f).message).toBe(`The token has no valid ${claim} claim.`);
    }
  });

  it('a sub longer than 255 characters (or empty) → IDPRejectedClaim 403', async () => {
    const key = await newKey('ES256');
    for (const sub of ['', 'x'.repeat(256)]) {
      const f = await failure(await sign(key, claims({ sub })), jwks(key));
      expect(f.reason).toBe('invalid-claim');
      const e = jwtFailureToAwsError(f);
      expect([e.code, e.status]).toEqual(['IDPRejectedClaim', 403]);
    }
    const ok255 = await verifyJwt(await sign(key, claims({ sub: 'x'.repeat(255) })), expect0, source(jwks(key)));
    expect(ok255.ok).toBe(true);
  });

  it('a tampered payload or signature → bad-signature', async () => {
    const key = await newKey('RS256');
    const [h, , s] = (await sign(key)).split('.');
    const forged = `${h}.${b64url(JSON.stringify(claims({ sub: 'admin' })))}.${s}`;
    expect((await failure(forged, jwks(key))).reason).toBe('bad-signature');
    const [h2, p2, s2] = (await sign(key)).split('.');
    const flipped = `${h2}.${p2}.${s2!.startsWith('A') ? 'B' : 'A'}${s2!.slice(1)}`;
    expect((await failure(flipped, jwks(key))).reason).toBe('bad-signature');
    expect(jwtFailureToAwsError({ reason: 'bad-signature', detail: 'd' }).code).toBe('InvalidIdentityToken');
  });

  it('signed by another key under the same kid → bad-signature; an ES256 signature of the wrong length too', async () => {
    const real = await newKey('ES256', 'k1');
    const attacker = await newKey('ES256', 'k1');
    expect((await failure(await sign(attacker), jwks(real))).reason).toBe('bad-signature');
    const [h, p] = (await sign(real)).split('.');
    expect((await failure(`${h}.${p}.${b64url(new Uint8Array(63))}`, jwks(real))).reason).toBe('bad-signature');
  });

  it('alg "none" and unsigned tokens are refused before any key is fetched', async () => {
    const keys = source(jwks());
    const none = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims()))}.`;
    const r = await verifyJwt(none, expect0, keys);
    expect(r.ok ? null : r.error.reason).toBe('unsupported-algorithm');
    const unsigned = `${b64url(JSON.stringify({ alg: 'RS256', kid: 'k' }))}.${b64url(JSON.stringify(claims()))}.`;
    expect((await failure(unsigned, jwks(await newKey('RS256', 'k')))).reason).toBe('bad-signature');
    expect(keys).not.toHaveBeenCalled();
  });

  it('HS256 with the public key as the HMAC secret (algorithm confusion) → unsupported-algorithm', async () => {
    const key = await newKey('RS256', 'k');
    const secret = new TextEncoder().encode(JSON.stringify(key.jwk));
    const hs = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'k' }).sign(secret);
    const f = await failure(hs, jwks(key));
    expect(f.reason).toBe('unsupported-algorithm');
    expect(jwtFailureToAwsError(f).code).toBe('InvalidIdentityToken');
    const hs512 = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).sign(new Uint8Array(64));
    expect((await failure(hs512, jwks(key))).reason).toBe('unsupported-algorithm');
  });

  it('alg/kty mismatches, key alg/use/key_ops and weak RSA keys → key-mismatch', async () => {
    const rsa = await newKey('RS256', 'k');
    const ec = await newKey('ES256', 'k');
    expect((await failure(await sign(ec), jwks(rsa))).reason).toBe('key-mismatch');
    const es384 = await newKey('ES384', 'k');
    expect((await failure(await sign(es384), jwks(ec))).reason).toBe('key-mismatch');
    const ps = await newKey('PS256', 'k', { bare: true });
    const psToken = await sign(ps);
    expect((await failure(psToken, jwks({ ...ps.jwk, alg: 'RS256' }))).reason).toBe('key-mismatch');
    expect((await failure(psToken, jwks({ ...ps.jwk, use: 'enc' }))).reason).toBe('key-mismatch');
    expect((await failure(psToken, jwks({ ...ps.jwk, key_ops: ['sign'] }))).reason).toBe('key-mismatch');
    const weak = await newKey('RS256', 'weak', { modulusLength: 1024 });
    // jose refuses to sign with a 1024-bit key, so this one token is signed with WebCrypto directly.
    const input = `${b64url(JSON.stringify({ alg: 'RS256', kid: 'weak' }))}.${b64url(JSON.stringify(claims()))}`;
    const sig = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', weak.privateKey, new TextEncoder().encode(input)));
    const f = await failure(`${input}.${b64url(sig)}`, jwks(weak));
    expect(f).toEqual({ reason: 'key-mismatch', detail: 'The RSA key is shorter than 2048 bits.' });
  });

  it('a header with crit is refused (RFC 7515 §4.1.11)', async () => {
    const key = await newKey('ES256', 'k');
    const token = await signRaw(key, { alg: 'ES256', kid: 'k', b64: true, crit: ['b64'] }, claims());
    expect((await failure(token, jwks(key))).reason).toBe('unsupported-critical-header');
  });

  it('malformed tokens → InvalidIdentityToken', async () => {
    const key = await newKey('ES256', 'k');
    const good = await sign(key);
    const [h, p, s] = good.split('.') as [string, string, string];
    const cases = [
      'not-a-jwt',
      `${h}.${p}`,
      `${h}.${p}.${s}.x.y`,
      `${h}*.${p}.${s}`,
      `${h}.${p}==.${s}`,
      `${b64url('not json')}.${p}.${s}`,
      `${b64url('[1]')}.${p}.${s}`,
      `${b64url('{"kid":"k"}')}.${p}.${s}`,
      `${b64url('{"alg":"ES256","kid":7}')}.${p}.${s}`,
      `${h}.${b64url('"a string"')}.${s}`,
      `${h}.${b64url(new Uint8Array([0xff, 0xfe]))}.${s}`,
      `.${p}.${s}`,
    ];
    for (const t of cases) {
      const f = await failure(t, jwks(key));
      expect(f.reason, t).toBe('malformed');
      expect(jwtFailureToAwsError(f).code).toBe('InvalidIdentityToken');
    }
  });
});

describe('verifyJwt: key rotation', () => {
  it('refetches the set once when no key has the token kid, and verifies with the new key', async () => {
    const old = await newKey('RS256', 'old');
    const rotated = await newKey('RS256', 'new');
    const keys = source(jwks(old), jwks(old, rotated));
    const r = await verifyJwt(await sign(rotated), expect0, keys);
    expect(r.ok).toBe(true);
    expect(keys.mock.calls.map((c) => c[0])).toEqual([false, true]);
  });

  it('a kid still unknown after the refetch → InvalidIdentityToken "Couldn\'t retrieve verification key…"', async () => {
    const old = await newKey('RS256', 'old');
    const stranger = await newKey('RS256', 'stranger');
    const keys = source(jwks(old));
    const f = await verifyJwt(await sign(stranger), expect0, keys);
    expect(f.ok ? null : f.error.reason).toBe('no-matching-key');
    expect(keys).toHaveBeenCalledTimes(2);
    expect(jwtFailureToAwsError(f.ok ? (null as never) : f.error).message).toBe(
      "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
    );
  });

  it('does not refetch when the kid is known (a bad signature is not a rotation)', async () => {
    const key = await newKey('ES256', 'k');
    const other = await newKey('ES256', 'k');
    const keys = source(jwks(key));
    await verifyJwt(await sign(other), expect0, keys);
    expect(keys).toHaveBeenCalledTimes(1);
  });

  it('passes key-source failures through (IDPCommunicationError, InvalidIdentityToken)', async () => {
    const key = await newKey('ES256', 'k');
    const down: KeySetSource = async () => err({ reason: 'idp-unreachable', detail: 'no answer within 5000 ms (idp)' }) as Result<Jwks, JwtFailure>;
    const r = await verifyJwt(await sign(key), expect0, down);
    const e = jwtFailureToAwsError(r.ok ? (null as never) : r.error);
    expect([e.code, e.status]).toEqual(['IDPCommunicationError', 400]);
  });
});

describe('jwtFailureToAwsError', () => {
  it('maps every reason to one of the four AssumeRoleWithWebIdentity codes, with the model statuses', () => {
    const all: JwtFailure[] = [
      { reason: 'malformed', detail: 'm' },
      { reason: 'unsupported-algorithm', detail: 'a' },
      { reason: 'unsupported-critical-header', detail: 'c' },
      { reason: 'wrong-issuer', issuer: 'https://x' },
      { reason: 'no-matching-key', detail: 'k' },
      { reason: 'key-mismatch', detail: 'k' },
      { reason: 'bad-signature', detail: 's' },
      { reason: 'missing-claim', claim: 'sub' },
      { reason: 'invalid-claim', claim: 'sub', detail: 'too long' },
      { reason: 'wrong-audience' },
      { reason: 'expired', now: 2, exp: 1 },
      { reason: 'not-yet-valid', now: 1, nbf: 200 },
      { reason: 'issued-in-future', now: 1, iat: 200 },
      { reason: 'idp-unreachable', detail: 'timeout' },
      { reason: 'keys-unavailable', detail: '404' },
    ];
    const codes = all.map((f) => {
      const e = jwtFailureToAwsError(f);
      expect(e.type).toBe('Sender');
      expect(e.status).toBe(e.code === 'IDPRejectedClaim' ? 403 : 400);
      return e.code;
    });
    expect(new Set(codes)).toEqual(new Set(['InvalidIdentityToken', 'ExpiredTokenException', 'IDPRejectedClaim', 'IDPCommunicationError']));
    expect(codes[12]).toBe('ExpiredTokenException');
  });

  it('never echoes the token in a message', async () => {
    const key = await newKey('ES256', 'k');
    const token = await sign(key, claims({ aud: 'x' }));
    const r = await verifyJwt(token, expect0, source(jwks(key)));
    expect(jwtFailureToAwsError(r.ok ? (null as never) : r.error).message).not.toContain(token.split('.')[1]!);
  });
});

export type { TestKey };
