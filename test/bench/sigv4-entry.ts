/**
 * Entry of the `sigv4-verify` bench section (test/bench/sigv4.bench.mjs bundles it with esbuild): one
 * verification exactly as the Worker does it in src/data-plane/authenticate.ts, minus the key lookup (the key
 * record and its secret are cached per isolate there): parse, hash the received body, verify with the
 * isolate's signing-key cache. The provider is a parameter, so the same code runs native and noble.
 */
import { nobleSha256, parseSigV4, SigningKeyCache, verifySigV4, type Sha256Provider, type SigV4Request } from '../../src/core/sigv4/index';
import { nativeSha256 } from '../support/node-sha256';

export const providers: Record<'native' | 'noble', Sha256Provider> = { native: nativeSha256, noble: nobleSha256 };

/** A verifier with its own warm-able signing-key cache; returns the failure reason, or null when verified. */
export function verifierFor(hash: Sha256Provider, secretAccessKey: string): (request: SigV4Request, body: Uint8Array, now: Date) => string | null {
  const cache = new SigningKeyCache(undefined, { hash });
  return (request, body, now) => {
    const parsed = parseSigV4(request);
    if (!parsed.ok) return parsed.error.reason;
    const verified = verifySigV4({
      request,
      parsed: parsed.value,
      secretAccessKey,
      cache,
      hash,
      bodySha256Hex: hash.sha256Hex(body),
      now,
    });
    return verified.ok ? null : verified.error.reason;
  };
}
