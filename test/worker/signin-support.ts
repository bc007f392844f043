/**
 * Helpers for the console sign-in tests: a small cookie jar, the sign-in form's CSRF token, and posts of
 * forms through the Worker's app (support.ts's dispatch, at the test clock).
 */
import { expect } from 'vitest';
import { decodeSeed, totpAt, totpStep } from '../../src/core/totp';
import { clockNow, dispatch, iamOk, newAccount, operator, type Keys } from './support';

export const ORIGIN = 'https://iam.test';

/** The Set-Cookie lines of a response (one per cookie). */
export const setCookies = (res: Response): string[] => (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();

/** A browser's cookies for one origin, and the source address its requests come from. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly ip: string = `198.51.100.${Math.floor(Math.random() * 250)}.${Math.random()}`) {}

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(res: Response): void {
    for (const line of setCookies(res)) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<Response> {
    const res = await dispatch(`${ORIGIN}${path}`, { headers: { cookie: this.header(), 'cf-connecting-ip': this.ip } });
    this.take(res);
    return res;
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const res = await dispatch(`${ORIGIN}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': this.ip, ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    this.take(res);
    return res;
  }

  get csrf(): string {
    return this.cookies.get('__Host-iam-csrf')!;
  }

  /** Opens the sign-in page of `account` (for its CSRF cookie) and posts the password form. */
  async signIn(account: string, login: string, password: string, root = false): Promise<Response> {
    if (!this.cookies.has('__Host-iam-csrf')) await this.get(`/console/${encodeURIComponent(account)}`);
    return this.post(`/console/${encodeURIComponent(account)}`, { csrf: this.csrf, kind: root ? 'root' : 'user', login, password });
  }
}

/** The value of a hidden input named `name` in a page. */
export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden ${name} in page: ${html.slice(0, 400)}`);
  return m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'");
}

export const ROOT_PW = 'Root-passw0rd!';
export const USER_PW = 'User-passw0rd!';

/** A new account whose root user has the console password ROOT_PW (set through the operator API). */
export async function accountWithRoot(): Promise<{ accountId: string; root: Keys; email: string }> {
  const { accountId, root } = await newAccount();
  const set = await operator('PUT', `/accounts/${accountId}/root-password`, { password: ROOT_PW });
  expect(set.status).toBe(204);
  return { accountId, root, email: `root@${accountId}.example` };
}

/** Creates IAM user `name` with the console password USER_PW. */
export async function userWithPassword(root: Keys, name: string, extra: Record<string, string> = {}): Promise<void> {
  await iamOk(root, 'CreateUser', { UserName: name });
  await iamOk(root, 'CreateLoginProfile', { UserName: name, Password: USER_PW, ...extra });
}

/** Gives user `name` an enabled virtual MFA device; answers a function that computes its current code. */
export async function enableMfa(root: Keys, name: string): Promise<() => string> {
  const d = (await iamOk(root, 'CreateVirtualMFADevice', { VirtualMFADeviceName: name })).VirtualMFADevice;
  const seed = decodeSeed(new TextDecoder().decode(Uint8Array.from(atob(d.Base32StringSeed), (ch) => ch.charCodeAt(0))))!;
  const step = totpStep(clockNow());
  await iamOk(root, 'EnableMFADevice', { UserName: name, SerialNumber: d.SerialNumber, AuthenticationCode1: totpAt(seed, step), AuthenticationCode2: totpAt(seed, step + 1) });
  return () => totpAt(seed, totpStep(clockNow()));
}

/** A browser signed in (no MFA step, no forced change) as `login` of `accountId`. */
export async function signedIn(accountId: string, login: string, password: string, root = false): Promise<Browser> {
  const b = new Browser();
  const res = await b.signIn(accountId, login, password, root);
  expect([res.status, res.headers.get('location')]).toEqual([303, '/console/home']);
  return b;
}
