/**
 * @module Service-specific credential actions: CreateServiceSpecificCredential,
 * ListServiceSpecificCredentials, ResetServiceSpecificCredential, UpdateServiceSpecificCredential,
 * DeleteServiceSpecificCredential. IAM generates a user name (`<user>-at-<account>`, fixed at creation) and
 * a password shown only in Create's and Reset's answers; two credentials per service per user.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
 * and siblings); IAM User Guide, "Using IAM with CodeCommit: Git credentials, SSH keys, and AWS access keys"
 * (a rename of the user does not change the credential's user name).
 *
 * Which services: AWS takes codecommit, cassandra, bedrock and logs (`<service>.amazonaws.com`). None of
 * them runs in this deployment, so a credential for them could never be used; the services this deployment
 * knows are its catalog's (issue 9 §1), named here as AWS names services, `<prefix>.amazonaws.com`
 * (`acme.amazonaws.com`). Any other name gets AWS's refusal for an unsupported service. CredentialAgeDays
 * applies to Bedrock and CloudWatch Logs API keys only, so it is refused.
 *
 * Wording recorded against AWS (localstack's validated snapshots, TestIAMServiceSpecificCredentials):
 * NoSuchEntity "No such service … is supported for Service Specific Credentials" (404, checked after the
 * user), "No such credential … exists", and DeleteUser's "must remove referenced objects first".
 *
 * Passwords: core/service-password.ts (32 random bytes, only their SHA-256 stored).
 */
import { invalidInput, noSuchEntity } from '../../core/errors';
import { newUniqueId } from '../../core/ids';
import { newServicePassword, servicePasswordHash } from '../../core/service-password';
import type { AccountStore, ServiceCredentialRecord } from '../../core/ports';
import type { AccessKeyStatus, UserRecord } from '../../core/records';
import type { AccountAction } from '../action';
import type { CallContext } from '../context';
import { requireUser, subjectTarget, subjectUser, usersResource } from './entities';
import { buildTarget } from '../authz-target';
import { checkQuota } from './guards';
import { pageOfList } from './pagination';

/** Credentials one user may hold for one service. */
export const MAX_SERVICE_CREDENTIALS_PER_SERVICE = 2;
/** The prefix of service-specific credential ids, as AWS's (`ACCA…`). */
const CREDENTIAL_ID_PREFIX = 'ACCA';
const SERVICE_SUFFIX = '.amazonaws.com';

/** Whether `serviceName` is one this deployment issues credentials for: `<catalog prefix>.amazonaws.com`. */
export function isSupportedService(ctx: CallContext, serviceName: string): boolean {
  if (!serviceName.endsWith(SERVICE_SUFFIX)) return false;
  return ctx.catalog?.service(serviceName.slice(0, -SERVICE_SUFFIX.length)) !== undefined;
}

function requireService(ctx: CallContext, serviceName: string): void {
  if (!isSupportedService(ctx, serviceName)) throw noSuchEntity(`No such service ${serviceName} is supported for Service Specific Credentials`);
}

/** The credential `id` of `user` (null: the root user, who holds none), or AWS's NoSuchEntity. */
function requireCredential(store: AccountStore, user: UserRecord | null, id: string): ServiceCredentialRecord {
  const credential = store.findServiceCredential(id);
  if (!credential || credential.userId !== user?.userId) throw noSuchEntity(`No such credential ${id} exists`);
  return credential;
}

/** The stored credential's service, for the `iam:ServiceSpecificCredentialServiceName` key of its target. */
const storedService = (store: AccountStore, id: string) => ({ ServiceName: store.findServiceCredential(id)?.serviceName });

const hashOf = servicePasswordHash;
const newPassword = (ctx: CallContext) => newServicePassword(ctx.random);

/** The metadata shape (List); Create and Reset add the password. */
function toMetadata(user: UserRecord, c: ServiceCredentialRecord) {
  return {
    UserName: user.userName,
    Status: c.status,
    ServiceUserName: c.serviceUserName,
    CreateDate: c.createDate,
    ServiceSpecificCredentialId: c.credentialId,
    ServiceName: c.serviceName,
  };
}

