/**
 * @module Server certificates: UploadServerCertificate, GetServerCertificate, ListServerCertificates,
 * UpdateServerCertificate, DeleteServerCertificate, and their tags (TagServerCertificate,
 * UntagServerCertificate, ListServerCertificateTags, the one definition of resource-tags.ts).
 *
 * - Upload checks the body, chain and key before anything (validate.ts), after authorizing the caller
 *   (`authorizeFirst`: a caller who may not upload learns nothing of its certificate's faults). The private
 *   key is sealed with the account's SecretBox, bound to the certificate id, and never returned or logged
 *   ("You cannot download or retrieve a private key from IAM after you upload it", IAM User Guide).
 * - Names are unique regardless of case (EntityAlreadyExists `The Server Certificate with name X already
 *   exists.`); an unknown one is NoSuchEntity `The Server Certificate with name X cannot be found.`; at most
 *   20 per account (LimitExceeded `Cannot exceed quota for ServerCertificatesPerAccount: 20`, IAM quotas
 *   "Server certificates stored in an AWS account"); ids are `ASCA…`; the ARN is
 *   `arn:<partition>:iam::<account>:server-certificate<path><name>`; `Expiration` is the body's notAfter.
 * - UpdateServerCertificate needs the permission on the certificate under its old name and under its new
 *   name and path ("the principal must have permission to change the server certificate with the old name
 *   and the new name", API_UpdateServerCertificate.html).
 * - ListServerCertificates omits Tags, as IAM's resource listings do; GetServerCertificate gives them.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html
 * and siblings); IAM User Guide, "Managing server certificates in IAM"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html).
 */
import { entityAlreadyExists } from '../../../core/errors';
import { ID_PREFIX, newUniqueId } from '../../../core/ids';
import type { AccountStore, PageQuery } from '../../../core/ports';
import type { ServerCertificateRecord } from '../../../core/records';
import type { SecretBox } from '../../../core/secret-box';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { checkQuota, found } from '../guards';
import { pageOfQuery } from '../pagination';
import { resourceTagActions } from '../resource-tags';
import { entityTarget, namedKind } from '../taggable';
import { checkRequestTags, mergeTags, toApiTags, type Tag } from '../tags';
import { checkServerCertificate } from './validate';

/** Server certificates one account may store (IAM quotas: "Server certificates stored in an AWS account"). */
export const MAX_SERVER_CERTIFICATES_PER_ACCOUNT = 20;

/** `arn:aws:iam::123456789012:server-certificate/path/name`; `path` starts and ends with `/`. */
export const serverCertificateArn = (ctx: CallContext, path: string, name: string) =>
  `arn:${ctx.partition}:iam::${ctx.caller.accountId}:server-certificate${path}${name}`;

/** The certificate named `name` (any case), or NoSuchEntity as AWS words it. */
function requireCertificate(store: AccountStore, name: string): ServerCertificateRecord {
  return found(store.findServerCertificateByName(name), `The Server Certificate with name ${name} cannot be found.`);
}

const alreadyExists = (name: string) => entityAlreadyExists(`The Server Certificate with name ${name} already exists.`);

/** Server certificates as a taggable kind (resource type `server-certificate`), named by `ServerCertificateName`. */
export const SERVER_CERTIFICATE_TAGGABLE = namedKind({
  type: 'server-certificate',
  noun: 'ServerCertificate',
  idMember: 'ServerCertificateName',
  lookup: (store, name) => store.findServerCertificateByName(name),
  required: requireCertificate,
  view: (c) => ({ arn: c.arn, tagId: c.serverCertificateId }),
  absentArn: (ctx, name) => serverCertificateArn(ctx, '/', name),
});

const certTarget = (ctx: CallContext, store: AccountStore, action: string, name: string) =>
  entityTarget(ctx, store, SERVER_CERTIFICATE_TAGGABLE, `iam:${action}`, name);

/** The ServerCertificateMetadata shape: never the body, chain or key. */
const toMetadata = (c: ServerCertificateRecord) => ({
  Path: c.path,
  ServerCertificateName: c.serverCertificateName,
  ServerCertificateId: c.serverCertificateId,
  Arn: c.arn,
  UploadDate: c.uploadDate,
  Expiration: c.expiration,
});

type UploadInput = { ServerCertificateName: string; Path?: string; CertificateBody: string; PrivateKey: string; CertificateChain?: string; Tags?: Tag[] };

