/**
 * @module The MFA aggregate on SQLite: virtual MFA devices (`mfa_devices`). Not in the read model: STS
 * checks codes through the object itself (storage/account/mfa.ts).
 */
import { asc, eq } from 'drizzle-orm';
import type { MfaStore } from '../../core/ports';
import * as t from '../schema/account';
import type { StoreMethods } from './context';
import { deleteTags } from './tag-table';

const bySerial = (serialNumber: string) => eq(t.mfaDevices.serialNumber, serialNumber);

/** The MFA devices' methods. */
export const mfaMethods: MfaStore & ThisType<StoreMethods> = {
  findMfaDevice(serialNumber) {
    return this.c.db.select().from(t.mfaDevices).where(bySerial(serialNumber)).get();
  },

  listMfaDevices() {
    return this.c.db.select().from(t.mfaDevices).orderBy(asc(t.mfaDevices.serialNumber)).all();
  },

  listMfaDevicesFor(owner) {
    return this.c.db.select().from(t.mfaDevices).where(eq(t.mfaDevices.userId, owner)).orderBy(asc(t.mfaDevices.enableDate)).all();
  },

  insertMfaDevice(device) {
    this.c.db.insert(t.mfaDevices).values(device).run();
  },

  updateMfaDevice(serialNumber, changes) {
    this.c.db.update(t.mfaDevices).set(changes).where(bySerial(serialNumber)).run();
  },

  deleteMfaDevice(serialNumber) {
    deleteTags(this.c, 'mfa', serialNumber);
    this.c.db.delete(t.mfaDevices).where(bySerial(serialNumber)).run();
  },
};
