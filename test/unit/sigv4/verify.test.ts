/**
 * The verifier's rules one by one: clock skew, presigned expiry, scope, missing and incomplete
 * signatures, algorithms, and the AWS errors they become.
 */
import { describe, expect, it } from 'vitest';
import {
  parseSigV4,
  sigV4FailureToAwsError,
  verifySigV4,
  SIGNATURE_MISMATCH_MESSAGE,
  type SigV4Request,
  type VerifyOptions,
} from '../../../src/core/sigv4';
import { amzDateOf, sha256Hex, signHeaderForm } from './support';

const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const BODY = 'Action=ListUsers&Version=2010-05-08';
const SIGNED_AT = new Date('2015-08-30T12:36:00Z');
const SIG = 'a'.repeat(64);

const unsigned: SigV4Request = {
  method: 'POST',
  path: '/',
  query: '',
  headers: [
    ['Host', 'iam.amazonaws.com'],
    ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
  ],
};

const signed = (at = SIGNED_AT, over: Partial<Parameters<typeof signHeaderForm>[1]> = {}) =>
  signHeaderForm(unsigned, { accessKeyId: AKID, secret: SECRET, amzDate: amzDateOf(at), region: 'us-east-1', service: 'iam', body: BODY, ...over });

function check(req: SigV4Request, now: Date, extra: Partial<VerifyOptions> = {}) {
  const parsed = parseSigV4(req);
  if (!parsed.ok) return parsed;
  return verifySigV4({ request: req, parsed: parsed.value, secretAccessKey: SECRET, bodySha256Hex: sha256Hex(BODY), now, ...extra } as VerifyOptions);
}

/** The AWS error a failed step becomes (or undefined when it passed). */
const awsError = (r: ReturnType<typeof check>) => (r.ok ? undefined : sigV4FailureToAwsError(r.error));

const plus = (ms: number) => new Date(SIGNED_AT.getTime() + ms);
const MIN = 60_000;

describe('clock skew (header form)', () => {
  it('accepts a request 4 min 59 s old or 4 min 59 s in the future', () => {
    expect(check(signed(), plus(4 * MIN + 59_000)).ok).toBe(true);
    expect(check(signed(), plus(-(4 * MIN + 59_000))).ok).toBe(true);
  });

  it('accepts exactly 5 minutes either way (AWS refuses only "earlier than" now − 5 min)', () => {
    expect(check(signed(), plus(5 * MIN)).ok).toBe(true);
    expect(check(signed(), plus(-5 * MIN)).ok).toBe(true);
  });

  it('refuses a request 5 min 01 s old with AWS\'s "Signature expired" message', () => {
    expect(awsError(check(signed(), new Date('2015-08-30T12:41:01Z')))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)',
    });
  });

  it('refuses a request 5 min 01 s in the future with "Signature not yet current"', () => {
    expect(awsError(check(signed(), new Date('2015-08-30T12:30:59Z')))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: 'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T123059Z + 5 min.)',
    });
  });

  it('takes a wider window when asked (STS answers with 15 min)', () => {
    expect(check(signed(), plus(14 * MIN), { clockSkewSeconds: 900 }).ok).toBe(true);
    expect(awsError(check(signed(), plus(16 * MIN), { clockSkewSeconds: 900 }))?.message).toContain('(20150830T125200Z - 15 min.)');
  });
});

describe('Date header instead of X-Amz-Date', () => {
  it('verifies a request that carries its time in an RFC 1123 Date header', () => {
    const req = signed(SIGNED_AT, { dateHeader: 'Sun, 30 Aug 2015 12:36:00 GMT' });
    expect(req.headers.some(([n]) => n === 'X-Amz-Date')).toBe(false);
    const r = check(req, SIGNED_AT);
    expect(r.ok && r.value.signedAt).toEqual(SIGNED_AT);
  });

  it('refuses a Date that is neither RFC 1123 nor ISO 8601 basic', () => {
    const r = check(signed(SIGNED_AT, { dateHeader: '2015-08-30 12:36' }), SIGNED_AT);
    expect(awsError(r)).toMatchObject({ code: 'IncompleteSignature', status: 400 });
  });
});