/** Builds UploadServerCertificate around the SecretBox the object holds. */
export function uploadServerCertificateAction(secrets: () => Promise<SecretBox>): AccountAction<UploadInput, unknown, { id: string; sealed: string; expiration: string }> {
  return {
    name: 'UploadServerCertificate',
    authorizeFirst: true,
    target: (ctx, _s, i) =>
      buildTarget('iam:UploadServerCertificate', { type: 'server-certificate', arn: serverCertificateArn(ctx, i.Path ?? '/', i.ServerCertificateName) }, i),
    async prepare(ctx, input) {
      const { body } = await checkServerCertificate(input, ctx.now);
      const id = newUniqueId(ID_PREFIX.serverCertificate, ctx.random);
      return { id, sealed: await (await secrets()).seal(input.PrivateKey, id), expiration: body.notAfter.toISOString() };
    },
    run(ctx, store, input, prepared) {
      const tags = input.Tags ?? [];
      checkRequestTags(tags);
      const tagRecords = mergeTags([], tags, SERVER_CERTIFICATE_TAGGABLE);
      if (store.findServerCertificateByName(input.ServerCertificateName)) throw alreadyExists(input.ServerCertificateName);
      checkQuota(store.countServerCertificates(), MAX_SERVER_CERTIFICATES_PER_ACCOUNT, 'ServerCertificatesPerAccount');
      const path = input.Path ?? '/';
      const cert: ServerCertificateRecord = {
        serverCertificateId: prepared.id,
        serverCertificateName: input.ServerCertificateName,
        path,
        arn: serverCertificateArn(ctx, path, input.ServerCertificateName),
        certificateBody: input.CertificateBody,
        certificateChain: input.CertificateChain ?? null,
        privateKeySealed: prepared.sealed,
        uploadDate: ctx.now.toISOString(),
        expiration: prepared.expiration,
      };
      store.insertServerCertificate(cert);
      if (tagRecords.length) store.replaceTags('server-certificate', cert.serverCertificateId, tagRecords);
      return { ServerCertificateMetadata: toMetadata(cert), ...(tagRecords.length ? { Tags: toApiTags(tagRecords) } : {}) };
    },
  };
}

/** GetServerCertificate: metadata, body, chain and tags; never the private key. */
export const GetServerCertificate: AccountAction<{ ServerCertificateName: string }> = {
  name: 'GetServerCertificate',
  target: (ctx, store, i) => certTarget(ctx, store, 'GetServerCertificate', i.ServerCertificateName),
  run(_ctx, store, input) {
    const c = requireCertificate(store, input.ServerCertificateName);
    const tags = store.listTags('server-certificate', c.serverCertificateId);
    return {
      ServerCertificate: {
        ServerCertificateMetadata: toMetadata(c),
        CertificateBody: c.certificateBody,
        ...(c.certificateChain !== null ? { CertificateChain: c.certificateChain } : {}),
        ...(tags.length ? { Tags: toApiTags(tags) } : {}),
      },
    };
  },
};

/** ListServerCertificates, ordered by name, filtered by PathPrefix, paginated (the reference lists no resource: `*`). */
export const ListServerCertificates: AccountAction<{ PathPrefix?: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListServerCertificates',
  target: () => buildTarget('iam:ListServerCertificates', undefined),
  run(_ctx, store, input) {
    const query = (q: PageQuery) => store.listServerCertificates({ ...q, pathPrefix: input.PathPrefix ?? '/' });
    const { items, ...pageFields } = pageOfQuery(input, query, (c) => c.serverCertificateName.toLowerCase());
    return { ServerCertificateMetadataList: items.map(toMetadata), ...pageFields };
  },
};

type UpdateInput = { ServerCertificateName: string; NewPath?: string; NewServerCertificateName?: string };

/** Where an update moves a certificate: its new name and path (the old ones where the request keeps them). */
function renamed(store: AccountStore, i: UpdateInput) {
  const current = store.findServerCertificateByName(i.ServerCertificateName);
  return { name: i.NewServerCertificateName ?? current?.serverCertificateName ?? i.ServerCertificateName, path: i.NewPath ?? current?.path ?? '/' };
}

/** UpdateServerCertificate: a new name and/or path, authorized under the old and the new. */
export const UpdateServerCertificate: AccountAction<UpdateInput> = {
  name: 'UpdateServerCertificate',
  target(ctx, store, i) {
    const next = renamed(store, i);
    const also = buildTarget('iam:UpdateServerCertificate', { type: 'server-certificate', arn: serverCertificateArn(ctx, next.path, next.name) });
    return { ...certTarget(ctx, store, 'UpdateServerCertificate', i.ServerCertificateName), also: [also] };
  },
  run(ctx, store, input) {
    const cert = requireCertificate(store, input.ServerCertificateName);
    const { name, path } = renamed(store, input);
    const clash = store.findServerCertificateByName(name);
    if (clash && clash.serverCertificateId !== cert.serverCertificateId) throw alreadyExists(name);
    store.renameServerCertificate(cert.serverCertificateId, { serverCertificateName: name, path, arn: serverCertificateArn(ctx, path, name) });
    return {};
  },
};

/** DeleteServerCertificate, with its tags. */
export const DeleteServerCertificate: AccountAction<{ ServerCertificateName: string }> = {
  name: 'DeleteServerCertificate',
  target: (ctx, store, i) => certTarget(ctx, store, 'DeleteServerCertificate', i.ServerCertificateName),
  run(_ctx, store, input) {
    store.deleteServerCertificate(requireCertificate(store, input.ServerCertificateName).serverCertificateId);
    return {};
  },
};

/** Every server certificate action, the upload built around `secrets`. */
export function serverCertificateActions(secrets: () => Promise<SecretBox>): AccountAction[] {
  return [
    uploadServerCertificateAction(secrets),
    GetServerCertificate,
    ListServerCertificates,
    UpdateServerCertificate,
    DeleteServerCertificate,
    ...(resourceTagActions(SERVER_CERTIFICATE_TAGGABLE) as AccountAction[]),
  ];
}