/** CreateServiceSpecificCredential. */
export const CreateServiceSpecificCredential: AccountAction<{ UserName: string; ServiceName: string; CredentialAgeDays?: number }> = {
  name: 'CreateServiceSpecificCredential',
  usesCatalog: true,
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:CreateServiceSpecificCredential', i.UserName, { ServiceName: i.ServiceName }),
  run(ctx, store, input) {
    const user = requireUser(store, input.UserName);
    requireService(ctx, input.ServiceName);
    if (input.CredentialAgeDays !== undefined) throw invalidInput('CredentialAgeDays is valid only for Bedrock and CloudWatch Logs API keys.');
    checkQuota(store.listServiceCredentials(user.userId, input.ServiceName).length, MAX_SERVICE_CREDENTIALS_PER_SERVICE, 'ServiceSpecificCredentialsPerUserPerService');
    const password = newPassword(ctx);
    const credential: ServiceCredentialRecord = {
      credentialId: newUniqueId(CREDENTIAL_ID_PREFIX, ctx.random),
      userId: user.userId,
      serviceName: input.ServiceName,
      serviceUserName: `${user.userName}-at-${ctx.caller.accountId}`,
      passwordHash: hashOf(password),
      status: 'Active',
      createDate: ctx.now.toISOString(),
    };
    store.insertServiceCredential(credential);
    return { ServiceSpecificCredential: { ...toMetadata(user, credential), ServicePassword: password } };
  },
};

/**
 * ListServiceSpecificCredentials: one user's (the caller's without UserName), or with AllUsers every
 * user's; filtered by ServiceName. Never a password.
 */
export const ListServiceSpecificCredentials: AccountAction<{ UserName?: string; ServiceName?: string; AllUsers?: boolean; Marker?: string; MaxItems?: number }> = {
  name: 'ListServiceSpecificCredentials',
  usesCatalog: true,
  target: (ctx, store, i) =>
    i.AllUsers ? buildTarget('iam:ListServiceSpecificCredentials', { type: 'user', arn: usersResource(ctx) }) : subjectTarget(ctx, store, 'iam:ListServiceSpecificCredentials', i.UserName),
  run(ctx, store, input) {
    if (input.AllUsers && input.UserName !== undefined) throw invalidInput('AllUsers cannot be specified together with UserName.');
    const user = input.AllUsers ? null : subjectUser(ctx, store, input.UserName);
    if (input.ServiceName !== undefined) requireService(ctx, input.ServiceName);
    const all = input.AllUsers ? store.listAllServiceCredentials(input.ServiceName) : user ? store.listServiceCredentials(user.userId, input.ServiceName) : [];
    const { items, ...pageFields } = pageOfList(all, input, (c) => c.credentialId);
    const owner = (c: ServiceCredentialRecord) => user ?? store.findUserById(c.userId)!;
    return { ServiceSpecificCredentials: items.map((c) => toMetadata(owner(c), c)), ...pageFields };
  },
};

/** ResetServiceSpecificCredential: a new password; the old one stops working at once. */
export const ResetServiceSpecificCredential: AccountAction<{ UserName?: string; ServiceSpecificCredentialId: string }> = {
  name: 'ResetServiceSpecificCredential',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:ResetServiceSpecificCredential', i.UserName, storedService(store, i.ServiceSpecificCredentialId)),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const credential = requireCredential(store, user, input.ServiceSpecificCredentialId);
    const password = newPassword(ctx);
    store.updateServiceCredential(credential.credentialId, { passwordHash: hashOf(password) });
    return { ServiceSpecificCredential: { ...toMetadata(user!, credential), ServicePassword: password } };
  },
};

/** UpdateServiceSpecificCredential: Active or Inactive. */
export const UpdateServiceSpecificCredential: AccountAction<{ UserName?: string; ServiceSpecificCredentialId: string; Status: AccessKeyStatus | 'Expired' }> = {
  name: 'UpdateServiceSpecificCredential',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:UpdateServiceSpecificCredential', i.UserName, storedService(store, i.ServiceSpecificCredentialId)),
  run(ctx, store, input) {
    const credential = requireCredential(store, subjectUser(ctx, store, input.UserName), input.ServiceSpecificCredentialId);
    // Expired is a state IAM sets for expiring API keys, never one a caller sets.
    if (input.Status === 'Expired') throw invalidInput('The status of a service-specific credential can only be set to Active or Inactive.');
    if (credential.status !== input.Status) store.updateServiceCredential(credential.credentialId, { status: input.Status });
    return {};
  },
};

/** DeleteServiceSpecificCredential. */
export const DeleteServiceSpecificCredential: AccountAction<{ UserName?: string; ServiceSpecificCredentialId: string }> = {
  name: 'DeleteServiceSpecificCredential',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:DeleteServiceSpecificCredential', i.UserName, storedService(store, i.ServiceSpecificCredentialId)),
  run(ctx, store, input) {
    const credential = requireCredential(store, subjectUser(ctx, store, input.UserName), input.ServiceSpecificCredentialId);
    store.deleteServiceCredential(credential.credentialId);
    return {};
  },
};

/** The service-specific credential actions, for the registry. */
export const SERVICE_CREDENTIAL_ACTIONS: readonly AccountAction[] = [
  CreateServiceSpecificCredential,
  ListServiceSpecificCredentials,
  ResetServiceSpecificCredential,
  UpdateServiceSpecificCredential,
  DeleteServiceSpecificCredential,
];
