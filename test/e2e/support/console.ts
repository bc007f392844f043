/**
 * The console browser tests' own helpers: an account whose root user has a console password (set through
 * the operator API, as an operator does), sign-in through the real form, an independent TOTP (RFC 6238)
 * to answer MFA steps with, the QR code of an MFA page read back to its `otpauth://` URI, and a page of
 * another origin for forged forms.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { IAMClient } from '@aws-sdk/client-iam';
import { createAccountWithRootKeys, iamClient, operatorFetch, type Credentials } from './clients';
import type { ConsoleTab } from './browser';

export const ROOT_PASSWORD = 'Root-console-passw0rd!';

export interface ConsoleAccount {
  accountId: string;
  email: string;
  root: Credentials;
  /** @aws-sdk/client-iam as the root user: sets state up and checks what the pages changed. */
  iam: IAMClient;
}

/**
 * A new account (one per flow); with `rootSignIn`, its root user signs in with ROOT_PASSWORD (set through
 * the operator API; left out otherwise, as hashing it costs an Argon2id run).
 */
export async function consoleAccount(opts: { rootSignIn?: boolean } = {}): Promise<ConsoleAccount> {
  const { account, accountId, credentials } = await createAccountWithRootKeys();
  if (opts.rootSignIn) {
    const res = await operatorFetch(`/operator/accounts/${accountId}/root-password`, { method: 'PUT', body: { password: ROOT_PASSWORD } });
    expect(res.status, await res.text()).toBe(204);
  }
  return { accountId, email: account.email, root: credentials, iam: iamClient(credentials) };
}

/**
 * Opens the account's sign-in page and posts the form as a user (`kind=user`, login = user name) or the
 * root user (`kind=root`, login = the account's email). Expects `status` for the page it lands on (200:
 * the dashboard, or the MFA / change-password step).
 */
export async function signIn(tab: ConsoleTab, accountId: string, login: string, password: string, opts: { root?: boolean; status?: number } = {}): Promise<void> {
  await tab.goto(`/console/${accountId}`);
  await tab.submit(`/console/${accountId}`, { kind: opts.root ? 'root' : 'user', login, password }, opts.status ?? 200);
}

/** Signs out through the header's button; the console then refuses its pages. */
export async function signOut(tab: ConsoleTab): Promise<void> {
  await tab.submit('/console/signout');
  expect(await tab.text('[role=alert]')).toBe('You have signed out.');
  await tab.goto('/console/home', 401);
}

/** RFC 4648 base32 (the alphabet of `Base32StringSeed` and otpauth secrets). */
function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${text}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/**
 * TOTP (RFC 6238: HMAC-SHA-1, 30 s steps, 6 digits; HOTP truncation of RFC 4226 §5.3), written here
 * rather than imported from src/ so the test checks the server against an independent implementation.
 */
export function totp(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The current TOTP step. */
export const stepNow = (): number => Math.floor(Date.now() / 30_000);

/** The `otpauth://` URI in a `data:image/png` QR code, as an authenticator app scanning it reads it. */
export function readQr(dataUrl: string): string {
  const m = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!m) throw new Error(`not a PNG data URL: ${dataUrl.slice(0, 40)}`);
  const png = PNG.sync.read(Buffer.from(m[1]!, 'base64'));
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error('no QR code in the image');
  return code.data;
}

/** A page served from another origin (another port of 127.0.0.1), for forged cross-origin forms. */
export async function otherOrigin(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
