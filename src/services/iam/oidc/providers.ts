/**
 * @module The IAM OIDC provider actions: CreateOpenIDConnectProvider, GetOpenIDConnectProvider,
 * ListOpenIDConnectProviders, DeleteOpenIDConnectProvider, AddClientIDToOpenIDConnectProvider,
 * RemoveClientIDFromOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint.
 *
 * A provider is named by its URL: the ARN is `oidc-provider/<url without https://>`, so one URL is one
 * provider per account (EntityAlreadyExists "Provider with url <url> already exists.", AWS's wording).
 * GetOpenIDConnectProvider shows the URL without its scheme, as AWS does. Adding a client id already there
 * and removing one that is not there succeed ("This operation is idempotent"), and so does deleting a
 * provider that does not exist (DeleteOpenIDConnectProvider: "it does not fail or return an error if you
 * call the operation for a provider that does not exist").
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 * and siblings.
 */
import { entityAlreadyExists, invalidInput } from '../../../core/errors';
import { parseProviderUrl } from '../../../core/jwt/index';
import type { OidcProviderRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import { checkRequestTags, mergeTags, toApiTags, type Tag } from '../tags';
import {
  MAX_CLIENT_IDS_PER_PROVIDER,
  MAX_OIDC_PROVIDERS_PER_ACCOUNT,
  checkClientIds,
  checkThumbprints,
  OIDC_TAGGABLE,
  oidcProviderArn,
  providerTarget,
  requireProvider,
} from './lookup';
import { checkQuota } from '../guards';

/** The provider URL without scheme; InvalidInput worded with the reason. */
function providerUrl(url: string): string {
  const parsed = parseProviderUrl(url);
  if (!parsed.ok) throw invalidInput(`Invalid Url ${url}: ${parsed.error}`);
  return parsed.value;
}

/** The ARN a CreateOpenIDConnectProvider call names (for authorization, before the URL is checked). */
function arnToBe(partition: string, accountId: string, url: string): string {
  const parsed = parseProviderUrl(url);
  return oidcProviderArn(partition, accountId, parsed.ok ? parsed.value : url.replace(/^https:\/\//i, ''));
}

type ProviderArnInput = { OpenIDConnectProviderArn: string };

/** CreateOpenIDConnectProvider. */
export const CreateOpenIDConnectProvider: AccountAction<{ Url: string; ClientIDList?: string[]; ThumbprintList?: string[]; Tags?: Tag[] }> = {
  name: 'CreateOpenIDConnectProvider',
  target: (ctx, _store, i) => buildTarget('iam:CreateOpenIDConnectProvider', { type: 'oidc-provider', arn: arnToBe(ctx.partition, ctx.caller.accountId, i.Url) }, i),
  run(ctx, store, input) {
    const url = providerUrl(input.Url);
    const clientIds = checkClientIds(input.ClientIDList ?? []);
    const thumbprints = checkThumbprints(input.ThumbprintList ?? []);
    const tags = input.Tags ?? [];
    checkRequestTags(tags);
    const tagRecords = mergeTags([], tags, OIDC_TAGGABLE);
    const arn = oidcProviderArn(ctx.partition, ctx.caller.accountId, url);
    if (store.findOidcProvider(arn)) throw entityAlreadyExists(`Provider with url ${input.Url} already exists.`);
    checkQuota(store.listOidcProviders().length, MAX_OIDC_PROVIDERS_PER_ACCOUNT, 'OpenIdConnectProvidersPerAccount');
    const provider: OidcProviderRecord = { arn, url, clientIds, thumbprints, createDate: ctx.now.toISOString() };
    store.putOidcProvider(provider);
    if (tagRecords.length) store.replaceTags('oidc-provider', arn, tagRecords);
    return { OpenIDConnectProviderArn: arn, ...(tagRecords.length ? { Tags: toApiTags(tagRecords) } : {}) };
  },
};

/** GetOpenIDConnectProvider: URL (without scheme), client ids, thumbprints, creation date, tags. */
export const GetOpenIDConnectProvider: AccountAction<ProviderArnInput> = {
  name: 'GetOpenIDConnectProvider',
  target: (_ctx, store, i) => providerTarget(store, 'GetOpenIDConnectProvider', i.OpenIDConnectProviderArn),
  run(_ctx, store, input) {
    const p = requireProvider(store, input.OpenIDConnectProviderArn);
    const tags = store.listTags('oidc-provider', p.arn);
    return {
      Url: p.url,
      ClientIDList: p.clientIds,
      ThumbprintList: p.thumbprints,
      CreateDate: p.createDate,
      ...(tags.length ? { Tags: toApiTags(tags) } : {}),
    };
  },
};

/** ListOpenIDConnectProviders: every provider's ARN (not paginated in the API). */
export const ListOpenIDConnectProviders: AccountAction<Record<string, never>> = {
  name: 'ListOpenIDConnectProviders',
  target: () => buildTarget('iam:ListOpenIDConnectProviders', undefined),
  run(_ctx, store) {
    return { OpenIDConnectProviderList: store.listOidcProviders().map((p) => ({ Arn: p.arn })) };
  },
};

/** DeleteOpenIDConnectProvider, idempotent; the provider's tags go with it. */
export const DeleteOpenIDConnectProvider: AccountAction<ProviderArnInput> = {
  name: 'DeleteOpenIDConnectProvider',
  target: (_ctx, store, i) => providerTarget(store, 'DeleteOpenIDConnectProvider', i.OpenIDConnectProviderArn),
  run(_ctx, store, input) {
    try {
      requireProvider(store, input.OpenIDConnectProviderArn);
    } catch (e) {
      if ((e as { code?: string }).code === 'NoSuchEntity') return {};
      throw e;
    }
    store.deleteOidcProvider(input.OpenIDConnectProviderArn);
    return {};
  },
};

/** AddClientIDToOpenIDConnectProvider; adding an id already registered changes nothing. */
export const AddClientIDToOpenIDConnectProvider: AccountAction<ProviderArnInput & { ClientID: string }> = {
  name: 'AddClientIDToOpenIDConnectProvider',
  target: (_ctx, store, i) => providerTarget(store, 'AddClientIDToOpenIDConnectProvider', i.OpenIDConnectProviderArn),
  run(_ctx, store, input) {
    const p = requireProvider(store, input.OpenIDConnectProviderArn);
    if (p.clientIds.includes(input.ClientID)) return {};
    checkQuota(p.clientIds.length, MAX_CLIENT_IDS_PER_PROVIDER, 'ClientIdsPerOpenIdConnectProvider');
    store.putOidcProvider({ ...p, clientIds: [...p.clientIds, input.ClientID] });
    return {};
  },
};

/** RemoveClientIDFromOpenIDConnectProvider; removing an id that is not registered changes nothing. */
export const RemoveClientIDFromOpenIDConnectProvider: AccountAction<ProviderArnInput & { ClientID: string }> = {
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  target: (_ctx, store, i) => providerTarget(store, 'RemoveClientIDFromOpenIDConnectProvider', i.OpenIDConnectProviderArn),
  run(_ctx, store, input) {
    const p = requireProvider(store, input.OpenIDConnectProviderArn);
    if (!p.clientIds.includes(input.ClientID)) return {};
    store.putOidcProvider({ ...p, clientIds: p.clientIds.filter((c) => c !== input.ClientID) });
    return {};
  },
};

/** UpdateOpenIDConnectProviderThumbprint: replaces the whole list (an empty list clears it). */
export const UpdateOpenIDConnectProviderThumbprint: AccountAction<ProviderArnInput & { ThumbprintList: string[] }> = {
  name: 'UpdateOpenIDConnectProviderThumbprint',
  target: (_ctx, store, i) => providerTarget(store, 'UpdateOpenIDConnectProviderThumbprint', i.OpenIDConnectProviderArn),
  run(_ctx, store, input) {
    const p = requireProvider(store, input.OpenIDConnectProviderArn);
    store.putOidcProvider({ ...p, thumbprints: checkThumbprints(input.ThumbprintList ?? []) });
    return {};
  },
};
