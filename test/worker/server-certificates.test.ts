/**
 * Server certificates through the Worker: UploadServerCertificate … ListServerCertificateTags with AWS's
 * shapes and errors, the private key sealed at rest and never answered, the chain checked, the quota of 20,
 * GetAccountSummary's count, and authorization on the certificate's ARN and tags (an update needs the old
 * and the new ARN). The X.509 checks themselves, case by case, are test/unit/x509/server-certificate.test.ts.
 * Spec: IAM API Reference (API_UploadServerCertificate.html and siblings); IAM User Guide, "Managing server
 * certificates in IAM".
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { secretBoxFromEnv } from '../../src/core/secret-box';
import { CA_CERT, EC_CERT, EC_KEY, EXPIRED_CERT, LEAF_CERT, LEAF_KEY, OTHER_KEY, RSA_CERT, RSA_KEY, RSA_KEY_PKCS1 } from '../fixtures/x509/index';
import { IMPOSTOR_CA_CERT } from '../fixtures/x509/server-keys';
import { awsDate, call, freezeClock, iamOk, newAccount, policy, SEALED, userWithKey, type Keys } from './support';

const TIMEOUT = 30_000;
const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);
/** The base64 body of a PEM key: what must never appear in an answer. */
const keyBody = (pem: string) => pem.split('\n')[1]!;

let accountId: string;
let root: Keys;
beforeAll(async () => {
  ({ accountId, root } = await newAccount());
});

const upload = (keys: Keys, name: string, extra: Record<string, string> = {}) =>
  call(keys, 'UploadServerCertificate', { ServerCertificateName: name, CertificateBody: RSA_CERT, PrivateKey: RSA_KEY, ...extra });

