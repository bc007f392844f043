/**
 * @module A virtual MFA device between its creation and its first two codes. Its seed and QR code are
 * shown in the creation response only (CreateVirtualMFADevice answers them once); so that a mistyped code
 * does not force starting over, the enrolment form carries them sealed (core/secret-box.ts, AES-256-GCM),
 * bound to this session (its CSRF token) and the signed-in principal, for ENROLMENT_TTL_MS. The browser
 * that holds the sealed value already saw the seed; nobody else can open it, and it never goes in a URL
 * or cookie.
 */
import type { ConsoleIdentity } from '../../guard';
import { boxOf } from '../../http';
import type { Env } from '../../../env';
import type { Enrolment } from './mfa-section';

/** How long an enrolment form stays usable (10 minutes). */
export const ENROLMENT_TTL_MS = 600_000;

const aad = (identity: ConsoleIdentity) => `console-mfa-enrolment:${identity.principal.accountId}:${identity.principal.owner}:${identity.session.csrf}`;

export async function sealEnrolment(env: Env, identity: ConsoleIdentity, e: Enrolment, nowMs: number): Promise<string> {
  return (await boxOf(env)).seal(JSON.stringify({ ...e, expiresAtMs: nowMs + ENROLMENT_TTL_MS }), aad(identity));
}

/** The enrolment of a sealed field, when it opens, is of `serial` and has not expired. */
export async function openEnrolment(env: Env, identity: ConsoleIdentity, sealed: string | undefined, serial: string, nowMs: number): Promise<Enrolment | undefined> {
  if (!sealed || sealed.length > 16_384) return undefined;
  const json = await (await boxOf(env)).open(sealed, aad(identity));
  if (json === undefined) return undefined;
  const e = JSON.parse(json) as Enrolment & { expiresAtMs: number };
  return e.serial === serial && e.expiresAtMs > nowMs ? { serial: e.serial, seed: e.seed, png: e.png } : undefined;
}
