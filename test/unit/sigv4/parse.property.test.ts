/**
 * Property tests: the parser and verifier are total on hostile input. Thousands of random and
 * half-valid Authorization headers, query strings and dates never throw, and every failure becomes a
 * well-formed AWS error that never echoes the signature.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EMPTY_SHA256_HEX,
  SIGV4_ERROR_CODES,
  canonicalRequest,
  parseSigV4,
  sigV4FailureToAwsError,
  verifySigV4,
  type SigV4Failure,
  type SigV4Request,
} from '../../../src/core/sigv4';

const RUNS = 3000;
/** A signature planted in the Signature / X-Amz-Signature positions: no message may ever contain it. */
const PLANTED = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + 'e'.repeat(8);

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const piece = fc.oneof(
  text,
  fc.constantFrom('AKIDEXAMPLE', '20150830', 'us-east-1', 'iam', 'aws4_request', 'host', 'x-amz-date', '/', '=', ',', ';', '%', '%2F', '+', '', ' '),
);
const credential = fc.array(piece, { maxLength: 7 }).map((p) => p.join('/'));
const component = fc.oneof(
  fc.constant(`Signature=${PLANTED}`),
  fc.tuple(fc.constantFrom('Credential', 'SignedHeaders', 'Signature', 'credential', 'X'), fc.oneof(credential, piece)).map(([k, v]) => `${k}=${v}`),
  piece,
);
const separator = fc.constantFrom(', ', ',', ' ', '\t', ',,', ' , ');
const authorization = fc.oneof(
  text,
  fc
    .tuple(fc.constantFrom('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512', 'AWS4-ECDSA-P256-SHA256', 'Bearer', '', 'aws4-hmac-sha256'), fc.array(component, { maxLength: 5 }), separator)
    .map(([alg, comps, sep]) => `${alg} ${comps.join(sep)}`),
);
const amzDate = fc.oneof(
  text,
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString().replace(/[-:]|\.\d{3}/g, '')),
  fc.constantFrom('20150830T123600Z', '20150230T123600Z', '20151330T123600Z', '20150830T246000Z', 'Sun, 30 Aug 2015 12:36:00 GMT', 'Sun, 31 Feb 2015 12:36:00 GMT'),
);
const queryParam = fc.oneof(fc.constant(['X-Amz-Signature', PLANTED] as [string, string]), fc.tuple(
  fc.oneof(
    fc.constantFrom('X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token', 'X-Amz-Signatur%65', 'toString', '__proto__', 'constructor'),
    text,
  ),
  fc.oneof(piece, credential, amzDate, fc.constantFrom('AWS4-HMAC-SHA256', '0', '604800', '604801', '1.5', '-1')),
));
const query = fc.oneof(
  text,
  fc.array(queryParam, { maxLength: 8 }).map((ps) => ps.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%25/g, () => (Math.random() < 0.5 ? '%' : '%25'))}`).join('&')),
  fc.array(queryParam, { maxLength: 8 }).map((ps) => ps.map(([k, v]) => `${k}=${v}`).join('&')),
);
const headerName = fc.oneof(fc.constantFrom('Authorization', 'authorization', 'X-Amz-Date', 'Date', 'x-amz-security-token', 'Host', 'x-amz-content-sha256'), text);
const request: fc.Arbitrary<SigV4Request> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', ''),
    path: fc.oneof(fc.constantFrom('/', '', '/a/../..', '//x//'), text),
    query,
    auth: fc.option(authorization),
    date: fc.option(amzDate),
    dateHeader: fc.constantFrom('X-Amz-Date', 'Date'),
    extra: fc.array(fc.tuple(headerName, fc.oneof(text, piece)), { maxLength: 4 }),
  })
  .map(({ method, path, query, auth, date, dateHeader, extra }) => ({
    method,
    path,
    query,
    headers: [
      ['Host', 'iam.amazonaws.com'] as const,
      ...(date !== null ? [[dateHeader, date] as const] : []),
      ...(auth !== null ? [['Authorization', auth] as const] : []),
      ...extra,
    ],
  }));

function wellFormed(f: SigV4Failure): void {
  const e = sigV4FailureToAwsError(f);
  expect(SIGV4_ERROR_CODES).toContain(e.code);
  expect([400, 403]).toContain(e.status);
  expect(e.type).toBe('Sender');
  expect(e.message.length).toBeGreaterThan(0);
  expect(e.message).not.toContain(PLANTED);
}

describe('parseSigV4 on hostile input', () => {
  it('never throws; gives a sane ParsedAuth or a failure that maps to a well-formed AwsError', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = parseSigV4(req);
        if (r.ok) {
          expect(r.value.signature).toMatch(/^[0-9a-f]{64}$/);
          expect(r.value.amzDate).toMatch(/^\d{8}T\d{6}Z$/);
          expect(r.value.signedHeaders.length).toBeGreaterThan(0);
          expect(r.value.accessKeyId.length).toBeGreaterThan(0);
          // Later stages are total too.
          canonicalRequest(req, r.value, { normalizePath: true, payloadHash: EMPTY_SHA256_HEX });
          const v = verifySigV4({ request: req, parsed: r.value, secretAccessKey: 'secret', bodySha256Hex: EMPTY_SHA256_HEX, now: new Date('2015-08-30T12:36:00Z') });
          if (!v.ok) wellFormed(v.error);
        } else {
          wellFormed(r.error);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on an arbitrary Authorization header alone', () => {
    fc.assert(
      fc.property(authorization, amzDate, (auth, date) => {
        const r = parseSigV4({ method: 'GET', path: '/', query: '', headers: [['Host', 'h'], ['X-Amz-Date', date], ['Authorization', auth]] });
        if (!r.ok) wellFormed(r.error);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on an arbitrary presigned query alone', () => {
    fc.assert(
      fc.property(query, (q) => {
        const r = parseSigV4({ method: 'GET', path: '/', query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256&' + q, headers: [['Host', 'h']] });
        if (!r.ok) wellFormed(r.error);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on one-character mutations of a valid header (and often parses, reaching verify)', () => {
    const valid = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${PLANTED}`;
    let parsedOk = 0;
    fc.assert(
      fc.property(fc.nat(valid.length), fc.constantFrom('delete', 'insert', 'replace'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }), (at, op, ch) => {
        const auth = op === 'delete' ? valid.slice(0, at) + valid.slice(at + 1) : valid.slice(0, at) + ch + valid.slice(op === 'insert' ? at : at + 1);
        const req: SigV4Request = { method: 'POST', path: '/', query: '', headers: [['Host', 'h'], ['X-Amz-Date', '20150830T123600Z'], ['Authorization', auth]] };
        const r = parseSigV4(req);
        if (!r.ok) return wellFormed(r.error);
        parsedOk++;
        const v = verifySigV4({ request: req, parsed: r.value, secretAccessKey: 'secret', bodySha256Hex: EMPTY_SHA256_HEX, now: new Date('2015-08-30T12:36:00Z') });
        expect(v.ok).toBe(false);
        if (!v.ok) wellFormed(v.error);
      }),
      { numRuns: RUNS },
    );
    expect(parsedOk).toBeGreaterThan(RUNS / 10);
  });
});
