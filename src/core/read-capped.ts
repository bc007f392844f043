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
 *
 * A body that declares its length (Content-Length, at most the cap) is first read in one native call where
 * the runtime has one (workerd's `ReadableStreamBYOBReader.readAtLeast`): declared length plus one byte
 * into one buffer. Reading chunk by chunk costs a promise and an event-loop turn per read (`npm run bench
 * -- cpu-sts`: about 70 µs of a GetCallerIdentity's CPU in workerd, `arrayBuffer()` near nothing); one
 * call fills the buffer in the runtime. The cap still holds whatever the header says: at most the declared
 * length plus one byte is read that way, and a body that proves longer than declared (a client may send
 * Content-Length with a chunked body, and workerd passes it through) goes on chunk by chunk against the cap.
 * Spec: https://streams.spec.whatwg.org/#default-reader-cancel
 * Spec: https://developers.cloudflare.com/workers/runtime-apis/streams/readablestreambyobreader/ (readAtLeast)
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
  const header = message.headers.get('content-length');
  const declared = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
  if (declared !== undefined && declared > maxBytes) {
    void message.body?.cancel().catch(() => undefined);
    return err('too-large');
  }
  const body = message.body;
  if (body === null) return ok(new Uint8Array());
  if (signal?.aborted) {
    void body.cancel().catch(() => undefined);
    return err('aborted');
  }
  // Without a signal only: an abort must be able to end any read, and the chunked loop below handles it.
  // Up to ONE_READ_MAX_BYTES only: the buffer is allocated before a byte arrives, so a client that
  // declares a large body and sends nothing holds no more memory than one chunk would.
  let first: Uint8Array | undefined;
  if (declared !== undefined && declared <= ONE_READ_MAX_BYTES && signal === undefined) {
    const read = await readDeclared(body, declared);
    if (read === 'failed') return err('failed');
    if (read !== undefined && read.byteLength <= declared) return ok(read);
    first = read;
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
  const chunks: Uint8Array[] = first ? [first] : [];
  let total = first?.byteLength ?? 0;
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

/** Largest declared body read in one call (API bodies are a few KiB: a policy is at most 10 KB). */
const ONE_READ_MAX_BYTES = 64 * 1024;

/** workerd's BYOB reader: reads until at least `minBytes` are in the view, or the stream ends. */
interface ReaderWithReadAtLeast {
  readAtLeast(minBytes: number, view: Uint8Array): Promise<ReadableStreamReadResult<Uint8Array>>;
  releaseLock(): void;
  cancel(): Promise<void>;
}

/**
 * The body in one native read of `declared + 1` bytes: the whole body when it holds at most `declared`
 * bytes (fewer than asked means the stream ended, readAtLeast's contract), else those `declared + 1` bytes,
 * which the caller continues from. Undefined, having read nothing, where the runtime has no readAtLeast
 * (Node's streams, a stream that is not a byte stream); `failed` when the stream errors.
 */
async function readDeclared(body: ReadableStream<Uint8Array>, declared: number): Promise<Uint8Array | undefined | 'failed'> {
  let reader: ReaderWithReadAtLeast;
  try {
    reader = body.getReader({ mode: 'byob' }) as unknown as ReaderWithReadAtLeast;
  } catch {
    return undefined;
  }
  if (typeof reader.readAtLeast !== 'function') {
    reader.releaseLock();
    return undefined;
  }
  try {
    const step = await reader.readAtLeast(declared + 1, new Uint8Array(declared + 1));
    const value: unknown = step.value;
    if (step.done && value === undefined) return new Uint8Array();
    if (!(value instanceof Uint8Array)) {
      void reader.cancel().catch(() => undefined);
      return 'failed';
    }
    return value;
  } catch {
    void reader.cancel().catch(() => undefined);
    return 'failed';
  } finally {
    try {
      reader.releaseLock();
    } catch {
      // Nothing to release after a cancel that is still settling.
    }
  }
}
