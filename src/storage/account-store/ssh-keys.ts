/**
 * @module The SSH public keys aggregate on SQLite: `ssh_public_keys`. Not in the read model: this service
 * runs no SSH endpoint that would authenticate with them.
 */
import { asc, eq } from 'drizzle-orm';
import type { SshKeyStore } from '../../core/ports/ssh-keys';
import * as t from '../schema/account';
import type { StoreMethods } from './context';

const byId = (keyId: string) => eq(t.sshPublicKeys.keyId, keyId);

/** The SSH key methods. */
export const sshKeyMethods: SshKeyStore & ThisType<StoreMethods> = {
  listSshPublicKeys(userId) {
    return this.c.db.select().from(t.sshPublicKeys).where(eq(t.sshPublicKeys.userId, userId)).orderBy(asc(t.sshPublicKeys.uploadDate), asc(t.sshPublicKeys.keyId)).all();
  },

  findSshPublicKey(keyId) {
    return this.c.db.select().from(t.sshPublicKeys).where(byId(keyId)).get();
  },

  insertSshPublicKey(key) {
    this.c.db.insert(t.sshPublicKeys).values(key).run();
  },

  updateSshPublicKeyStatus(keyId, status) {
    this.c.db.update(t.sshPublicKeys).set({ status }).where(byId(keyId)).run();
  },

  deleteSshPublicKey(keyId) {
    this.c.db.delete(t.sshPublicKeys).where(byId(keyId)).run();
  },
};
