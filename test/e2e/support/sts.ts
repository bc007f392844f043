/**
 * Helpers for the STS end-to-end tests: policy documents, roles, credentials in the SDK's shape, and
 * virtual MFA devices with an independent TOTP (RFC 6238, HMAC-SHA-1 from node:crypto, RFC 4648 base32),
 * so a code the server accepts was not computed by the server's own code.
 */
import { createHmac } from 'node:crypto';
import {
  CreateRoleCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Credentials as StsCredentials } from '@aws-sdk/client-sts';
import type { Credentials } from './clients';

/** A policy document (JSON text) with these statements. */
export const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** A trust policy letting every principal of `accountId` (that its own account allows) assume the role. */
export const trustAccount = (accountId: string): string =>
  policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' });

/** Creates a role with a trust policy and (optionally) an inline permissions policy; returns its ARN. */
export async function createRole(
  iam: IAMClient,
  name: string,
  trust: string,
  permissions?: string,
  extra: { MaxSessionDuration?: number } = {},
): Promise<string> {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, ...extra }));
  if (permissions) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'perms', PolicyDocument: permissions }));
  return Role!.Arn!;
}

/** Puts an inline policy on a user. */
export async function putUserPolicy(iam: IAMClient, userName: string, document: string, name = 'inline'): Promise<void> {
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: name, PolicyDocument: document }));
}

/** STS `Credentials` as the SDK's credential identity. */
export function credentialsOf(c: StsCredentials | undefined): Credentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`incomplete STS credentials: ${JSON.stringify(c)}`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** Environment variables carrying temporary credentials (for the CLI or boto3). */
export const credentialEnv = (c: Credentials): Record<string, string> => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
});

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (padding and case ignored). */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The current TOTP step (30-second steps from the epoch). */
export const totpStepNow = (): number => Math.floor(Date.now() / 30_000);

/** The 6-digit TOTP code of `step` (RFC 6238 with HMAC-SHA-1, RFC 4226 dynamic truncation). */
export function totp(seed: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', seed).update(counter).digest();
  const off = h[h.length - 1]! & 0x0f;
  const bin = ((h[off]! & 0x7f) << 24) | (h[off + 1]! << 16) | (h[off + 2]! << 8) | h[off + 3]!;
  return String(bin % 1_000_000).padStart(6, '0');
}

/**
 * Creates a virtual MFA device, enables it for `userName` with two consecutive codes (the previous and the
 * current step) and returns its serial number and seed. The device's last accepted step is then the current
 * one, so the next code a caller may use is the one of a later step.
 */
export async function enableVirtualMfa(
  iam: IAMClient,
  userName: string,
  deviceName: string,
): Promise<{ serialNumber: string; seed: Buffer; enabledAtStep: number }> {
  const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: deviceName }));
  // The SDK base64-decodes Base32StringSeed (a blob): the bytes are the base32 text of the seed.
  const seedText = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
  const seed = base32Decode(seedText);
  const step = totpStepNow();
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: userName,
      SerialNumber: VirtualMFADevice!.SerialNumber!,
      AuthenticationCode1: totp(seed, step - 1),
      AuthenticationCode2: totp(seed, step),
    }),
  );
  return { serialNumber: VirtualMFADevice!.SerialNumber!, seed, enabledAtStep: step };
}
