/**
 * The HTTPS transport's signer: the same Authorization as aws4fetch (an independent signer) for the same
 * request and time, and verified by core/sigv4's verifier (the IAM Worker's).
 */
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { parseSigV4, verifySigV4 } from '../../../src/core/sigv4';
import { amzDate, signedHeaders } from '../../../src/middleware/sign';

const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = Date.UTC(2026, 0, 2, 3, 4, 5);
const url = 'https://iam.example.com/decisions/v1/authorize';
const body = JSON.stringify({ service: 'acme', action: 'acme:GetProject', résumé: 'ü' });

describe('signedHeaders', () => {
  it('signs as aws4fetch does', async () => {
    const mine = signedHeaders({ method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body }, creds, 'us-east-1', 'iam', now);
    const theirs = await new AwsClient({ ...creds, service: 'iam', region: 'us-east-1' }).sign(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-content-sha256': mine['x-amz-content-sha256']! },
      body,
      aws: { datetime: amzDate(now), allHeaders: true },
    });
    expect(mine.authorization).toBe(theirs.headers.get('authorization'));
    expect(mine['x-amz-date']).toBe('20260102T030405Z');
  });

  it('is verified by the IAM Worker verifier, and fails it once the body changes', () => {
    const headers = signedHeaders({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, { ...creds, sessionToken: 'tok' }, 'eu-west-1', 'iam', now);
    expect(headers['x-amz-security-token']).toBe('tok');
    const request = { method: 'POST', path: '/decisions/v1/authorize', query: '', headers: Object.entries(headers) };
    const parsed = parseSigV4(request);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    const verify = (bodySha256Hex: string) =>
      verifySigV4({ request, parsed: parsed.value, secretAccessKey: creds.secretAccessKey, bodySha256Hex, now: new Date(now + 1000), expectedService: 'iam', expectedRegion: 'eu-west-1' });
    expect(verify(headers['x-amz-content-sha256']!).ok).toBe(true);
    expect(verify('0'.repeat(64)).ok).toBe(false);
  });
});
