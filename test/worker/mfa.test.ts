/**
 * Virtual MFA devices through the Worker: the lifecycle with real TOTP codes computed here from the seed the
 * API returns (the server checks them against its own clock), replay and wrong-code refusals, quotas,
 * listings, tags, the delete conflicts, the summary counts, and authorization on the SAR's resources.
 * The QR code is inflated with the platform's DecompressionStream and read by jsQR, inside workerd.
 * Spec: IAM API Reference for each action; RFC 6238.
 */
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { decodeSeed, totpAt, totpStep } from '../../src/core/totp';
import { awsDate, call, clockNow, freezeClock, iamOk, newAccount, runClock, type Keys } from './support';

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);
const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** Creates a device and returns its serial number and seed bytes (decoded from the API's answer). */
async function createDevice(root: Keys, name: string, extra: Record<string, string> = {}) {
  const r = await iamOk(root, 'CreateVirtualMFADevice', { VirtualMFADeviceName: name, ...extra });
  const d = r.VirtualMFADevice;
  const base32Text = new TextDecoder().decode(b64(d.Base32StringSeed));
  return { serial: d.SerialNumber as string, base32Text, seed: decodeSeed(base32Text)!, png: b64(d.QRCodePNG), raw: d };
}

/** Two consecutive codes starting `offset` steps from now. */
function codes(seed: Uint8Array, offset = 0) {
  const step = totpStep(clockNow()) + offset;
  return { AuthenticationCode1: totpAt(seed, step), AuthenticationCode2: totpAt(seed, step + 1) };
}

async function userWithKey(root: Keys, name: string): Promise<Keys> {
  await iamOk(root, 'CreateUser', { UserName: name });
  const k = (await iamOk(root, 'CreateAccessKey', { UserName: name })).AccessKey;
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

/** A minimal reader for the 1-bit greyscale PNGs the service writes, to RGBA for jsQR. */
async function pngToRgba(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  expect([png[24], png[25]]).toEqual([1, 0]); // bit depth 1, greyscale
  const idat: Uint8Array[] = [];
  for (let o = 8; o < png.length; ) {
    const len = view.getUint32(o);
    if (String.fromCharCode(...png.subarray(o + 4, o + 8)) === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const stream = new Blob(idat).stream().pipeThrough(new DecompressionStream('deflate'));
  const raw = new Uint8Array(await new Response(stream).arrayBuffer());
  const stride = 1 + Math.ceil(width / 8);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride]).toBe(0);
    for (let x = 0; x < width; x++) {
      const v = (raw[y * stride + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { rgba, width, height };
}

describe('virtual MFA devices', { timeout: 30_000 }, () => {
  it('creates a device whose seed and QR code are AWS-shaped and usable', async () => {
    const { accountId, root } = await newAccount();
    const d = await createDevice(root, 'alice', { Path: '/team/' });
    expect(d.serial).toBe(`arn:aws:iam::${accountId}:mfa/team/alice`);
    expect(d.base32Text).toMatch(/^[A-Z2-7]{32}$/);
    expect(d.seed).toHaveLength(20);
    expect(d.raw.User).toBeUndefined();
    expect([...d.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { rgba, width, height } = await pngToRgba(d.png);
    const qr = jsQR(rgba, width, height);
    expect(qr?.data).toBe(`otpauth://totp/edge-iam:alice@${accountId}?secret=${d.base32Text}&issuer=edge-iam`);
  });

  it('runs the lifecycle: enable with two codes, refuse replays, resync, deactivate, delete', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'bob' });
    const d = await createDevice(root, 'bob-phone');
    expect(members((await iamOk(root, 'ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' })).VirtualMFADevices).map((v) => v.SerialNumber)).toEqual([d.serial]);

    const wrong = await call(root, 'EnableMFADevice', { UserName: 'bob', SerialNumber: d.serial, AuthenticationCode1: '000000', AuthenticationCode2: '000001' });
    expect(wrong.status).toBe(403);
    expect(wrong.error).toMatchObject({ Code: 'InvalidAuthenticationCode', Message: 'Authentication code for device is not valid.' });
    const swapped = codes(d.seed);
    const reversed = await call(root, 'EnableMFADevice', { UserName: 'bob', SerialNumber: d.serial, AuthenticationCode1: swapped.AuthenticationCode2, AuthenticationCode2: swapped.AuthenticationCode1 });
    expect(reversed.error?.Code).toBe('InvalidAuthenticationCode');

    const now = freezeClock();
    const first = codes(d.seed);
    await iamOk(root, 'EnableMFADevice', { UserName: 'bob', SerialNumber: d.serial, ...first });
    runClock();
    const listed = members((await iamOk(root, 'ListMFADevices', { UserName: 'bob' })).MFADevices);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ UserName: 'bob', SerialNumber: d.serial });
    expect(listed[0].EnableDate).toBe(awsDate(now));
    const got = await iamOk(root, 'GetMFADevice', { UserName: 'bob', SerialNumber: d.serial });
    expect(got).toMatchObject({ UserName: 'bob', SerialNumber: d.serial, EnableDate: listed[0].EnableDate });
    const assigned = members((await iamOk(root, 'ListVirtualMFADevices', { AssignmentStatus: 'Assigned' })).VirtualMFADevices);
    expect(assigned).toHaveLength(1);
    expect(assigned[0].User).toMatchObject({ UserName: 'bob', Arn: `arn:aws:iam::${accountId}:user/bob` });
    expect(members((await iamOk(root, 'ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' })).VirtualMFADevices)).toEqual([]);

    const again = await call(root, 'EnableMFADevice', { UserName: 'bob', SerialNumber: d.serial, ...codes(d.seed, 2) });
    expect(again.status).toBe(409);
    expect(again.error).toMatchObject({ Code: 'EntityAlreadyExists', Message: 'MFA Device is already in use.' });

    // The codes that enabled the device are spent: resyncing with them is a replay.
    const replay = await call(root, 'ResyncMFADevice', { UserName: 'bob', SerialNumber: d.serial, ...first });
    expect(replay.error?.Code).toBe('InvalidAuthenticationCode');
    await iamOk(root, 'ResyncMFADevice', { UserName: 'bob', SerialNumber: d.serial, ...codes(d.seed, 2) });
    expect((await call(root, 'ResyncMFADevice', { UserName: 'bob', SerialNumber: d.serial, ...codes(d.seed, 2) })).error?.Code).toBe('InvalidAuthenticationCode');

    const summary = (await iamOk(root, 'GetAccountSummary')).SummaryMap.entry as { key: string; value: string }[];
    const sm = Object.fromEntries(summary.map((e) => [e.key, Number(e.value)]));
    expect(sm).toMatchObject({ MFADevices: 1, MFADevicesInUse: 1, AccountMFAEnabled: 0 });

    const conflict = await call(root, 'DeleteVirtualMFADevice', { SerialNumber: d.serial });
    expect(conflict.status).toBe(409);
    expect(conflict.error).toMatchObject({ Code: 'DeleteConflict', Message: 'MFA VirtualDevice in use. Must deactivate first.' });
    const userConflict = await call(root, 'DeleteUser', { UserName: 'bob' });
    expect(userConflict.error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must delete MFA device first.' });

    await iamOk(root, 'DeactivateMFADevice', { UserName: 'bob', SerialNumber: d.serial });
    expect(members((await iamOk(root, 'ListMFADevices', { UserName: 'bob' })).MFADevices)).toEqual([]);
    const gone = await call(root, 'GetMFADevice', { UserName: 'bob', SerialNumber: d.serial });
    expect(gone.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'MFA Device invalid for user.' });
    const unassigned = members((await iamOk(root, 'ListVirtualMFADevices')).VirtualMFADevices);
    expect(unassigned).toEqual([{ SerialNumber: d.serial }]);
    await iamOk(root, 'DeleteUser', { UserName: 'bob' });
    await iamOk(root, 'DeleteVirtualMFADevice', { SerialNumber: d.serial });
    const missing = await call(root, 'DeleteVirtualMFADevice', { SerialNumber: d.serial });
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({ Code: 'NoSuchEntity', Message: `VirtualMFADevice with serial number ${d.serial} does not exist.` });
  });

  it('lets a user list and deactivate its own devices without naming itself', async () => {
    const { root } = await newAccount();
    const carol = await userWithKey(root, 'carol');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'carol',
      PolicyName: 'self-mfa',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/${aws:username}' },
          { Effect: 'Allow', Action: ['iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:DeactivateMFADevice', 'iam:GetMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
        ],
      }),
    });
    const denied = await call(carol, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'someone-else' });
    expect(denied.error?.Code).toBe('AccessDenied');
    expect(denied.error?.Message).toContain('iam:CreateVirtualMFADevice on resource: arn:aws:iam::');
    const d = await createDevice(carol, 'carol');
    await iamOk(carol, 'EnableMFADevice', { UserName: 'carol', SerialNumber: d.serial, ...codes(d.seed) });
    expect(members((await iamOk(carol, 'ListMFADevices')).MFADevices).map((m) => m.UserName)).toEqual(['carol']);
    expect((await iamOk(carol, 'GetMFADevice', { SerialNumber: d.serial })).UserName).toBe('carol');
    expect((await call(carol, 'ListVirtualMFADevices')).error?.Code).toBe('AccessDenied');
    expect((await call(carol, 'ListMFADevices', { UserName: 'nobody' })).error?.Code).toBe('AccessDenied');
    await iamOk(carol, 'DeactivateMFADevice', { SerialNumber: d.serial });
    expect(members((await iamOk(carol, 'ListMFADevices')).MFADevices)).toEqual([]);
  });

  it('refuses duplicates, unknown users and devices, and a ninth device per user', async () => {
    const { root } = await newAccount();
    await createDevice(root, 'dup');
    const dup = await call(root, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'dup' });
    expect(dup.status).toBe(409);
    expect(dup.error).toMatchObject({ Code: 'EntityAlreadyExists', Message: 'MFADevice entity at the same path and name already exists.' });
    await createDevice(root, 'dup', { Path: '/other/' });
    expect((await call(root, 'EnableMFADevice', { UserName: 'ghost', SerialNumber: 'arn:aws:iam::123456789012:mfa/dup', AuthenticationCode1: '123456', AuthenticationCode2: '654321' })).error?.Code).toBe('NoSuchEntity');
    const bad = await call(root, 'EnableMFADevice', { UserName: 'x', SerialNumber: 'arn:aws:iam::1:mfa/x', AuthenticationCode1: '12345', AuthenticationCode2: 'abcdef' });
    expect(bad.error?.Code).toBe('ValidationError');

    await iamOk(root, 'CreateUser', { UserName: 'dave' });
    const devices = [];
    for (let i = 0; i < 9; i++) devices.push(await createDevice(root, `dave-${i}`));
    for (const d of devices.slice(0, 8)) await iamOk(root, 'EnableMFADevice', { UserName: 'dave', SerialNumber: d.serial, ...codes(d.seed) });
    const ninth = await call(root, 'EnableMFADevice', { UserName: 'dave', SerialNumber: devices[8]!.serial, ...codes(devices[8]!.seed) });
    expect(ninth.status).toBe(409);
    expect(ninth.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for MFADevicesPerUser: 8' });
    expect(members((await iamOk(root, 'ListMFADevices', { UserName: 'dave' })).MFADevices)).toHaveLength(8);
    const page1 = await iamOk(root, 'ListMFADevices', { UserName: 'dave', MaxItems: '5' });
    expect(members(page1.MFADevices)).toHaveLength(5);
    expect(page1.IsTruncated).toBe('true');
    const page2 = await iamOk(root, 'ListMFADevices', { UserName: 'dave', Marker: page1.Marker });
    expect(members(page2.MFADevices)).toHaveLength(3);
  });

  it('lists virtual devices by assignment status with Marker/MaxItems', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'erin' });
    const ds = [];
    for (const n of ['a', 'b', 'c', 'd']) ds.push(await createDevice(root, n));
    await iamOk(root, 'EnableMFADevice', { UserName: 'erin', SerialNumber: ds[1]!.serial, ...codes(ds[1]!.seed) });
    const serials = async (params: Record<string, string>) => members((await iamOk(root, 'ListVirtualMFADevices', params)).VirtualMFADevices).map((v) => v.SerialNumber);
    expect(await serials({})).toEqual(ds.map((d) => d.serial));
    expect(await serials({ AssignmentStatus: 'Any' })).toEqual(ds.map((d) => d.serial));
    expect(await serials({ AssignmentStatus: 'Assigned' })).toEqual([ds[1]!.serial]);
    expect(await serials({ AssignmentStatus: 'Unassigned' })).toEqual([ds[0]!.serial, ds[2]!.serial, ds[3]!.serial]);
    const p1 = await iamOk(root, 'ListVirtualMFADevices', { AssignmentStatus: 'Unassigned', MaxItems: '2' });
    expect(p1.IsTruncated).toBe('true');
    expect(await serials({ AssignmentStatus: 'Unassigned', Marker: p1.Marker })).toEqual([ds[3]!.serial]);
    const invalid = await call(root, 'ListVirtualMFADevices', { AssignmentStatus: 'Maybe' });
    expect(invalid.error?.Code).toBe('ValidationError');
  });

  it('tags devices with the shared tag rules, and authorizes by device tags', async () => {
    const { root } = await newAccount();
    const d = await createDevice(root, 'tagged', { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'core' });
    expect(members(d.raw.Tags)).toEqual([{ Key: 'team', Value: 'core' }]);
    await iamOk(root, 'TagMFADevice', { SerialNumber: d.serial, 'Tags.member.1.Key': 'TEAM', 'Tags.member.1.Value': 'edge', 'Tags.member.2.Key': 'env', 'Tags.member.2.Value': 'prod' });
    expect(members((await iamOk(root, 'ListMFADeviceTags', { SerialNumber: d.serial })).Tags)).toEqual([
      { Key: 'TEAM', Value: 'edge' },
      { Key: 'env', Value: 'prod' },
    ]);
    await iamOk(root, 'UntagMFADevice', { SerialNumber: d.serial, 'TagKeys.member.1': 'team', 'TagKeys.member.2': 'absent' });
    expect(members((await iamOk(root, 'ListMFADeviceTags', { SerialNumber: d.serial })).Tags)).toEqual([{ Key: 'env', Value: 'prod' }]);
    const many: Record<string, string> = { SerialNumber: d.serial };
    for (let i = 1; i <= 50; i++) Object.assign(many, { [`Tags.member.${i}.Key`]: `k${i}`, [`Tags.member.${i}.Value`]: 'v' });
    const over = await call(root, 'TagMFADevice', many);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for TagsPerMFADevice: 50' });
    expect((await call(root, 'ListMFADeviceTags', { SerialNumber: `${d.serial}-nope` })).error?.Code).toBe('NoSuchEntity');
    expect((await call(root, 'TagMFADevice', { SerialNumber: d.serial, 'Tags.member.1.Key': 'aws:x', 'Tags.member.1.Value': 'v' })).error?.Code).toBe('InvalidInput');

    const frank = await userWithKey(root, 'frank');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'frank',
      PolicyName: 'prod-only',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:ListMFADeviceTags', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } }],
      }),
    });
    expect(members((await iamOk(frank, 'ListMFADeviceTags', { SerialNumber: d.serial })).Tags)).toEqual([{ Key: 'env', Value: 'prod' }]);
    const other = await createDevice(root, 'untagged');
    expect((await call(frank, 'ListMFADeviceTags', { SerialNumber: other.serial })).error?.Code).toBe('AccessDenied');
  });
});
