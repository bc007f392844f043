/**
 * readCapped (core/read-capped.ts): the one streamed, capped body reader of OIDC fetches and request bodies.
 * Bodies exactly at the cap pass; one byte more is refused as soon as it arrives, with the source
 * cancelled; a declared Content-Length over the cap is refused before anything is read; an abort ends a
 * read that waits on a silent source.
 */
import { describe, expect, it } from 'vitest';
import { readCapped } from '../../src/core/read-capped';

/** A body of `chunks`, then silence (`hang`) or the end; counts what was pulled and whether it was cancelled. */
function source(chunks: Uint8Array[], hang = false) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[state.pulled];
        if (next) {
          state.pulled++;
          controller.enqueue(next);
        } else if (!hang) controller.close();
        else return new Promise<void>(() => undefined);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { state, message: (headers: Record<string, string> = {}) => ({ body: stream, headers: new Headers(headers) }) };
}

const bytes = (n: number, v = 1) => new Uint8Array(n).fill(v);

describe('readCapped', () => {
  it('returns a body of exactly the cap, chunks joined in order', async () => {
    const { message } = source([bytes(3, 1), bytes(4, 2), bytes(3, 3)]);
    const r = await readCapped(message(), 10);
    expect(r.ok && Array.from(r.value)).toEqual([1, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
  });

  it('refuses one byte over the cap when it arrives, cancels the source, and pulls nothing more', async () => {
    const { message, state } = source([bytes(6), bytes(5), bytes(100), bytes(100)]);
    const r = await readCapped(message(), 10);
    expect(r).toEqual({ ok: false, error: 'too-large' });
    expect(state).toEqual({ pulled: 2, cancelled: true });
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const { message, state } = source([bytes(1)]);
    expect(await readCapped(message({ 'content-length': '11' }), 10)).toEqual({ ok: false, error: 'too-large' });
    expect(state).toEqual({ pulled: 0, cancelled: true });
  });

  it('does not trust a Content-Length under the cap: the bytes count', async () => {
    const { message } = source([bytes(8), bytes(8)]);
    expect(await readCapped(message({ 'content-length': '2' }), 10)).toEqual({ ok: false, error: 'too-large' });
  });

  it('ends a read waiting on a silent source when the signal aborts', async () => {
    const { message, state } = source([bytes(2)], true);
    const started = Date.now();
    const r = await readCapped(message(), 10, AbortSignal.timeout(100));
    expect(r).toEqual({ ok: false, error: 'aborted' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(state.cancelled).toBe(true);
  });

  it('reads a missing body as empty, and reports a failing source', async () => {
    expect(await readCapped({ body: null, headers: new Headers() }, 10)).toEqual({ ok: true, value: new Uint8Array() });
    const failing = new ReadableStream({ pull: (c) => c.error(new Error('reset')) });
    expect(await readCapped({ body: failing, headers: new Headers() }, 10)).toEqual({ ok: false, error: 'failed' });
  });
});
