/**
 * @module SSH public key actions: UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey,
 * DeleteSSHPublicKey. An IAM user may hold five keys ("IAM and AWS STS quotas": SSH public keys assigned to
 * an IAM user, 5), each once; keys are ssh-rsa of 2048 to 16384 bits, uploaded in OpenSSH or PEM form
 * (core/ssh/public-key.ts) and given back in either.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html and
 * siblings); IAM User Guide, "Using IAM with CodeCommit: Git credentials, SSH keys, and AWS access keys".
 *
 * Wording: NoSuchEntity ("The Public Key with id … cannot be found.") is AWS's, as recorded against AWS
 * (localstack's validated snapshot test_iam_ssh_public_keys). AWS's messages for InvalidPublicKey,
 * UnrecognizedPublicKeyEncoding and DuplicateSSHPublicKey are not published: they are the service model's
 * descriptions of those errors. The LimitExceeded message follows IAM's quota form.
 */
import { AwsError, invalidInput, noSuchEntity } from '../../core/errors';
import { fromBase64, toBase64 } from '../../core/bytes';
import { newUniqueId } from '../../core/ids';
import type { AccountStore, SshPublicKeyRecord } from '../../core/ports';
import type { AccessKeyStatus, UserRecord } from '../../core/records';
import { parseSshPublicKey, pemEncoding, sshEncoding, sshFingerprint, sshKeyDigest } from '../../core/ssh/public-key';
import type { AccountAction } from '../action';
import { requireUser, subjectTarget, subjectUser, USER_TAGGABLE } from './entities';
import { checkQuota } from './guards';
import { pageOfList } from './pagination';
import { entityTarget } from './taggable';

/** SSH public keys one user may hold. */
export const MAX_SSH_KEYS_PER_USER = 5;
/** The prefix of SSH public key ids, as AWS's (`APKA…`). */
const SSH_KEY_ID_PREFIX = 'APKA';

const target = (action: string) => (ctx: Parameters<AccountAction['target']>[0], store: AccountStore, i: { UserName: string }) =>
  entityTarget(ctx, store, USER_TAGGABLE, `iam:${action}`, i.UserName);

/** The key `keyId` of `user`, or NoSuchEntity as AWS words it (also for another user's key). */
function requireKey(store: AccountStore, user: UserRecord, keyId: string): SshPublicKeyRecord {
  const key = store.findSshPublicKey(keyId);
  if (!key || key.userId !== user.userId) throw noSuchEntity(`The Public Key with id ${keyId} cannot be found.`);
  return key;
}

/** The SSHPublicKey shape, its body in `encoding`. */
function toApiKey(user: UserRecord, key: SshPublicKeyRecord, encoding: 'SSH' | 'PEM') {
  const blob = fromBase64(key.blob)!;
  return {
    UserName: user.userName,
    SSHPublicKeyId: key.keyId,
    Fingerprint: sshFingerprint(blob),
    SSHPublicKeyBody: encoding === 'PEM' ? pemEncoding(blob) : sshEncoding(blob),
    Status: key.status,
    UploadDate: key.uploadDate,
  };
}

/** UploadSSHPublicKey. */
export const UploadSSHPublicKey: AccountAction<{ UserName: string; SSHPublicKeyBody: string }> = {
  name: 'UploadSSHPublicKey',
  target: target('UploadSSHPublicKey'),
  run(ctx, store, input) {
    const user = requireUser(store, input.UserName);
    const parsed = parseSshPublicKey(input.SSHPublicKeyBody);
    if (!parsed.ok && parsed.error === 'encoding') throw new AwsError('UnrecognizedPublicKeyEncoding', 'The public key encoding format is unsupported or unrecognized.', 400);
    if (!parsed.ok) throw new AwsError('InvalidPublicKey', 'The public key is malformed or otherwise invalid.', 400);
    const digest = sshKeyDigest(parsed.key.blob);
    const held = store.listSshPublicKeys(user.userId);
    if (held.some((k) => k.sha256 === digest)) throw new AwsError('DuplicateSSHPublicKey', 'The SSH public key is already associated with the specified IAM user.', 400);
    checkQuota(held.length, MAX_SSH_KEYS_PER_USER, 'SSHPublicKeysPerUser');
    const key: SshPublicKeyRecord = {
      keyId: newUniqueId(SSH_KEY_ID_PREFIX, ctx.random),
      userId: user.userId,
      blob: toBase64(parsed.key.blob),
      sha256: digest,
      status: 'Active',
      uploadDate: ctx.now.toISOString(),
    };
    store.insertSshPublicKey(key);
    return { SSHPublicKey: toApiKey(user, key, 'SSH') };
  },
};

/** GetSSHPublicKey: the key in SSH (`ssh-rsa …`) or PEM (`BEGIN PUBLIC KEY`) encoding. */
export const GetSSHPublicKey: AccountAction<{ UserName: string; SSHPublicKeyId: string; Encoding: 'SSH' | 'PEM' }> = {
  name: 'GetSSHPublicKey',
  target: target('GetSSHPublicKey'),
  run(_ctx, store, input) {
    const user = requireUser(store, input.UserName);
    return { SSHPublicKey: toApiKey(user, requireKey(store, user, input.SSHPublicKeyId), input.Encoding) };
  },
};

/** ListSSHPublicKeys: metadata only (no body, no fingerprint), oldest first. */
export const ListSSHPublicKeys: AccountAction<{ UserName?: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListSSHPublicKeys',
  // Without UserName, the caller's own keys (API_ListSSHPublicKeys.html); the root user has none.
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:ListSSHPublicKeys', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const keys = user ? store.listSshPublicKeys(user.userId) : [];
    const { items, ...pageFields } = pageOfList(keys, input, (k) => k.keyId);
    return { SSHPublicKeys: items.map((k) => ({ UserName: user!.userName, SSHPublicKeyId: k.keyId, Status: k.status, UploadDate: k.uploadDate })), ...pageFields };
  },
};

/** UpdateSSHPublicKey: Active or Inactive. */
export const UpdateSSHPublicKey: AccountAction<{ UserName: string; SSHPublicKeyId: string; Status: AccessKeyStatus | 'Expired' }> = {
  name: 'UpdateSSHPublicKey',
  target: target('UpdateSSHPublicKey'),
  run(_ctx, store, input) {
    const user = requireUser(store, input.UserName);
    const key = requireKey(store, user, input.SSHPublicKeyId);
    // The model's status enum is shared with other credentials; an SSH key is only Active or Inactive.
    if (input.Status === 'Expired') throw invalidInput('The status of an SSH public key can only be Active or Inactive.');
    if (key.status !== input.Status) store.updateSshPublicKeyStatus(key.keyId, input.Status);
    return {};
  },
};

/** DeleteSSHPublicKey. */
export const DeleteSSHPublicKey: AccountAction<{ UserName: string; SSHPublicKeyId: string }> = {
  name: 'DeleteSSHPublicKey',
  target: target('DeleteSSHPublicKey'),
  run(_ctx, store, input) {
    const user = requireUser(store, input.UserName);
    store.deleteSshPublicKey(requireKey(store, user, input.SSHPublicKeyId).keyId);
    return {};
  },
};

/** The SSH key actions, for the registry. */
export const SSH_KEY_ACTIONS: readonly AccountAction[] = [UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey];
