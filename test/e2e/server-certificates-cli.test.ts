/**
 * UploadServerCertificate as the IAM User Guide shows it ("Managing server certificates in IAM":
 * `aws iam upload-server-certificate … --certificate-body file://… --certificate-chain file://…
 * --private-key file://…`), with the AWS CLI on PATH reading PEM files; then the JS SDK reads it back. One
 * CLI run (about a second).
 */
import { GetServerCertificateCommand } from '@aws-sdk/client-iam';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_CERT, LEAF_CERT, LEAF_KEY } from '../fixtures/x509/index';
import { createAccountWithRootKeys, iamClient, runAwsCli, type Credentials } from './support/clients';

let accountId: string;
let root: Credentials;
const dir = mkdtempSync(path.join(tmpdir(), 'edge-iam-servercert-'));

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aws iam upload-server-certificate', () => {
  it('uploads PEM files given as file:// arguments; the SDK gets body and chain back, never the key', async () => {
    const file = (name: string, text: string) => (writeFileSync(path.join(dir, name), text, { mode: 0o600 }), `file://${path.join(dir, name)}`);
    const r = await runAwsCli(
      [
        'iam', 'upload-server-certificate', '--server-certificate-name', 'ExampleCertificate', '--path', '/cloudfront/test/',
        '--certificate-body', file('Certificate.pem', LEAF_CERT),
        '--certificate-chain', file('CertificateChain.pem', CA_CERT),
        '--private-key', file('PrivateKey.pem', LEAF_KEY),
      ],
      root,
    );
    expect(r.code, r.stderr).toBe(0);
    const meta = (r.json as { ServerCertificateMetadata: Record<string, string> }).ServerCertificateMetadata;
    expect(meta).toMatchObject({
      ServerCertificateName: 'ExampleCertificate',
      Path: '/cloudfront/test/',
      Arn: `arn:aws:iam::${accountId}:server-certificate/cloudfront/test/ExampleCertificate`,
      ServerCertificateId: expect.stringMatching(/^ASCA[A-Z2-7]{17}$/),
    });
    expect(meta.Expiration).toMatch(/^2046-01-31T09:33:29(Z|\+00:00)$/);
    expect(r.stdout).not.toContain('PRIVATE KEY');

    const got = await iamClient(root).send(new GetServerCertificateCommand({ ServerCertificateName: 'ExampleCertificate' }));
    expect(got.ServerCertificate?.CertificateBody).toBe(LEAF_CERT);
    expect(got.ServerCertificate?.CertificateChain).toBe(CA_CERT);
    expect(got.ServerCertificate?.ServerCertificateMetadata?.ServerCertificateId).toBe(meta.ServerCertificateId);
  });
});
