/**
 * @module The MFA aggregate on SQLite: virtual MFA devices (`mfa_devices`). Not in the read model: STS
 * checks codes through the object itself (storage/account/mfa.ts).
 */
import { asc, eq } from 'drizzle-orm';
import type { MfaStore } from '../../core/ports';
import * as t from '../schema/account';
import type { StoreContext } from './context';
import { deleteTags } from './tag-table';

/** The MFA devices of one transaction. */
export function mfaStore(c: StoreContext): MfaStore {
  const bySerial = (serialNumber: string) => eq(t.mfaDevices.serialNumber, serialNumber);
  return {
    findMfaDevice: (serialNumber) => c.db.select().from(t.mfaDevices).where(bySerial(serialNumber)).get(),
    listMfaDevices: () => c.db.select().from(t.mfaDevices).orderBy(asc(t.mfaDevices.serialNumber)).all(),
    listMfaDevicesFor: (owner) => c.db.select().from(t.mfaDevices).where(eq(t.mfaDevices.userId, owner)).orderBy(asc(t.mfaDevices.enableDate)).all(),

    insertMfaDevice(device) {
      c.db.insert(t.mfaDevices).values(device).run();
    },

    updateMfaDevice(serialNumber, changes) {
      c.db.update(t.mfaDevices).set(changes).where(bySerial(serialNumber)).run();
    },

    deleteMfaDevice(serialNumber) {
      deleteTags(c, 'mfa', serialNumber);
      c.db.delete(t.mfaDevices).where(bySerial(serialNumber)).run();
    },
  };
}
