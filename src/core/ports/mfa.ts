/**
 * @module The MFA aggregate's port: virtual MFA devices (tags are the tag port's, kind `mfa`, under the
 * serial number).
 */
import type { MfaDeviceRecord } from '../records';

/** Virtual MFA devices. */
export interface MfaStore {
  findMfaDevice(serialNumber: string): MfaDeviceRecord | undefined;
  /** Virtual MFA devices ordered by serial number. */
  listMfaDevices(): MfaDeviceRecord[];
  /** Devices enabled for a user id, or for the root user with ROOT_MFA_OWNER. */
  listMfaDevicesFor(owner: string): MfaDeviceRecord[];
  insertMfaDevice(device: MfaDeviceRecord): void;
  updateMfaDevice(serialNumber: string, changes: Partial<Pick<MfaDeviceRecord, 'userId' | 'enableDate' | 'lastUsedStep'>>): void;
  /** Deletes the device with its tags. */
  deleteMfaDevice(serialNumber: string): void;
}
