/**
 * @module What a security-credentials page reads, each read an IAM action as the signed-in principal:
 * GetUser (the password's last use), GetLoginProfile (console access), ListAccessKeys with
 * GetAccessKeyLastUsed for each key, and ListMFADevices. A refused read leaves its section with AWS's
 * error instead of its content; the page still renders (console.md).
 */
import type { WireError } from '../../../storage/account-rpc';
import type { ConsoleContext } from '../../guard';
import { run } from './run';
import type { Subject } from './subject';

export type Read<T> = { ok: true; value: T } | { ok: false; error: WireError };

export interface KeyView {
  id: string;
  status: 'Active' | 'Inactive';
  created: string;
  lastUsed: Read<{ date?: string; service: string; region: string }>;
}

export interface ProfileView {
  /** Null: no console password (NoSuchEntity). */
  profile: { created: string; resetRequired: boolean } | null;
  passwordLastUsed?: string;
}

export interface CredentialsData {
  user: Read<{ arn: string; passwordLastUsed?: string }>;
  /** Undefined on the root user's own page (the root password has no login profile action). */
  profile?: Read<ProfileView>;
  keys: Read<KeyView[]>;
  mfa: Read<Array<{ serial: string; enabled: string }>>;
}

type Output = Record<string, any>;

async function read<T>(c: ConsoleContext, action: string, input: Record<string, unknown>, map: (o: Output) => T): Promise<Read<T>> {
  const r = await run(c, action, input);
  return r.ok ? { ok: true, value: map(r.output as Output) } : { ok: false, error: r.error };
}

async function keysOf(c: ConsoleContext, s: Subject): Promise<Read<KeyView[]>> {
  // IAM's default page (100 items) holds every key: a user has at most two.
  const list = await read(c, 'ListAccessKeys', { ...s.who }, (o) => (o['AccessKeyMetadata'] ?? []) as Output[]);
  if (!list.ok) return list;
  const keys = await Promise.all(
    list.value.map(async (k): Promise<KeyView> => ({
      id: k['AccessKeyId'],
      status: k['Status'],
      created: k['CreateDate'],
      lastUsed: await read(c, 'GetAccessKeyLastUsed', { AccessKeyId: k['AccessKeyId'] }, (o) => ({
        date: o['AccessKeyLastUsed']?.['LastUsedDate'],
        service: o['AccessKeyLastUsed']?.['ServiceName'] ?? 'N/A',
        region: o['AccessKeyLastUsed']?.['Region'] ?? 'N/A',
      })),
    })),
  );
  return { ok: true, value: keys };
}

async function profileOf(c: ConsoleContext, s: Subject, passwordLastUsed: string | undefined): Promise<Read<ProfileView>> {
  const r = await run(c, 'GetLoginProfile', { ...s.who });
  if (r.ok) {
    const p = (r.output as Output)['LoginProfile'] as Output;
    return { ok: true, value: { profile: { created: p['CreateDate'], resetRequired: p['PasswordResetRequired'] === true }, ...(passwordLastUsed ? { passwordLastUsed } : {}) } };
  }
  // No login profile is a state of the page, not an error (AWS's console: "Console access: Disabled").
  return r.error.code === 'NoSuchEntity' ? { ok: true, value: { profile: null } } : { ok: false, error: r.error };
}

/** Reads everything the page shows. */
export async function loadCredentials(c: ConsoleContext, s: Subject): Promise<CredentialsData> {
  const user = await read(c, 'GetUser', { ...s.who }, (o) => ({ arn: o['User']?.['Arn'] as string, passwordLastUsed: o['User']?.['PasswordLastUsed'] as string | undefined }));
  const lastUsed = user.ok ? user.value.passwordLastUsed : undefined;
  const [profile, keys, mfa] = await Promise.all([
    s.root ? Promise.resolve(undefined) : profileOf(c, s, lastUsed),
    keysOf(c, s),
    read(c, 'ListMFADevices', { ...s.who }, (o) => ((o['MFADevices'] ?? []) as Output[]).map((d) => ({ serial: d['SerialNumber'] as string, enabled: d['EnableDate'] as string }))),
  ]);
  return { user, ...(profile ? { profile } : {}), keys, mfa };
}

/** The status of the page: that of its first refused read (403, 404...), else 200. */
export function statusOf(d: CredentialsData): number {
  for (const r of [d.user, d.profile, d.keys, d.mfa]) if (r && !r.ok) return r.error.status;
  return 200;
}
