/**
 * Request bodies are read against their limit as they arrive (issue 7 §7: "a chunked request body is read
 * whole before the 1 MiB limit and before authentication"). Each body here is a stream without
 * Content-Length, as a chunked request arrives; the tests count what the Worker pulled from it.
 *
 * Limits: the Query API 1 MiB (413 RequestEntityTooLarge, the answer a declared oversize already got,
 * before authentication), the operator API 16 KiB (413 RequestTooLarge), POST /healthz 1 MiB.
 */
import { describe, expect, it } from 'vitest';
import { dispatch, OPERATOR_TOKEN } from './support';

const MiB = 1_048_576;
const CHUNK = 64 * 1024;

/** A body of `total` bytes of `fill` sent in 64 KiB chunks, pulled on demand; counts what was read. */
function chunked(total: number, prefix = '', fill = 0x61, bytes = false) {
  const state = { pulled: 0, cancelled: false };
  const head = new TextEncoder().encode(prefix);
  const source: UnderlyingSource<Uint8Array> = {
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const n = Math.min(CHUNK, total - state.pulled);
      const chunk = new Uint8Array(n).fill(fill);
      if (state.pulled === 0) chunk.set(head.subarray(0, n));
      state.pulled += n;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  };
  // A byte stream (`type: 'bytes'`, as workerd gives a request from the network) offers a BYOB reader.
  const stream = new ReadableStream<Uint8Array>(bytes ? ({ ...source, type: 'bytes' } as unknown as UnderlyingSource<Uint8Array>) : source, { highWaterMark: 0 });
  return { stream, state };
}

const post = (path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  dispatch(`https://iam.test${path}`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

const codeOf = async (res: Response) => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];

describe('streamed request bodies', () => {
  it('Query API: a chunked body over 1 MiB is refused with 413 RequestEntityTooLarge after reading at most 1 MiB', async () => {
    const { stream, state } = chunked(8 * MiB, 'Action=ListUsers&Version=2010-05-08&Padding=');
    const res = await post('/', stream, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(413);
    expect(await codeOf(res)).toBe('RequestEntityTooLarge');
    expect(state.pulled).toBeLessThanOrEqual(MiB + CHUNK);
    expect(state.cancelled).toBe(true);
  });

  it('Query API: a chunked body of exactly 1 MiB is read whole and reaches authentication', async () => {
    const { stream, state } = chunked(MiB, 'Action=ListUsers&Version=2010-05-08&Padding=');
    const res = await post('/', stream, { 'content-type': 'application/x-www-form-urlencoded' });
    expect([res.status, await codeOf(res)]).toEqual([403, 'MissingAuthenticationToken']);
    expect(state.pulled).toBe(MiB);
  });

  it('Query API: a declared Content-Length over 1 MiB is still refused before reading', async () => {
    const { stream, state } = chunked(2 * MiB);
    const res = await post('/', stream, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(2 * MiB) });
    expect([res.status, await codeOf(res)]).toEqual([413, 'RequestEntityTooLarge']);
    expect(state.pulled).toBeLessThanOrEqual(CHUNK);
  });

  // A body that declares its length is first read in one call of declared length plus one byte
  // (core/read-capped.ts); a byte stream is what workerd gives a Worker for a request from the network.
  it('Query API: a body longer than its Content-Length (a chunked body declaring a small length) is still refused at 1 MiB', async () => {
    const { stream, state } = chunked(8 * MiB, 'Action=ListUsers&Version=2010-05-08&Padding=', 0x61, true);
    const res = await post('/', stream, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '100' });
    expect([res.status, await codeOf(res)]).toEqual([413, 'RequestEntityTooLarge']);
    expect(state.pulled).toBeLessThanOrEqual(MiB + CHUNK);
    expect(state.cancelled).toBe(true);
  });

  it('Query API: a body of its declared length, or longer but within 1 MiB, is read whole and reaches authentication', async () => {
    for (const [total, declared] of [[MiB, MiB], [60_000, 60_000], [200_000, 200_000], [60_000, 100], [50, 0]]) {
      const { stream, state } = chunked(total!, 'Action=ListUsers&Version=2010-05-08&Padding=', 0x61, true);
      const res = await post('/', stream, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(declared) });
      expect([total, declared, res.status, await codeOf(res)]).toEqual([total, declared, 403, 'MissingAuthenticationToken']);
      expect(state.pulled).toBe(total);
    }
  });

  it('operator API: a chunked JSON body over 16 KiB is refused with 413 after reading at most 16 KiB and a chunk', async () => {
    const { stream, state } = chunked(4 * MiB, '{"email":"a@b.c","alias":"', 0x61);
    const res = await post('/operator/accounts', stream, { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'RequestTooLarge', message: 'The request body is too large.' });
    expect(state.pulled).toBeLessThanOrEqual(16_384 + CHUNK);
  });

  it('POST /healthz reads at most 1 MiB of a body', async () => {
    const { stream, state } = chunked(8 * MiB);
    const res = await post('/healthz', stream);
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(MiB + CHUNK);
  });
});
