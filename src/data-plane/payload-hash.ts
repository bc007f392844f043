/**
 * @module SHA-256 of payloads in the Worker (request bodies SigV4 hashes, policy documents): the core's
 * pure-JS hash (@noble/hashes) below {@link NATIVE_FROM_BYTES}, workerd's native one (`node:crypto`, through
 * the `nodejs_compat` flag) from there on. The native call has a fixed cost (in workerd it builds a
 * stream-backed Hash per call) and then hashes fast; the pure-JS one has none and hashes about seven
 * times slower. Measured inside workerd (process CPU, 5,000 calls): 43 bytes 2.0 µs in JS against 2.3–3.2
 * native, 1 KiB 9.2 against 2.5–2.7, 4.6 KiB 34 against 4.6. In the Worker itself the native call's fixed
 * cost is larger than in that loop: SigV4's small inputs all in JS (form bodies, canonical requests, strings to
 * sign, HMAC) cost a GetCallerIdentity about 60 µs of CPU less (`npm run bench -- cpu-sts`), so only payloads
 * of a kilobyte and more (a ValidatePolicy body: 4.5 KB) go native.
 */
import * as nodeCrypto from 'node:crypto';
import { nobleSha256 } from '../core/sigv4/index';

/** Payloads of at least this many bytes (characters, for a string) are hashed natively. */
export const NATIVE_FROM_BYTES = 1024;

/** `crypto.hash(algorithm, data, encoding)`: one call, no Hash object kept; absent from older runtimes. */
type OneShot = (algorithm: string, data: string | Uint8Array, outputEncoding: 'hex') => string;
const oneShot = (nodeCrypto as { hash?: OneShot }).hash;

const native = (data: string | Uint8Array): string => (oneShot ? oneShot('sha256', data, 'hex') : nodeCrypto.createHash('sha256').update(data).digest('hex'));

/** Lower-case hex SHA-256 of `data` (a string as its UTF-8 bytes); the same digest either way. */
export function payloadSha256Hex(data: string | Uint8Array): string {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  return size >= NATIVE_FROM_BYTES ? native(data) : nobleSha256.sha256Hex(data);
}
