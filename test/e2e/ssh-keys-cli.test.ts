/**
 * SSH public keys with the AWS CLI on PATH (botocore's model and parser) against the local server: an
 * OpenSSH key uploaded with `aws iam upload-ssh-public-key` comes back from `aws iam get-ssh-public-key
 * --encoding PEM` as the SubjectPublicKeyInfo PEM `ssh-keygen -e -m PKCS8` writes, with its MD5 fingerprint.
 */
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { RSA_2048, RSA_2048_MD5, RSA_2048_SPKI_PEM } from '../fixtures/ssh/index';
import { createAccountWithRootKeys, iamClient, runAwsCli, type Credentials } from './support/clients';

let root: Credentials;

beforeAll(async () => {
  ({ credentials: root } = await createAccountWithRootKeys());
  await iamClient(root).send(new CreateUserCommand({ UserName: 'git-user' }));
});

describe('aws CLI and SSH public keys', () => {
  it('uploads an OpenSSH key and gets it back in PEM encoding', async () => {
    const up = await runAwsCli(['iam', 'upload-ssh-public-key', '--user-name', 'git-user', '--ssh-public-key-body', RSA_2048], root);
    expect(up.code, up.stderr).toBe(0);
    const key = (up.json as { SSHPublicKey: Record<string, string> }).SSHPublicKey;
    expect(key).toMatchObject({ UserName: 'git-user', Fingerprint: RSA_2048_MD5, Status: 'Active' });
    const get = await runAwsCli(['iam', 'get-ssh-public-key', '--user-name', 'git-user', '--ssh-public-key-id', key.SSHPublicKeyId!, '--encoding', 'PEM'], root);
    expect(get.code, get.stderr).toBe(0);
    expect((get.json as { SSHPublicKey: Record<string, string> }).SSHPublicKey).toMatchObject({ SSHPublicKeyId: key.SSHPublicKeyId, SSHPublicKeyBody: RSA_2048_SPKI_PEM });
  });
});
