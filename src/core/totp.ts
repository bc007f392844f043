/**
 * @module One-time passwords of virtual MFA devices: HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA-1,
 * 30-second steps from the Unix epoch and 6 digits — what authenticator apps compute from an
 * `otpauth://totp/…?secret=…` URI by default (Google Authenticator "Key Uri Format": algorithm SHA1,
 * digits 6, period 30).
 *
 * - {@link verifyTotp} accepts the current step and one step either side (RFC 6238 §5.2 recommends "at
 *   most one time step" of network delay / clock drift), but never a step at or before the last one accepted
 *   (§5.2: "the verifier MUST NOT accept the second attempt of the OTP after the successful validation"):
 *   a code is good once.
 * - {@link verifyTwoConsecutive} is what EnableMFADevice and ResyncMFADevice ask for: two codes the device
 *   emitted one after the other, searched for in a wider window ({@link CONSECUTIVE_WINDOW_STEPS} steps
 *   either side) because AWS lets a user submit them "too late" and still succeed (EnableMFADevice,
 *   AuthenticationCode1). Guessing two consecutive 6-digit codes in that window has odds of about
 *   2·10⁻¹¹ per try.
 *
 * Codes are compared with {@link constantTimeEqualString}, and every candidate step is computed and compared,
 * so the time taken does not depend on which digits or which step matched.
 * Spec: RFC 4226 §5.3–5.4 (dynamic truncation), RFC 6238 §4 (T = floor((now − T0) / X)).
 *
 * Why hand-written (checked for issue 8 with `npm view`): maintained libraries that would run on Workers
 * exist — otpauth 9.5 (over the same @noble/hashes this uses) and otplib 13 — so this is a choice, not a
 * gap: the code generation is the few lines of RFC 4226 §5.3 over @noble/hashes, and what AWS needs on top
 * (a code accepted once, never at or before the last accepted step; two consecutive codes searched in a
 * wide window for EnableMFADevice/ResyncMFADevice; every candidate compared in constant time) is not
 * what those libraries provide, so it would be written here anyway.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { constantTimeEqualString } from './bytes';
import { fromBase32 } from './ids';

/** Seconds per time step (RFC 6238 default X = 30). */
export const TOTP_STEP_SECONDS = 30;
/** Digits of a code (what AWS's authenticationCodeType allows: exactly six). */
export const TOTP_DIGITS = 6;
/** Steps either side of now that EnableMFADevice / ResyncMFADevice search for two consecutive codes (±5 min). */
export const CONSECUTIVE_WINDOW_STEPS = 10;

/** The 8-byte big-endian counter of RFC 4226 §5.2. */
function counterBytes(counter: number): Uint8Array {
  const out = new Uint8Array(8);
  let c = BigInt(counter);
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(c & 0xffn);
    c >>= 8n;
  }
  return out;
}

/** HOTP(K, C) with HMAC-SHA-1, `digits` long, left-padded with zeros (RFC 4226 §5.3). */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError('HOTP counter must be a non-negative integer');
  const hs = hmac(sha1, key, counterBytes(counter));
  const offset = hs[hs.length - 1]! & 0x0f;
  const binary =
    ((hs[offset]! & 0x7f) << 24) | (hs[offset + 1]! << 16) | (hs[offset + 2]! << 8) | hs[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The TOTP time step of an instant (milliseconds since the epoch). */
export const totpStep = (nowMs: number): number => Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);

/** The TOTP code of step `step` (RFC 6238 with HMAC-SHA-1). */
export const totpAt = (seed: Uint8Array, step: number, digits = TOTP_DIGITS): string => hotp(seed, step, digits);

/** The seed bytes of a base32 seed (`Base32StringSeed` text, any case, `=` padding and spaces ignored). */
export function decodeSeed(base32Seed: string): Uint8Array | undefined {
  return fromBase32(base32Seed.replace(/[\s=]/g, '').toUpperCase());
}

export type TotpCheck = { ok: true; step: number } | { ok: false };

const isCode = (code: string) => code.length === TOTP_DIGITS && /^\d+$/.test(code);

/**
 * Checks a code against the steps now−1, now, now+1, accepting only a step after `lastUsedStep` (null when
 * the device never accepted one). Returns the step that matched: record it as the new last-used step.
 */
export function verifyTotp(seed: Uint8Array, code: string, nowMs: number, lastUsedStep: number | null): TotpCheck {
  if (!isCode(code)) return { ok: false };
  const now = totpStep(nowMs);
  let found = -1;
  for (let step = now - 1; step <= now + 1; step++) {
    const match = constantTimeEqualString(totpAt(seed, step), code);
    if (match && found < 0 && (lastUsedStep === null || step > lastUsedStep)) found = step;
  }
  return found < 0 ? { ok: false } : { ok: true, step: found };
}

/**
 * Finds two consecutive codes: `code1` at some step s and `code2` at s+1, with s+1 within
 * {@link CONSECUTIVE_WINDOW_STEPS} of now and s after `lastUsedStep`. Returns the later step (s+1).
 */
export function verifyTwoConsecutive(
  seed: Uint8Array,
  code1: string,
  code2: string,
  nowMs: number,
  lastUsedStep: number | null = null,
  window = CONSECUTIVE_WINDOW_STEPS,
): TotpCheck {
  if (!isCode(code1) || !isCode(code2)) return { ok: false };
  const now = totpStep(nowMs);
  let found = -1;
  let previous = totpAt(seed, now - window - 1);
  for (let step = now - window; step <= now + window; step++) {
    const current = totpAt(seed, step);
    const first = constantTimeEqualString(previous, code1);
    const second = constantTimeEqualString(current, code2);
    const match = first && second;
    // The latest pair wins, so a replayed older pair cannot shadow a fresh one.
    if (match && (lastUsedStep === null || step - 1 > lastUsedStep)) found = step;
    previous = current;
  }
  return found < 0 ? { ok: false } : { ok: true, step: found };
}
