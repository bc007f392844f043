/**
 * The operator API: bearer authentication, validation, and property tests with random and malformed
 * input (never a 500, always a `{"code","message"}` error).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, operator, randomAccountId, dispatch } from './support';

const send = (method: string, path: string, init: { token?: string; body?: string; contentType?: string } = {}) =>
  dispatch(`https://iam.test${path}`, {
    method,
    headers: {
      ...(init.token !== undefined ? { authorization: `Bearer ${init.token}` } : {}),
      'content-type': init.contentType ?? 'application/json',
    },
    body: init.body,
  });

describe('operator API', () => {
  it('refuses a missing or wrong token with 401', async () => {
    for (const token of [undefined, '', 'wrong', OPERATOR_TOKEN + 'x', OPERATOR_TOKEN.slice(1)]) {
      const res = await send('GET', '/operator/accounts', { token });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'Unauthorized' });
    }
  });

  it('refuses a malformed Authorization header with the same 401, JSON body and challenge', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', `Bearer ${OPERATOR_TOKEN} extra`, 'Bearer', `bearer${OPERATOR_TOKEN}`, 'Bearer a"b']) {
      const res = await dispatch('https://iam.test/operator/accounts', { method: 'GET', headers: { authorization } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="edge-iam operator"');
      expect(await res.json()).toEqual({ code: 'Unauthorized', message: 'A valid operator bearer token is required.' });
    }
    const missing = await dispatch('https://iam.test/operator/accounts', { method: 'GET' });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="edge-iam operator"');
  });

  it('creates, gets and lists accounts; validates ids, e-mails and aliases', async () => {
    const id = randomAccountId();
    const created = await operator('POST', '/accounts', { accountId: id, email: 'ops@example.com', alias: `acme-${id}` });
    expect(created.status).toBe(201);
    const body = (await created.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ accountId: id, email: 'ops@example.com', alias: `acme-${id}`, status: 'active' });
    expect((await (await operator('GET', `/accounts/${id}`)).json()) as object).toMatchObject({ accountId: id });
    const listed = (await (await operator('GET', '/accounts?limit=1000')).json()) as { accounts: { accountId: string }[] };
    expect(listed.accounts.map((a) => a.accountId)).toContain(id);

    const generated = await operator('POST', '/accounts', { email: 'gen@example.com' });
    expect(((await generated.json()) as { accountId: string }).accountId).toMatch(/^\d{12}$/);

    const taken = await operator('POST', '/accounts', { accountId: randomAccountId(), email: 'x@example.com', alias: `acme-${id}` });
    expect(taken.status).toBe(409);
    for (const bad of [
      { email: 'no-at-sign' },
      { accountId: '12345', email: 'a@b.c' },
      { email: 'a@b.c', alias: 'Upper' },
      { email: 'a@b.c', alias: '-x-' },
      { email: 'a@b.c', alias: 'a--b' },
      { email: 42 },
      {},
    ]) {
      const res = await operator('POST', '/accounts', bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'InvalidRequest' });
    }
    expect((await operator('GET', '/accounts/abc')).status).toBe(400);
    expect((await operator('GET', '/accounts?limit=0')).status).toBe(400);
  });

  it('pages through accounts with after/next', async () => {
    const ids = [randomAccountId(), randomAccountId(), randomAccountId()];
    for (const accountId of ids) await operator('POST', '/accounts', { accountId, email: 'p@example.com' });
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = (await (await operator('GET', `/accounts?limit=2${after ? `&after=${after}` : ''}`)).json()) as {
        accounts: { accountId: string }[];
        next?: string;
      };
      seen.push(...page.accounts.map((a) => a.accountId));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual([...seen].sort());
    for (const id of ids) expect(seen).toContain(id);
  });

  it('limits root access keys to two', async () => {
    const id = randomAccountId();
    await operator('POST', '/accounts', { accountId: id, email: 'r@example.com' });
    expect((await operator('POST', `/accounts/${id}/root-access-keys`)).status).toBe(201);
    expect((await operator('POST', `/accounts/${id}/root-access-keys`)).status).toBe(201);
    const third = await operator('POST', `/accounts/${id}/root-access-keys`);
    expect(third.status).toBe(409);
    expect((await operator('POST', `/accounts/${randomAccountId()}/root-access-keys`)).status).toBe(404);
  });

  it('never answers 500 to random or malformed input (property)', async () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ accountId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), email: fc.oneof(fc.string(), fc.emailAddress()), alias: fc.oneof(fc.string(), fc.constant(undefined)) }).map((o) => JSON.stringify(o)),
    );
    const paths = fc.oneof(
      fc.constant('/operator/accounts'),
      fc.string().map((s) => `/operator/accounts/${encodeURIComponent(s)}`),
      fc.string().map((s) => `/operator/accounts/${encodeURIComponent(s)}/root-access-keys`),
      fc.string().map((s) => `/operator/accounts?limit=${encodeURIComponent(s)}&after=${encodeURIComponent(s)}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'), paths, bodies, fc.boolean(), async (method, path, body, authed) => {
        const res = await send(method, path, { token: authed ? OPERATOR_TOKEN : 'nope', body: method === 'GET' ? undefined : body });
        expect(res.status).toBeLessThan(500);
        const json = (await res.json()) as Record<string, unknown>;
        if (res.status >= 400) {
          expect(typeof json.code).toBe('string');
          expect(typeof json.message).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
