/**
 * The HTTPS transport's framing: each method POSTs its input as JSON to its path, signed with the service
 * credentials (checked here by core/sigv4's verifier, the IAM Worker's), and anything that is not a JSON
 * answer (a network error, a proxy's HTML page, an endless body, a hang) throws instead of deciding.
 */
import { describe, expect, it } from 'vitest';
import type { AuthorizeInput } from '../../../src/core/decision/contract';
import { parseSigV4, verifySigV4 } from '../../../src/core/sigv4';
import { httpsTransport } from '../../../src/middleware/https-transport';
import { TransportFailure } from '../../../src/middleware/transport';

const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'service-secret' };
const input = { service: 'acme', region: 'us-east-1', caller: { principalToken: 't' }, action: 'acme:GetProject', resource: '*' } as AuthorizeInput;

async function verified(req: Request): Promise<boolean> {
  const url = new URL(req.url);
  const headers: [string, string][] = [];
  req.headers.forEach((v, k) => headers.push([k, v]));
  headers.push(['host', url.host]);
  const request = { method: req.method, path: url.pathname, query: url.search.slice(1), headers };
  const parsed = parseSigV4(request);
  if (!parsed.ok) return false;
  const body = await req.clone().text();
  const hash = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))).toString('hex');
  return verifySigV4({ request, parsed: parsed.value, secretAccessKey: creds.secretAccessKey, bodySha256Hex: hash, now: new Date(), expectedService: 'decisions', expectedRegion: 'us-east-1' }).ok;
}

describe('httpsTransport', () => {
  it('POSTs each method to its path under the endpoint, signed, and returns the JSON answer', async () => {
    const seen: string[] = [];
    const t = httpsTransport({
      ...creds,
      endpoint: 'https://iam.example.com/prefix/',
      fetch: async (req) => {
        seen.push(`${req.method} ${req.url} ${req.headers.get('content-type')} ${await verified(req)}`);
        return Response.json({ ok: false, version: 1, error: { code: 'AccessDenied', message: 'm', status: 403 } }, { status: 403 });
      },
    });
    expect(await t.authorize(input)).toEqual({ ok: false, version: 1, error: { code: 'AccessDenied', message: 'm', status: 403 } });
    await t.authenticate(input);
    await t.batchAuthorize({ ...input, items: [] });
    await t.planResources(input);
    expect(seen).toEqual([
      'POST https://iam.example.com/prefix/decisions/v1/authorize application/json true',
      'POST https://iam.example.com/prefix/decisions/v1/authenticate application/json true',
      'POST https://iam.example.com/prefix/decisions/v1/batch-authorize application/json true',
      'POST https://iam.example.com/prefix/decisions/v1/plan-resources application/json true',
    ]);
  });

  it("throws a TransportFailure for an error naming the service credential, which a tenant must not see", async () => {
    const t = httpsTransport({
      ...creds,
      endpoint: 'https://iam.example.com',
      fetch: async () =>
        Response.json({ ok: false, version: 1, error: { code: 'AccessDenied', message: `The service credential ${creds.accessKeyId} is not authorized to ask decisions for service 'acme'.`, status: 403 } }, { status: 403 }),
    });
    await expect(t.authorize(input)).rejects.toThrow(/refused the service credential/);
  });

  it('throws a TransportFailure for a network error, a page that is not JSON, an oversized answer, a hang', async () => {
    const failing = [
      async () => Promise.reject(new TypeError('fetch failed')),
      async () => new Response('<html>Bad gateway</html>', { status: 502 }),
      async () => new Response('x'.repeat(2 * 1024 * 1024)),
      (req: Request) => new Promise<Response>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason))),
    ];
    for (const f of failing) {
      const t = httpsTransport({ ...creds, endpoint: 'https://iam.example.com', fetch: f, timeoutMs: 50 });
      await expect(t.authorize(input)).rejects.toBeInstanceOf(TransportFailure);
    }
  });
});
