/**
 * Signing certificates (issue 11 §3) through the Query API: upload parsed and checked (malformed, expired,
 * duplicate, two per user), list, status, delete, the root user's own, DeleteUser's conflict, and the
 * certificate columns of the credential report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EC_CERT, EXPIRED_CERT, LEAF_CERT, CA_CERT, OTHER_CERT, RSA_CERT } from '../fixtures/x509/index';
import { call, iamOk, newAccount, userWithKey, type Keys } from './support';

const MALFORMED = 'Unable to parse certificate. Please ensure the certificate is in PEM format.';

describe('signing certificates', () => {
  let accountId: string;
  let root: Keys;
  beforeAll(async () => {
    ({ accountId, root } = await newAccount());
    await iamOk(root, 'CreateUser', { UserName: 'signer' });
  });

  it('uploads, lists and limits a user to two, one certificate once per account', async () => {
    const up = (await iamOk(root, 'UploadSigningCertificate', { UserName: 'signer', CertificateBody: RSA_CERT })).Certificate;
    // The XML parser of the test trims the text's final line break.
    expect(up).toMatchObject({ UserName: 'signer', CertificateBody: RSA_CERT.trim(), Status: 'Active' });
    expect(up.CertificateId).toMatch(/^[A-Z2-7]{28}$/);
    await iamOk(root, 'UploadSigningCertificate', { UserName: 'signer', CertificateBody: EC_CERT });
    const third = await call(root, 'UploadSigningCertificate', { UserName: 'signer', CertificateBody: OTHER_CERT });
    expect([third.status, third.error?.Code, third.error?.Message]).toEqual([409, 'LimitExceeded', 'Cannot exceed quota for SigningCertificatesPerUser: 2']);
    await iamOk(root, 'CreateUser', { UserName: 'other' });
    const dup = await call(root, 'UploadSigningCertificate', { UserName: 'other', CertificateBody: RSA_CERT });
    expect([dup.status, dup.error?.Code]).toEqual([409, 'DuplicateCertificate']);
    const listed = (await iamOk(root, 'ListSigningCertificates', { UserName: 'signer' })).Certificates.member;
    expect(listed.map((c: { CertificateId: string; Status: string }) => c.Status)).toEqual(['Active', 'Active']);
    expect(listed[0].CertificateId).toBe(up.CertificateId);
  });

  it('refuses what is not one current PEM certificate, changing nothing', async () => {
    const truncated = RSA_CERT.slice(0, 200) + RSA_CERT.slice(-26);
    for (const body of ['not a certificate', truncated, `${LEAF_CERT}${CA_CERT}`, RSA_CERT.replace('CERTIFICATE-----\n', 'CERTIFICATE-----\n!!!!')]) {
      const r = await call(root, 'UploadSigningCertificate', { UserName: 'other', CertificateBody: body });
      expect([r.status, r.error?.Code, r.error?.Message]).toEqual([400, 'MalformedCertificate', MALFORMED]);
    }
    const expired = await call(root, 'UploadSigningCertificate', { UserName: 'other', CertificateBody: EXPIRED_CERT });
    expect([expired.status, expired.error?.Code, expired.error?.Message]).toEqual([400, 'MalformedCertificate', 'The certificate expired on 2021-01-01T00:00:00.000Z.']);
    expect((await iamOk(root, 'ListSigningCertificates', { UserName: 'other' })).Certificates).toBe('');
  });

  it('deactivates and deletes, shows both in the credential report, and holds DeleteUser until they are gone', async () => {
    const [first, second] = (await iamOk(root, 'ListSigningCertificates', { UserName: 'signer' })).Certificates.member as { CertificateId: string }[];
    await iamOk(root, 'UpdateSigningCertificate', { UserName: 'signer', CertificateId: second!.CertificateId, Status: 'Inactive' });
    await iamOk(root, 'GenerateCredentialReport');
    const csv = atob((await iamOk(root, 'GetCredentialReport')).Content);
    const row = csv.split('\n').find((l) => l.startsWith('signer,'))!.split(',');
    expect(row.slice(18, 22)).toEqual(['true', expect.stringMatching(/\+00:00$/), 'false', 'N/A']);

    const conflict = await call(root, 'DeleteUser', { UserName: 'signer' });
    expect([conflict.status, conflict.error?.Message]).toEqual([409, 'Cannot delete entity, must delete signing certificates first.']);
    const wrongOwner = await call(root, 'DeleteSigningCertificate', { UserName: 'other', CertificateId: first!.CertificateId });
    expect([wrongOwner.status, wrongOwner.error?.Message]).toEqual([404, `The Certificate with id ${first!.CertificateId} cannot be found.`]);
    for (const c of [first!, second!]) await iamOk(root, 'DeleteSigningCertificate', { UserName: 'signer', CertificateId: c.CertificateId });
    await iamOk(root, 'DeleteUser', { UserName: 'signer' });
  });

  it('keeps the root user’s own certificates without UserName, and authorizes each action', async () => {
    const own = (await iamOk(root, 'UploadSigningCertificate', { CertificateBody: OTHER_CERT })).Certificate;
    expect(own.UserName).toBeUndefined();
    expect((await iamOk(root, 'GetAccountSummary')).SummaryMap.entry.find((e: { key: string }) => e.key === 'AccountSigningCertificatesPresent').value).toBe('1');
    const user = await userWithKey(root, 'no-rights');
    const denied = await call(user, 'ListSigningCertificates', { UserName: 'other' });
    expect([denied.status, denied.error?.Message]).toEqual([
      403,
      `User: arn:aws:iam::${accountId}:user/no-rights is not authorized to perform: iam:ListSigningCertificates on resource: arn:aws:iam::${accountId}:user/other because no identity-based policy allows the iam:ListSigningCertificates action`,
    ]);
  });
});
