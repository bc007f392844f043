/**
 * @module X.509 signing certificates of users and of the root user: UploadSigningCertificate,
 * ListSigningCertificates, UpdateSigningCertificate, DeleteSigningCertificate. Without `UserName` an action
 * works on the caller's own certificates, as AWS's does (the root user's included).
 *
 * Spec: IAM API Reference (API_UploadSigningCertificate.html and siblings): the body is a PEM certificate
 * (MalformedCertificate when it is not well formed or has expired), one certificate is held once in an
 * account (DuplicateCertificate), at most two per user ("IAM and AWS STS quotas", signing certificates
 * per user: 2); a new certificate is Active. The certificate is parsed (core/x509), not trusted: AWS does
 * not check who issued it.
 */
import { AwsError, noSuchEntity } from '../../core/errors';
import { newCertificateId } from '../../core/ids';
import type { AccountStore } from '../../core/ports';
import type { AccessKeyStatus, SigningCertificateRecord, UserRecord } from '../../core/records';
import { certificateFingerprint, parsePemCertificates } from '../../core/x509/certificate';
import type { AccountAction } from '../action';
import { subjectTarget, subjectUser } from './entities';
import { checkQuota } from './guards';
import { pageOfList } from './pagination';
import { MAX_SIGNING_CERTIFICATES_PER_USER } from './account/summary';

const malformed = (message: string) => new AwsError('MalformedCertificate', message, 400);

/** The certificate `id` of `user` (root when null), or NoSuchEntity. */
function requireCertificate(store: AccountStore, user: UserRecord | null, id: string): SigningCertificateRecord {
  const cert = store.findSigningCertificate(id);
  if (!cert || cert.userId !== (user?.userId ?? null)) throw noSuchEntity(`The Certificate with id ${id} cannot be found.`);
  return cert;
}

const view = (user: UserRecord | null, c: SigningCertificateRecord) => ({
  ...(user ? { UserName: user.userName } : {}),
  CertificateId: c.certificateId,
  CertificateBody: c.body,
  Status: c.status,
  UploadDate: c.uploadDate,
});

/** UploadSigningCertificate. */
export const UploadSigningCertificate: AccountAction<{ UserName?: string; CertificateBody: string }> = {
  name: 'UploadSigningCertificate',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:UploadSigningCertificate', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const parsed = parsePemCertificates(input.CertificateBody);
    if (!parsed.ok || parsed.value.length !== 1) throw malformed('Unable to parse certificate. Please ensure the certificate is in PEM format.');
    const cert = parsed.value[0]!;
    if (cert.notAfter.getTime() <= ctx.now.getTime()) throw malformed(`The certificate expired on ${cert.notAfter.toISOString()}.`);
    const sha256 = certificateFingerprint(cert);
    if (store.findSigningCertificateByHash(sha256)) {
      throw new AwsError('DuplicateCertificate', 'The request was rejected because the same certificate is associated with an IAM user in the account.', 409);
    }
    checkQuota(store.listSigningCertificates(user?.userId ?? null).length, MAX_SIGNING_CERTIFICATES_PER_USER, 'SigningCertificatesPerUser');
    const record: SigningCertificateRecord = {
      certificateId: newCertificateId(ctx.random),
      userId: user?.userId ?? null,
      body: input.CertificateBody,
      sha256,
      status: 'Active',
      uploadDate: ctx.now.toISOString(),
    };
    store.insertSigningCertificate(record);
    return { Certificate: view(user, record) };
  },
};

/** ListSigningCertificates: the owner's certificates, oldest first, with IAM's pagination. */
export const ListSigningCertificates: AccountAction<{ UserName?: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListSigningCertificates',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:ListSigningCertificates', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const { items, ...page } = pageOfList(store.listSigningCertificates(user?.userId ?? null), input, (c) => c.certificateId);
    return { Certificates: items.map((c) => view(user, c)), ...page };
  },
};

/** UpdateSigningCertificate: Active or Inactive. */
export const UpdateSigningCertificate: AccountAction<{ UserName?: string; CertificateId: string; Status: AccessKeyStatus }> = {
  name: 'UpdateSigningCertificate',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:UpdateSigningCertificate', i.UserName),
  run(ctx, store, input) {
    const cert = requireCertificate(store, subjectUser(ctx, store, input.UserName), input.CertificateId);
    if (cert.status !== input.Status) store.updateSigningCertificateStatus(cert.certificateId, input.Status);
    return {};
  },
};

/** DeleteSigningCertificate. */
export const DeleteSigningCertificate: AccountAction<{ UserName?: string; CertificateId: string }> = {
  name: 'DeleteSigningCertificate',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:DeleteSigningCertificate', i.UserName),
  run(ctx, store, input) {
    const cert = requireCertificate(store, subjectUser(ctx, store, input.UserName), input.CertificateId);
    store.deleteSigningCertificate(cert.certificateId);
    return {};
  },
};

/** Every action of this module. */
export const SIGNING_CERTIFICATE_ACTIONS: readonly AccountAction[] = [UploadSigningCertificate, ListSigningCertificates, UpdateSigningCertificate, DeleteSigningCertificate];
