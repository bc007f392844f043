/**
 * AWS's SigV4 suite (aws-c-auth v4, 38 cases) in both forms: every stage against the expected text,
 * then the verifier end to end, then three tamperings that must each fail. All of it twice: with the
 * core's default SHA-256 provider (@noble/hashes, no `hash` option given, the Worker's) and with Node's
 * native one (test/support/node-sha256.ts, node:crypto).
 */
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../../src/core/bytes';
import {
  canonicalRequest,
  deriveSigningKey,
  hashCanonicalRequest,
  nobleSha256,
  parseSigV4,
  SigningKeyCache,
  sigV4FailureToAwsError,
  stringToSign,
  verifySigV4,
  type Sha256Provider,
  type SigV4Request,
} from '../../../src/core/sigv4';
import { nativeSha256 } from '../../support/node-sha256';
import vectors from '../../fixtures/sigv4/vectors.json';
import { firstAlnum, flipChar, parseRequestText, sha256Hex } from './support';

interface Expected {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  signedRequest: string;
}
interface VectorCase {
  name: string;
  context: {
    credentials: { access_key_id: string; secret_access_key: string; token?: string };
    normalize: boolean;
    region: string;
    service: string;
    sign_body: boolean;
    timestamp: string;
    omit_session_token?: boolean;
  };
  header: Expected;
  query: Expected;
}

const cases = vectors as VectorCase[];

/** `undefined`: no `hash` option anywhere, so every stage takes the core's default. */
const PROVIDERS: Array<[string, Sha256Provider | undefined]> = [
  ['default (noble)', undefined],
  ['native (node:crypto)', nativeSha256],
];

it('has all 38 cases of the suite', () => {
  expect(cases).toHaveLength(38);
});

describe.each(PROVIDERS)('%s provider', (_, hash) => {
  describe.each(cases)('vector $name', (c) => {
    const secret = c.context.credentials.secret_access_key;
    const now = new Date(c.context.timestamp);

    describe.each(['header', 'query'] as const)('%s form', (form) => {
      const expected = c[form];
      const req = parseRequestText(expected.signedRequest);
      const bodyHash = sha256Hex(req.body);
      const verify = (request: SigV4Request, opts: { secret?: string; bodyHash?: string; cache?: SigningKeyCache } = {}) => {
        const parsed = parseSigV4(request);
        if (!parsed.ok) return parsed;
        return verifySigV4({
          request,
          parsed: parsed.value,
          secretAccessKey: opts.secret ?? secret,
          bodySha256Hex: opts.bodyHash ?? bodyHash,
          now,
          ...(hash !== undefined ? { hash } : {}),
          ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
          normalizePath: c.context.normalize,
          expectedService: c.context.service,
          expectedRegion: c.context.region,
        });
      };

      it('parses, and rebuilds the canonical request, string to sign and signature', () => {
        const parsed = parseSigV4(req);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.form).toBe(form);
        expect(parsed.value.accessKeyId).toBe(c.context.credentials.access_key_id);
        expect(parsed.value.signature).toBe(expected.signature);
        const creq = canonicalRequest(req, parsed.value, {
          normalizePath: c.context.normalize,
          payloadHash: bodyHash,
          omitQuerySessionToken: form === 'query' && c.context.omit_session_token === true,
        });
        expect(creq).toBe(expected.canonicalRequest);
        const sts = stringToSign(parsed.value, hash === undefined ? hashCanonicalRequest(creq) : hashCanonicalRequest(creq, hash));
        expect(sts).toBe(expected.stringToSign);
        const { date, region, service } = parsed.value.scope;
        const key = hash === undefined ? deriveSigningKey(secret, date, region, service) : deriveSigningKey(secret, date, region, service, hash);
        expect(toHex((hash ?? nobleSha256).hmacSha256(key, utf8(sts)))).toBe(expected.signature);
      });

      it('verifies at the signing time', () => {
        const v = verify(req);
        expect(v.ok ? undefined : v.error).toBeUndefined();
        if (!v.ok) return;
        expect(v.value).toMatchObject({ accessKeyId: c.context.credentials.access_key_id, form, signedAt: now });
        const token = c.context.credentials.token;
        // The header form of post-sts-header-after and the query forms all carry the token somewhere.
        const carried = req.headers.some(([n]) => n.toLowerCase() === 'x-amz-security-token') || req.query.includes('X-Amz-Security-Token=');
        expect(v.value.sessionToken).toBe(carried ? token : undefined);
      });

      it('verifies through a signing-key cache built with the provider, twice (a hit reuses the keyed MAC)', () => {
        const cache = new SigningKeyCache(4, hash === undefined ? {} : { hash });
        for (let i = 0; i < 2; i++) {
          const v = verify(req, { cache });
          expect(v.ok ? undefined : v.error).toBeUndefined();
        }
        expect(cache.size).toBe(1);
      });

      const refused = (v: ReturnType<typeof verify>) => {
        expect(v.ok).toBe(false);
        if (!v.ok) expect(sigV4FailureToAwsError(v.error)).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
      };

      it('refuses a secret with one character flipped', () => {
        refused(verify(req, { secret: flipChar(secret, 3) }));
      });

      it('refuses a body with one character changed', () => {
        const body = req.body === '' ? 'x' : flipChar(req.body, firstAlnum(req.body));
        refused(verify(req, { bodyHash: sha256Hex(body) }));
      });

      it('refuses a signed header value with one character flipped', () => {
        const parsed = parseSigV4(req);
        if (!parsed.ok) throw new Error('unparsable');
        const target = parsed.value.signedHeaders.find((n) => n !== 'x-amz-date') ?? 'host';
        const at = req.headers.findIndex(([n]) => n.toLowerCase() === target);
        const headers = req.headers.map(([n, v], i): [string, string] => [n, i === at ? flipChar(v, firstAlnum(v)) : v]);
        refused(verify({ ...req, headers }));
      });
    });
  });
});