describe('presigned URLs', () => {
  const presigned = (params: Record<string, string>): SigV4Request => ({
    method: 'GET',
    path: '/',
    query: new URLSearchParams({
      Action: 'ListUsers',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${AKID}/20150830/us-east-1/iam/aws4_request`,
      'X-Amz-Date': '20150830T123600Z',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': SIG,
      ...params,
    }).toString(),
    headers: [['Host', 'iam.amazonaws.com']],
  });
  const parseError = (params: Record<string, string>) => {
    const p = parseSigV4(presigned(params));
    return p.ok ? undefined : p.error;
  };

  it.each(['0', '604801', '1.5', '-1', '', '1e3', ' 60', '0x10'])('refuses X-Amz-Expires=%j', (expires) => {
    const e = parseError({ 'X-Amz-Expires': expires });
    expect(e?.reason).toBe('bad-expires');
    expect(sigV4FailureToAwsError(e!)).toMatchObject({ code: 'IncompleteSignature', status: 400 });
  });

  it.each(['1', '900', '604800'])('accepts X-Amz-Expires=%s', (expires) => {
    const p = parseSigV4(presigned({ 'X-Amz-Expires': expires }));
    expect(p.ok && p.value.expiresSeconds).toBe(Number(expires));
  });

  it('refuses an expired URL with AWS\'s "Signature expired" wording, and one dated in the future', () => {
    const req = presigned({ 'X-Amz-Expires': '60' });
    expect(awsError(check(req, new Date('2015-08-30T12:37:01Z')))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123701Z - 1 min.)',
    });
    expect(check(req, new Date('2015-08-30T12:30:00Z')).ok ? 'ok' : 'refused').toBe('refused');
    // Within its lifetime the time checks pass and only the (fake) signature is wrong.
    const inTime = check(req, new Date('2015-08-30T12:37:00Z'));
    expect(inTime.ok ? undefined : inTime.error.reason).toBe('signature-mismatch');
  });

  it('lists every missing X-Amz-* parameter in one IncompleteSignature message', () => {
    const p = parseSigV4({ ...presigned({}), query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256&Action=ListUsers' });
    expect(p.ok ? undefined : sigV4FailureToAwsError(p.error)).toMatchObject({
      code: 'IncompleteSignature',
      status: 400,
      message:
        "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. " +
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. " +
        'Re-examine the query-string parameters.',
    });
  });

  it('refuses an algorithm other than AWS4-HMAC-SHA256', () => {
    expect(parseError({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA512' })?.reason).toBe('unsupported-algorithm');
  });

  it('refuses a request carrying both an Authorization header and presigned parameters', () => {
    const req = presigned({});
    const p = parseSigV4({ ...req, headers: [...req.headers, ['Authorization', 'AWS4-HMAC-SHA256 Credential=x']] });
    expect(p.ok ? undefined : p.error.reason).toBe('ambiguous');
  });
});

describe('credential scope', () => {
  it('refuses a scope date that is not the day of X-Amz-Date', () => {
    const req = signed();
    const headers = req.headers.map(([n, v]): [string, string] => [n, n === 'Authorization' ? v.replace('/20150830/', '/20150829/') : v]);
    expect(awsError(check({ ...req, headers }, SIGNED_AT))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'.",
    });
  });

  it('refuses the wrong service and region when they are expected, in one message', () => {
    expect(awsError(check(signed(), SIGNED_AT, { expectedService: 'sts', expectedRegion: 'eu-west-1' }))?.message).toBe(
      "Credential should be scoped to a valid region, not 'us-east-1'. Credential should be scoped to correct service: 'sts'.",
    );
    expect(check(signed(), SIGNED_AT, { expectedService: 'iam', expectedRegion: 'us-east-1' }).ok).toBe(true);
  });

  it('refuses a terminator other than aws4_request', () => {
    const p = parseSigV4({ ...unsigned, headers: [...unsigned.headers, ['X-Amz-Date', '20150830T123600Z'], ['Authorization', `AWS4-HMAC-SHA256 Credential=${AKID}/20150830/us-east-1/iam/aws5_request, SignedHeaders=host, Signature=${SIG}`]] });
    expect(p.ok ? undefined : sigV4FailureToAwsError(p.error).message).toBe("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.");
  });

  it('refuses a credential without exactly five parts', () => {
    const p = parseSigV4({ ...unsigned, headers: [...unsigned.headers, ['X-Amz-Date', '20150830T123600Z'], ['Authorization', `AWS4-HMAC-SHA256 Credential=${AKID}/20150830/iam/aws4_request, SignedHeaders=host, Signature=${SIG}`]] });
    expect(p.ok ? undefined : sigV4FailureToAwsError(p.error)).toMatchObject({ code: 'IncompleteSignature', status: 400 });
  });
});

describe('missing and incomplete signatures', () => {
  const withAuth = (auth: string, date = true): SigV4Request => ({
    ...unsigned,
    headers: [...unsigned.headers, ...(date ? [['X-Amz-Date', '20150830T123600Z'] as [string, string]] : []), ['Authorization', auth]],
  });
  const errorOf = (req: SigV4Request) => {
    const p = parseSigV4(req);
    return p.ok ? undefined : sigV4FailureToAwsError(p.error);
  };
  const full = { Credential: `${AKID}/20150830/us-east-1/iam/aws4_request`, SignedHeaders: 'host;x-amz-date', Signature: SIG };
  const without = (k: keyof typeof full) =>
    'AWS4-HMAC-SHA256 ' + Object.entries(full).filter(([key]) => key !== k).map(([key, v]) => `${key}=${v}`).join(', ');

  it('answers a request without any signature with MissingAuthenticationToken', () => {
    expect(errorOf(unsigned)).toMatchObject({ code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' });
  });

  it.each([
    ['Credential', "Authorization header requires 'Credential' parameter."],
    ['SignedHeaders', "Authorization header requires 'SignedHeaders' parameter."],
    ['Signature', "Authorization header requires 'Signature' parameter."],
  ] as const)('answers a header without %s with IncompleteSignature', (part, message) => {
    expect(errorOf(withAuth(without(part)))).toMatchObject({ code: 'IncompleteSignature', status: 400, message });
  });

  it('answers a header without a date with IncompleteSignature', () => {
    expect(errorOf(withAuth(without('Signature'), false))?.message).toContain(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  });

  it('lists every missing part, in AWS\'s order, for a header that is not SigV4 at all', () => {
    expect(errorOf(withAuth('mock', false))).toMatchObject({
      code: 'IncompleteSignature',
      message:
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    });
  });

  it('refuses a component that is not key=value', () => {
    expect(errorOf(withAuth(`AWS4-HMAC-SHA256 ${full.Credential}, SignedHeaders=host, Signature=${SIG}`))?.message).toMatch(/not a valid key=value pair/);
  });

  it.each(['AWS4-HMAC-SHA512', 'AWS4-ECDSA-P256-SHA256'])('refuses the algorithm %s', (alg) => {
    expect(errorOf(withAuth(without('Credential').replace('AWS4-HMAC-SHA256', alg) + `, Credential=${full.Credential}`))).toMatchObject({
      code: 'IncompleteSignature',
      message: `Unsupported AWS 'algorithm': '${alg}'`,
    });
  });

  it('accepts comma-only separators (no spaces)', () => {
    const p = parseSigV4(withAuth(`AWS4-HMAC-SHA256 Credential=${full.Credential},SignedHeaders=host,Signature=${SIG}`));
    expect(p.ok).toBe(true);
  });

  it('refuses a malformed X-Amz-Date', () => {
    const req = withAuth(without('Credential') + `, Credential=${full.Credential}`, false);
    const p = parseSigV4({ ...req, headers: [...req.headers, ['X-Amz-Date', '2015-08-30T12:36:00Z']] });
    expect(p.ok ? undefined : sigV4FailureToAwsError(p.error).message).toBe(
      "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  it('refuses a signature that is not 64 lower-case hex digits with the generic mismatch', () => {
    expect(errorOf(withAuth(without('Signature') + `, Signature=${SIG.toUpperCase()}`))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: SIGNATURE_MISMATCH_MESSAGE,
    });
  });
});

describe('signed content', () => {
  it('refuses a request that does not sign host', () => {
    const req = signHeaderForm({ ...unsigned, headers: [['Content-Type', 'text/plain']] }, { accessKeyId: AKID, secret: SECRET, amzDate: '20150830T123600Z', region: 'us-east-1', service: 'iam', body: BODY });
    expect(awsError(check(req, SIGNED_AT))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it('refuses a signed x-amz-content-sha256 that is not the hash of the received body', () => {
    const req = signHeaderForm({ ...unsigned, headers: [...unsigned.headers, ['x-amz-content-sha256', sha256Hex('other')]] }, { accessKeyId: AKID, secret: SECRET, amzDate: '20150830T123600Z', region: 'us-east-1', service: 'iam', body: 'other' });
    const r = check(req, SIGNED_AT);
    expect(r.ok ? undefined : r.error.reason).toBe('payload-hash-mismatch');
    expect(awsError(r)?.message).toBe(SIGNATURE_MISMATCH_MESSAGE);
  });

  it('returns the session token and signing time of a verified request', () => {
    const r = check(signed(SIGNED_AT, { sessionToken: 'tok' }), SIGNED_AT);
    expect(r.ok && r.value).toEqual({ accessKeyId: AKID, scope: { date: '20150830', region: 'us-east-1', service: 'iam' }, signedAt: SIGNED_AT, form: 'header', sessionToken: 'tok' });
  });

  it('verifies with a precomputed signing key instead of the secret', async () => {
    const { deriveSigningKey } = await import('../../../src/core/sigv4');
    const req = signed();
    const parsed = parseSigV4(req);
    if (!parsed.ok) throw new Error('unparsable');
    const r = verifySigV4({ request: req, parsed: parsed.value, signingKey: deriveSigningKey(SECRET, '20150830', 'us-east-1', 'iam'), bodySha256Hex: sha256Hex(BODY), now: SIGNED_AT });
    expect(r.ok).toBe(true);
  });
});