describe('server certificates', { timeout: TIMEOUT }, () => {
  it('uploads with ASCA id, path ARN, Expiration = notAfter and tags; gets body and chain, never the key; the key is sealed at rest', async () => {
    const now = freezeClock();
    const r = await call(root, 'UploadServerCertificate', {
      ServerCertificateName: 'Web',
      Path: '/cloudfront/test/',
      CertificateBody: LEAF_CERT,
      CertificateChain: CA_CERT,
      PrivateKey: LEAF_KEY,
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'edge',
    });
    expect(r.status).toBe(200);
    expect(r.xml).not.toContain(keyBody(LEAF_KEY));
    const meta = r.result.ServerCertificateMetadata;
    expect(meta).toEqual({
      Path: '/cloudfront/test/',
      ServerCertificateName: 'Web',
      ServerCertificateId: expect.stringMatching(/^ASCA[A-Z2-7]{17}$/),
      Arn: `arn:aws:iam::${accountId}:server-certificate/cloudfront/test/Web`,
      UploadDate: awsDate(now),
      Expiration: '2046-01-31T09:33:29Z',
    });
    expect(members(r.result.Tags)).toEqual([{ Key: 'team', Value: 'edge' }]);

    const got = await call(root, 'GetServerCertificate', { ServerCertificateName: 'web' });
    expect(got.xml).not.toContain(keyBody(LEAF_KEY));
    // As uploaded (the test's XML parser trims the closing newline, which the answer keeps).
    expect(got.xml).toContain(`${LEAF_CERT}</CertificateBody>`);
    expect(got.result.ServerCertificate).toEqual({
      ServerCertificateMetadata: meta,
      CertificateBody: LEAF_CERT.trim(),
      CertificateChain: CA_CERT.trim(),
      Tags: { member: [{ Key: 'team', Value: 'edge' }] },
    });

    const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
    const [row] = await runInDurableObject(stub as unknown as DurableObjectStub, (_o, state) =>
      state.storage.sql.exec<{ private_key_sealed: string }>('SELECT private_key_sealed FROM server_certificates WHERE name_lc = ?', 'web').toArray(),
    );
    expect(row!.private_key_sealed).toMatch(SEALED);
    const box = await secretBoxFromEnv(env as never);
    expect(await box.open(row!.private_key_sealed, meta.ServerCertificateId)).toBe(LEAF_KEY);
    expect(await box.open(row!.private_key_sealed, 'ASCAANOTHERCERTIFICATE')).toBeUndefined();
  });

  it('accepts PKCS #1 and EC keys; refuses a duplicate name in any case; lists by path with pagination, without tags', async () => {
    expect((await upload(root, 'pkcs1', { PrivateKey: RSA_KEY_PKCS1 })).status).toBe(200);
    expect((await upload(root, 'ec', { CertificateBody: EC_CERT, PrivateKey: EC_KEY, Path: '/ec/' })).status).toBe(200);
    const dup = await upload(root, 'PKCS1');
    expect([dup.status, dup.error?.Code, dup.error?.Message]).toEqual([409, 'EntityAlreadyExists', 'The Server Certificate with name PKCS1 already exists.']);

    const page1 = await iamOk(root, 'ListServerCertificates', { MaxItems: '2' });
    expect(members(page1.ServerCertificateMetadataList).map((m: any) => m.ServerCertificateName)).toEqual(['ec', 'pkcs1']);
    expect(page1.IsTruncated).toBe('true');
    const page2 = await iamOk(root, 'ListServerCertificates', { MaxItems: '2', Marker: page1.Marker });
    expect(members(page2.ServerCertificateMetadataList).map((m: any) => m.ServerCertificateName)).toEqual(['Web']);
    expect(members(page2.ServerCertificateMetadataList)[0].Tags).toBeUndefined();
    const ec = await iamOk(root, 'ListServerCertificates', { PathPrefix: '/ec/' });
    expect(members(ec.ServerCertificateMetadataList).map((m: any) => m.Arn)).toEqual([`arn:aws:iam::${accountId}:server-certificate/ec/ec`]);
  });

  it('refuses a mismatched key, a malformed or expired body, a chain out of order or signed by another key, with AWS codes, storing nothing', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ PrivateKey: OTHER_KEY }, 'KeyPairMismatch', /do not match/],
      [{ CertificateBody: EC_CERT }, 'KeyPairMismatch', /do not match/],
      [{ CertificateBody: 'garbage' }, 'MalformedCertificate', /^Unable to parse certificate\./],
      [{ CertificateBody: RSA_CERT.slice(0, 400) }, 'MalformedCertificate', /^Unable to parse certificate\./],
      [{ CertificateBody: RSA_CERT + RSA_CERT }, 'MalformedCertificate', /^Unable to parse certificate\./],
      [{ CertificateBody: EXPIRED_CERT, PrivateKey: OTHER_KEY }, 'MalformedCertificate', /'Not After' date restriction on the certificate has passed/],
      [{ CertificateBody: LEAF_CERT, PrivateKey: LEAF_KEY, CertificateChain: RSA_CERT }, 'MalformedCertificate', /invalid certificate is: -1$/],
      [{ CertificateBody: LEAF_CERT, PrivateKey: LEAF_KEY, CertificateChain: IMPOSTOR_CA_CERT }, 'MalformedCertificate', /invalid certificate is: -1$/],
      [{ PrivateKey: RSA_KEY.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY') }, 'MalformedCertificate', /^Unable to parse private key/],
      [{ PrivateKey: '\u00ff'.repeat(100) }, 'MalformedCertificate', /^Unable to parse private key/],
      // The model's limits, before any parsing: a key (sensitive) is never echoed in the message.
      [{ PrivateKey: `${RSA_KEY}\u0100` }, 'ValidationError', /^1 validation error detected: Value at 'privateKey' failed to satisfy constraint/],
      [{ CertificateBody: RSA_CERT.repeat(20) }, 'ValidationError', /at 'certificateBody' failed to satisfy constraint: Member must have length less than or equal to 16384/],
    ];
    for (const [extra, code, message] of cases) {
      const r = await upload(root, 'bad', extra);
      expect([r.status, r.error?.Code], JSON.stringify(Object.keys(extra))).toEqual([400, code]);
      expect(r.error?.Message).toMatch(message);
      expect(r.xml).not.toContain(keyBody(extra.PrivateKey ?? RSA_KEY));
    }
    const none = await call(root, 'GetServerCertificate', { ServerCertificateName: 'bad' });
    expect([none.status, none.error?.Code, none.error?.Message]).toEqual([404, 'NoSuchEntity', 'The Server Certificate with name bad cannot be found.']);
  });

  it('renames and moves (names stay unique), tags, deletes with its tags, and GetAccountSummary counts them', async () => {
    await upload(root, 'old');
    const clash = await call(root, 'UpdateServerCertificate', { ServerCertificateName: 'old', NewServerCertificateName: 'WEB' });
    expect([clash.status, clash.error?.Code]).toEqual([409, 'EntityAlreadyExists']);
    await iamOk(root, 'UpdateServerCertificate', { ServerCertificateName: 'old', NewServerCertificateName: 'new', NewPath: '/moved/' });
    const moved = (await iamOk(root, 'GetServerCertificate', { ServerCertificateName: 'new' })).ServerCertificate.ServerCertificateMetadata;
    expect(moved.Arn).toBe(`arn:aws:iam::${accountId}:server-certificate/moved/new`);
    expect((await call(root, 'GetServerCertificate', { ServerCertificateName: 'old' })).status).toBe(404);

    await iamOk(root, 'TagServerCertificate', { ServerCertificateName: 'new', 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': 'prod' });
    expect(members((await iamOk(root, 'ListServerCertificateTags', { ServerCertificateName: 'new' })).Tags)).toEqual([{ Key: 'env', Value: 'prod' }]);
    await iamOk(root, 'UntagServerCertificate', { ServerCertificateName: 'new', 'TagKeys.member.1': 'ENV' });
    expect(members((await iamOk(root, 'ListServerCertificateTags', { ServerCertificateName: 'new' })).Tags)).toEqual([]);
    await iamOk(root, 'TagServerCertificate', { ServerCertificateName: 'new', 'Tags.member.1.Key': 'gone', 'Tags.member.1.Value': 'soon' });

    const count = async () => Number((await iamOk(root, 'GetAccountSummary')).SummaryMap.entry.find((e: any) => e.key === 'ServerCertificates').value);
    const before = await count();
    await iamOk(root, 'DeleteServerCertificate', { ServerCertificateName: 'NEW' });
    expect(await count()).toBe(before - 1);
    expect((await call(root, 'DeleteServerCertificate', { ServerCertificateName: 'new' })).error?.Code).toBe('NoSuchEntity');
    await upload(root, 'new');
    expect(members((await iamOk(root, 'ListServerCertificateTags', { ServerCertificateName: 'new' })).Tags)).toEqual([]);
  });

  it('stops at 20 per account with LimitExceeded', async () => {
    const { root: own } = await newAccount();
    for (let i = 0; i < 20; i++) expect((await upload(own, `c${i}`)).status).toBe(200);
    const over = await upload(own, 'c20');
    expect([over.status, over.error?.Code, over.error?.Message]).toEqual([409, 'LimitExceeded', 'Cannot exceed quota for ServerCertificatesPerAccount: 20']);
    const summary = (await iamOk(own, 'GetAccountSummary')).SummaryMap.entry;
    expect(summary.find((e: any) => e.key === 'ServerCertificates').value).toBe('20');
  });

  it('authorizes on the certificate ARN and tags; an update needs the old and the new ARN; a denied upload learns nothing of its certificate', async () => {
    const arn = (path: string, name: string) => `arn:aws:iam::${accountId}:server-certificate${path}${name}`;
    const ops = await userWithKey(root, 'certops');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'certops',
      PolicyName: 'certs',
      PolicyDocument: policy(
        { Effect: 'Allow', Action: ['iam:UploadServerCertificate', 'iam:UpdateServerCertificate'], Resource: arn('/ops/', '*') },
        { Effect: 'Allow', Action: 'iam:GetServerCertificate', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'ops' } } },
      ),
    });
    const denied = await call(ops, 'UploadServerCertificate', { ServerCertificateName: 'x', Path: '/web/', CertificateBody: 'garbage', PrivateKey: 'garbage' });
    expect([denied.status, denied.error?.Code]).toEqual([403, 'AccessDenied']);
    expect((await upload(ops, 'mine', { Path: '/ops/', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'ops' })).status).toBe(200);
    expect((await call(ops, 'GetServerCertificate', { ServerCertificateName: 'mine' })).status).toBe(200);
    expect((await call(ops, 'GetServerCertificate', { ServerCertificateName: 'pkcs1' })).error?.Code).toBe('AccessDenied');
    const out = await call(ops, 'UpdateServerCertificate', { ServerCertificateName: 'mine', NewPath: '/web/' });
    expect([out.status, out.error?.Code]).toEqual([403, 'AccessDenied']);
    expect(out.error?.Message).toContain(arn('/web/', 'mine'));
    await iamOk(ops, 'UpdateServerCertificate', { ServerCertificateName: 'mine', NewServerCertificateName: 'ours' });
    expect((await call(ops, 'ListServerCertificates')).error?.Code).toBe('AccessDenied');
  });
});
