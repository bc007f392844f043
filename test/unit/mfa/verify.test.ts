/**
 * The STS-facing check of virtual MFA codes (open the sealed seed, then check and consume a code in the
 * transaction) and the seed source Enable/Resync use, on an in-memory stand-in for the account store.
 */
import { describe, expect, it } from 'vitest';
import { base32 } from '../../../src/core/ids';
import type { AccountStore } from '../../../src/core/ports';
import { ROOT_MFA_OWNER, type MfaDeviceRecord } from '../../../src/core/records';
import { SecretBox } from '../../../src/core/secret-box';
import { totpAt, totpStep } from '../../../src/core/totp';
import { SeedSource } from '../../../src/services/iam/mfa/seeds';
import { otpauthUri } from '../../../src/services/iam/mfa/lookup';
import { checkAndConsumeMfaCode, openMfaSeed } from '../../../src/services/iam/mfa/verify';

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
const SEED = Uint8Array.from({ length: 20 }, (_, i) => i * 13 + 7);
const NOW = 1_750_000_000_000;

/** Only the MFA part of the store, in memory. */
function memoryStore(devices: MfaDeviceRecord[]): AccountStore {
  const byId = new Map(devices.map((d) => [d.serialNumber, { ...d }]));
  const store: Partial<AccountStore> = {
    findMfaDevice: (s) => (byId.has(s) ? { ...byId.get(s)! } : undefined),
    updateMfaDevice: (s, changes) => void Object.assign(byId.get(s)!, changes),
  };
  return store as AccountStore;
}

async function sealedDevice(box: SecretBox, userId: string | null = 'AIDAALICE'): Promise<MfaDeviceRecord> {
  return {
    serialNumber: SERIAL,
    deviceName: 'alice',
    path: '/',
    seedSealed: await box.seal(base32(SEED), SERIAL),
    createDate: new Date(NOW).toISOString(),
    userId,
    enableDate: userId ? new Date(NOW).toISOString() : null,
    lastUsedStep: null,
  };
}

describe('openMfaSeed', () => {
  it('opens the seed of its own device only', async () => {
    const box = await SecretBox.create('k'.repeat(40));
    const device = await sealedDevice(box);
    expect(await openMfaSeed(box, device)).toEqual(SEED);
    expect(await openMfaSeed(box, { ...device, serialNumber: `${SERIAL}2` })).toBeUndefined();
    expect(await openMfaSeed(await SecretBox.create('z'.repeat(40)), device)).toBeUndefined();
  });
});

describe('checkAndConsumeMfaCode', () => {
  it('accepts a current code once, records its step, and refuses the replay', async () => {
    const box = await SecretBox.create('k'.repeat(40));
    const store = memoryStore([await sealedDevice(box)]);
    const code = totpAt(SEED, totpStep(NOW));
    expect(checkAndConsumeMfaCode(store, store.findMfaDevice(SERIAL)!, SEED, code, NOW)).toBe(true);
    expect(store.findMfaDevice(SERIAL)!.lastUsedStep).toBe(totpStep(NOW));
    expect(checkAndConsumeMfaCode(store, store.findMfaDevice(SERIAL)!, SEED, code, NOW)).toBe(false);
    // The previous step's code is older than the one used: refused too.
    expect(checkAndConsumeMfaCode(store, store.findMfaDevice(SERIAL)!, SEED, totpAt(SEED, totpStep(NOW) - 1), NOW)).toBe(false);
    expect(checkAndConsumeMfaCode(store, store.findMfaDevice(SERIAL)!, SEED, totpAt(SEED, totpStep(NOW) + 1), NOW)).toBe(true);
  });

  it('refuses wrong codes, unassigned devices and devices of another owner', async () => {
    const box = await SecretBox.create('k'.repeat(40));
    const code = totpAt(SEED, totpStep(NOW));
    const store = memoryStore([await sealedDevice(box)]);
    const device = store.findMfaDevice(SERIAL)!;
    expect(checkAndConsumeMfaCode(store, device, SEED, code === '000000' ? '000001' : '000000', NOW)).toBe(false);
    expect(checkAndConsumeMfaCode(store, device, SEED, code, NOW, ROOT_MFA_OWNER)).toBe(false);
    expect(checkAndConsumeMfaCode(store, device, SEED, code, NOW, 'AIDAOTHER')).toBe(false);
    expect(checkAndConsumeMfaCode(store, { ...device, userId: null }, SEED, code, NOW)).toBe(false);
    expect(store.findMfaDevice(SERIAL)!.lastUsedStep).toBeNull();
    expect(checkAndConsumeMfaCode(store, device, SEED, code, NOW, 'AIDAALICE')).toBe(true);
  });
});

describe('SeedSource', () => {
  it('opens a seed from a read of the store, and only uses it for the same sealed value', async () => {
    const box = await SecretBox.create('k'.repeat(40));
    const device = await sealedDevice(box, null);
    const source = new SeedSource(async () => box);
    const opened = await source.open(SERIAL, memoryStore([device]));
    expect(opened?.seed).toEqual(SEED);
    expect(SeedSource.seedFor(device, opened)).toEqual(SEED);
    expect(SeedSource.seedFor({ ...device, seedSealed: await box.seal(base32(SEED), SERIAL) }, opened)).toBeUndefined();
  });

  it('finds nothing for a device the store does not hold', async () => {
    const box = await SecretBox.create('k'.repeat(40));
    expect(await new SeedSource(async () => box).open(SERIAL, memoryStore([]))).toBeUndefined();
  });
});

describe('otpauthUri', () => {
  it('writes the Key Uri Format label with the issuer, the device name and the account', () => {
    expect(otpauthUri('alice', '123456789012', 'ABC')).toBe('otpauth://totp/edge-iam:alice@123456789012?secret=ABC&issuer=edge-iam');
    expect(otpauthUri('a+b=c,d@e', '123456789012', 'ABC')).toBe('otpauth://totp/edge-iam:a%2Bb%3Dc%2Cd%40e@123456789012?secret=ABC&issuer=edge-iam');
    expect(otpauthUri('x', '1', 'S', 'Amazon Web Services')).toBe('otpauth://totp/Amazon%20Web%20Services:x@1?secret=S&issuer=Amazon%20Web%20Services');
  });
});
