/**
 * @module Access key actions: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
 * GetAccessKeyLastUsed. A user, and the root user, may hold two keys. The secret is generated and sealed
 * before the transaction and returned only in CreateAccessKey's answer.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html and
 * siblings); "IAM and AWS STS quotas" (access keys per user: 2).
 */
import { accessDenied, noSuchEntity } from '../../core/errors';
import { ID_PREFIX, newAccessKeyId, newSecretAccessKey } from '../../core/ids';
import type { AccountStore } from '../../core/ports';
import type { AccessKeyRecord, AccessKeyStatus, UserRecord } from '../../core/records';
import type { SecretBox } from '../../core/secret-box';
import type { AccountAction } from '../action';
import { buildTarget } from '../authz-target';
import type { CallContext } from '../context';
import { subjectTarget, subjectUser, USER_TAGGABLE } from './entities';
import { pageOfList } from './pagination';
import { entityTarget } from './taggable';
import { checkQuota } from './guards';

/** Access keys one user (or the root user) may hold. */
export const MAX_ACCESS_KEYS_PER_USER = 2;

/** The key `accessKeyId` of `user` (root when null), or NoSuchEntity as AWS words it. */
function requireKey(store: AccountStore, user: UserRecord | null, accessKeyId: string): AccessKeyRecord {
  const key = store.findAccessKey(accessKeyId);
  if (!key || key.userId !== (user?.userId ?? null)) {
    throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
  }
  return key;
}

const keyUserName = (user: UserRecord | null) => (user ? { UserName: user.userName } : {});

/** Builds CreateAccessKey around the SecretBox the object holds. */
export function createAccessKeyAction(secrets: () => Promise<SecretBox>): AccountAction<
  { UserName?: string },
  unknown,
  { accessKeyId: string; secret: string; sealed: string }
> {
  return {
    name: 'CreateAccessKey',
    target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:CreateAccessKey', i.UserName),
    async prepare(ctx: CallContext) {
      const accessKeyId = newAccessKeyId(ctx.caller.accountId, ID_PREFIX.longTermKey, ctx.random);
      const secret = newSecretAccessKey(ctx.random);
      const sealed = await (await secrets()).seal(secret, accessKeyId);
      return { accessKeyId, secret, sealed };
    },
    run(ctx, store, input, prepared) {
      const user = subjectUser(ctx, store, input.UserName);
      checkQuota(store.listAccessKeys(user?.userId ?? null).length, MAX_ACCESS_KEYS_PER_USER, 'AccessKeysPerUser');
      const key: AccessKeyRecord = {
        accessKeyId: prepared.accessKeyId,
        userId: user?.userId ?? null,
        status: 'Active',
        createDate: ctx.now.toISOString(),
        secretSealed: prepared.sealed,
        lastUsedDate: null,
        lastUsedService: null,
        lastUsedRegion: null,
      };
      store.insertAccessKey(key);
      return {
        AccessKey: {
          ...keyUserName(user),
          AccessKeyId: key.accessKeyId,
          Status: key.status,
          SecretAccessKey: prepared.secret,
          CreateDate: key.createDate,
        },
      };
    },
  };
}

/** ListAccessKeys: metadata only, never the secret. */
export const ListAccessKeys: AccountAction<{ UserName?: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListAccessKeys',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:ListAccessKeys', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const { items, ...pageFields } = pageOfList(store.listAccessKeys(user?.userId ?? null), input, (k) => k.accessKeyId);
    return {
      AccessKeyMetadata: items.map((k) => ({ ...keyUserName(user), AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate })),
      ...pageFields,
    };
  },
};

/** UpdateAccessKey: Active or Inactive. An Inactive key is refused by the object at once. */
export const UpdateAccessKey: AccountAction<{ UserName?: string; AccessKeyId: string; Status: AccessKeyStatus }> = {
  name: 'UpdateAccessKey',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:UpdateAccessKey', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const key = requireKey(store, user, input.AccessKeyId);
    if (key.status !== input.Status) {
      store.updateAccessKeyStatus(key.accessKeyId, input.Status);
    }
    return {};
  },
};

/** DeleteAccessKey. */
export const DeleteAccessKey: AccountAction<{ UserName?: string; AccessKeyId: string }> = {
  name: 'DeleteAccessKey',
  target: (ctx, store, i) => subjectTarget(ctx, store, 'iam:DeleteAccessKey', i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    const key = requireKey(store, user, input.AccessKeyId);
    store.deleteAccessKey(key.accessKeyId);
    return {};
  },
};

/**
 * GetAccessKeyLastUsed: when, where and for which service a key was last used. AWS records use with a
 * delay (up to hours); this service records calls the account's object serves at once and the others
 * within a minute (storage/account/last-use.ts, `touchKey`).
 */
export const GetAccessKeyLastUsed: AccountAction<{ AccessKeyId: string }> = {
  name: 'GetAccessKeyLastUsed',
  target(ctx, store, i) {
    const key = store.findAccessKey(i.AccessKeyId);
    const owner = key?.userId ? store.findUserById(key.userId) : undefined;
    return owner ? entityTarget(ctx, store, USER_TAGGABLE, 'iam:GetAccessKeyLastUsed', owner.userName) : buildTarget('iam:GetAccessKeyLastUsed', { type: 'user', arn: ctx.caller.arn });
  },
  run(ctx, store, input) {
    const key = store.findAccessKey(input.AccessKeyId);
    if (!key) {
      // AWS answers an unknown key id with AccessDenied, not NoSuchEntity, so key ids cannot be probed.
      throw accessDenied(
        `User: ${ctx.caller.arn} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${input.AccessKeyId}`,
      );
    }
    const owner = key.userId ? store.findUserById(key.userId) : undefined;
    return {
      ...(owner ? { UserName: owner.userName } : {}),
      AccessKeyLastUsed: {
        ...(key.lastUsedDate ? { LastUsedDate: key.lastUsedDate } : {}),
        ServiceName: key.lastUsedService ?? 'N/A',
        Region: key.lastUsedRegion ?? 'N/A',
      },
    };
  },
};
