/**
 * @module Reading a body (a request's or a fetched response's) with a byte cap and an abort signal, chunk by
 * chunk, so a peer that sends more than allowed — with no Content-Length, chunked, or endless — costs at
 * most the cap plus one chunk of memory, and a peer that trickles costs at most the time the signal allows.
 *
 * Why not `arrayBuffer()`/`text()` and a length check afterwards: those buffer the whole body first. An
 * issuer streaming an endless JWK Set grew workerd from 65 MB to 1.4 GB that way (issue 7, §7), and a
 * chunked request body was read whole before the 1 MiB limit and before authentication.
 *
 * When the cap is passed or the signal aborts, the reader is cancelled, which cancels the underlying
 * source (Streams Standard, ReadableStreamDefaultReader.cancel): the connection is dropped rather than
 * drained. Content-Length is checked first when there is one, so a declared oversize is refused without
 * reading a byte.
 * Spec: https://streams.spec.whatwg.org/#default-reader-cancel
 */
import { err, ok, type Result } from './result';

/** Why a capped read did not produce the body. */
export type CappedReadFailure = 'too-large' | 'aborted' | 'failed';

/** Anything with a body and headers: a Request or a Response. */
interface HasBody {
  readonly body: ReadableStream<Uint8Array> | null;
  readonly headers: Headers;
}

/**
 * The body's bytes, at most `maxBytes` of them: `too-large` as soon as more arrive (or Content-Length says
 * so), `aborted` when `signal` aborts first, `failed` when the stream errors. Never throws.
 */
export async function readCapped(message: HasBody, maxBytes: number, signal?: AbortSignal): Promise<Result<Uint8Array, CappedReadFailure>> {
  const declared = message.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    void message.body?.cancel().catch(() => undefined);
    return err('too-large');
  }
  const body = message.body;
  if (body === null) return ok(new Uint8Array());
  if (signal?.aborted) {
    void body.cancel().catch(() => undefined);
    return err('aborted');
  }
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch {
    return err('failed');
  }
  // An abort must end a read that is waiting on a silent peer: cancelling the reader closes the stream,
  // which settles the pending read as done (Streams Standard, ReadableStreamCancel). No per-read race:
  // it would attach one reaction per chunk to a promise that may never settle.
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Not awaited: a source whose cancel never settles must not hold the caller.
  const stop = (why: CappedReadFailure) => {
    void reader.cancel().catch(() => undefined);
    return err(why);
  };
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch {
        return stop(signal?.aborted ? 'aborted' : 'failed');
      }
      if (signal?.aborted) return stop('aborted');
      if (step.done) break;
      const value: unknown = step.value;
      if (!ArrayBuffer.isView(value)) return stop('failed');
      const chunk = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      total += chunk.byteLength;
      if (total > maxBytes) return stop('too-large');
      chunks.push(chunk);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    try {
      reader.releaseLock();
    } catch {
      // Nothing to release after a cancel that is still settling; the stream is closed either way.
    }
  }
  if (chunks.length === 1) return ok(chunks[0]!);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return ok(out);
}
