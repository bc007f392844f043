/**
 * @module How EnableMFADevice and ResyncMFADevice get a device's seed into their synchronous transaction.
 *
 * Checking codes needs the plaintext seed, and opening a sealed seed is asynchronous (WebCrypto), so it has
 * to happen in `prepare`, before the transaction, from the sealed value `prepare` reads in the store. `run`
 * uses the seed only if the device's sealed seed in the transaction is the one opened, so a device deleted
 * and re-created meanwhile is never checked against a stale seed.
 */
import type { AccountStore } from '../../../core/ports';
import type { MfaDeviceRecord } from '../../../core/records';
import type { SecretBox } from '../../../core/secret-box';
import { openMfaSeed } from './verify';

/** A seed and the sealed value it came from. */
export interface OpenedSeed {
  sealed: string;
  seed: Uint8Array;
}

/**
 * Opens device seeds for the Enable/Resync transactions. Nothing is kept: a seed is opened from the
 * store's sealed value for each call and dropped after it, so plaintext seeds never outlive a request.
 */
export class SeedSource {
  readonly #secrets: () => Promise<SecretBox>;

  constructor(secrets: () => Promise<SecretBox>) {
    this.#secrets = secrets;
  }

  /** Before the transaction: the seed of `serialNumber` as the store holds it now. */
  async open(serialNumber: string, read: AccountStore): Promise<OpenedSeed | undefined> {
    const device = read.findMfaDevice(serialNumber);
    if (!device) return undefined;
    const seed = await openMfaSeed(await this.#secrets(), device);
    return seed === undefined ? undefined : { sealed: device.seedSealed, seed };
  }

  /** Inside the transaction: the seed if it belongs to `device` as it is now. */
  static seedFor(device: MfaDeviceRecord, opened: OpenedSeed | undefined): Uint8Array | undefined {
    return opened && opened.sealed === device.seedSealed ? opened.seed : undefined;
  }
}
