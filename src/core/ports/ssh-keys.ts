/**
 * @module The SSH public keys aggregate's port: the keys IAM users hold for CodeCommit-style SSH access
 * (UploadSSHPublicKey and siblings; IAM API Reference, API_UploadSSHPublicKey.html).
 */
import type { AccessKeyStatus } from '../records';

/** An SSH public key of an IAM user. */
export interface SshPublicKeyRecord {
  /** `APKA…`. */
  keyId: string;
  userId: string;
  /** The canonical SSH wire blob (RFC 4253 §6.6), base64: both encodings are written from it (core/ssh). */
  blob: string;
  /** SHA-256 of the blob, hex: one key is held once per user (DuplicateSSHPublicKey). */
  sha256: string;
  status: AccessKeyStatus;
  uploadDate: string;
}

/** SSH public keys. */
export interface SshKeyStore {
  /** The user's keys, oldest first. */
  listSshPublicKeys(userId: string): SshPublicKeyRecord[];
  findSshPublicKey(keyId: string): SshPublicKeyRecord | undefined;
  insertSshPublicKey(key: SshPublicKeyRecord): void;
  updateSshPublicKeyStatus(keyId: string, status: AccessKeyStatus): void;
  deleteSshPublicKey(keyId: string): void;
}
