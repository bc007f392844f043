/**
 * @module IAM SAML identity providers: CreateSAMLProvider, GetSAMLProvider, ListSAMLProviders,
 * UpdateSAMLProvider, DeleteSAMLProvider.
 *
 * - The ARN is `arn:<partition>:iam::<account>:saml-provider/<Name>`; names are `[\w._-]+`, 1–128 (the
 *   model checks them), 100 providers per account (IAM quotas, "SAML providers in an AWS account").
 * - The metadata document (1,000–10,000,000 characters, checked by the model) must be SAML 2.0 metadata
 *   with an IDPSSODescriptor holding at least one RSA signing certificate of 1,024 bits or more; anything
 *   else is InvalidInput "Could not parse metadata." (IAM User Guide, "Troubleshooting SAML 2.0
 *   federation", which also names the 1,024-bit minimum). The same parser is the one AssumeRoleWithSAML
 *   uses (core/saml), so a provider IAM accepts is one STS can verify against.
 * - ValidUntil: the metadata's `validUntil` when it has one, else the provider's creation date plus 100
 *   years. AWS documents ValidUntil only as "the expiration date and time for the SAML provider"; the
 *   100-year default is an assumption (the far-future dates AWS lists for providers), not a documented rule.
 * - Assertion encryption (AssertionEncryptionMode `Required`, AddPrivateKey, RemovePrivateKey) is not
 *   supported: encrypted assertions are refused by the verifier, so these are refused here, plainly.
 *
 * Spec: IAM API Reference, API_CreateSAMLProvider.html, API_GetSAMLProvider.html ("The returned list of
 * tags is sorted by tag key"), API_ListSAMLProviders.html, API_UpdateSAMLProvider.html,
 * API_DeleteSAMLProvider.html; Service Authorization Reference, resource type `saml-provider`.
 */
import { entityAlreadyExists, invalidInput } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { SamlProviderRecord } from '../../../core/records';
import { parseSamlMetadata } from '../../../core/saml/metadata';
import type { AccountAction, AuthzTarget } from '../../action';
import type { CallContext } from '../../context';
import { buildTarget, type TargetInput } from '../../authz-target';
import { arnEntityTarget, arnNamedKind } from '../taggable';
import { checkRequestTags, mergeTags, toApiTags, type Tag } from '../tags';
import { checkQuota, found } from '../guards';

/** SAML providers one account may have (IAM quotas). */
export const MAX_SAML_PROVIDERS_PER_ACCOUNT = 100;

/** ValidUntil of a provider whose metadata sets none: this many years after creation. */
const DEFAULT_VALIDITY_YEARS = 100;

const iam = (action: string) => `iam:${action}`;

/** `arn:aws:iam::123456789012:saml-provider/Name`. */
export const samlProviderArn = (partition: string, accountId: string, name: string) => `arn:${partition}:iam::${accountId}:saml-provider/${name}`;

/** The provider at `arn`, or NoSuchEntity. */
export function requireSamlProvider(store: AccountStore, arn: string): SamlProviderRecord {
  return found(store.findSamlProvider(arn), `SAMLProvider ${arn} does not exist.`);
}

/** SAML providers as a taggable kind (resource type `saml-provider`), named by their ARN. */
export const SAML_TAGGABLE = arnNamedKind({
  type: 'saml-provider',
  noun: 'SAMLProvider',
  idMember: 'SAMLProviderArn',
  lookup: (store, arn) => store.findSamlProvider(arn),
  required: requireSamlProvider,
  arnOf: (p) => p.arn,
});

/** The authorization target of an action on a provider (services/authz-target.ts: its ARN, its tags). */
export const samlProviderTarget = (store: AccountStore, action: string, arn: string, input?: TargetInput): AuthzTarget =>
  arnEntityTarget(store, SAML_TAGGABLE, iam(action), arn, input);

/** Checks a metadata document; returns its ValidUntil (ISO) given the provider's creation date. */
function checkedValidUntil(document: string, createDate: string): string {
  const parsed = parseSamlMetadata(document);
  if (!parsed.ok) throw invalidInput('Could not parse metadata.');
  if (parsed.value.validUntilMs !== undefined) return new Date(parsed.value.validUntilMs).toISOString();
  const until = new Date(createDate);
  until.setUTCFullYear(until.getUTCFullYear() + DEFAULT_VALIDITY_YEARS);
  return until.toISOString();
}

/** Refuses the assertion-encryption parameters this service does not support. */
function refuseEncryption(input: { AssertionEncryptionMode?: string; AddPrivateKey?: string; RemovePrivateKey?: string }): void {
  if (input.AssertionEncryptionMode === 'Required' || input.AddPrivateKey !== undefined || input.RemovePrivateKey !== undefined) {
    throw invalidInput('SAML assertion encryption is not supported: AssertionEncryptionMode must be Allowed and no private key can be set.');
  }
}

/** Tags sorted by key, as GetSAMLProvider lists them. */
const sortedTags = (store: AccountStore, arn: string) =>
  toApiTags([...store.listTags('saml-provider', arn)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));

/** CreateSAMLProvider. */
export const CreateSAMLProvider: AccountAction<{
  SAMLMetadataDocument: string;
  Name: string;
  Tags?: Tag[];
  AssertionEncryptionMode?: string;
  AddPrivateKey?: string;
}> = {
  name: 'CreateSAMLProvider',
  target: (ctx: CallContext, _s, i) => buildTarget(iam('CreateSAMLProvider'), { type: 'saml-provider', arn: samlProviderArn(ctx.partition, ctx.caller.accountId, i.Name) }, i),
  run(ctx, store, input) {
    const tags = input.Tags ?? [];
    checkRequestTags(tags);
    refuseEncryption(input);
    const createDate = ctx.now.toISOString();
    const validUntil = checkedValidUntil(input.SAMLMetadataDocument, createDate);
    const arn = samlProviderArn(ctx.partition, ctx.caller.accountId, input.Name);
    if (store.findSamlProvider(arn)) throw entityAlreadyExists(`SAMLProvider ${input.Name} already exists.`);
    checkQuota(store.listSamlProviders().length, MAX_SAML_PROVIDERS_PER_ACCOUNT, 'SAMLProvidersPerAccount');
    const tagRecords = mergeTags([], tags, SAML_TAGGABLE);
    store.putSamlProvider({ arn, name: input.Name, metadataDocument: input.SAMLMetadataDocument, createDate, validUntil });
    store.replaceTags('saml-provider', arn, tagRecords);
    return { SAMLProviderArn: arn, ...(tags.length ? { Tags: toApiTags(tagRecords) } : {}) };
  },
};

/** GetSAMLProvider: the metadata as uploaded, the dates, the tags sorted by key. */
export const GetSAMLProvider: AccountAction<{ SAMLProviderArn: string }> = {
  name: 'GetSAMLProvider',
  target: (_ctx, store, i) => samlProviderTarget(store, 'GetSAMLProvider', i.SAMLProviderArn),
  run(_ctx, store, input) {
    const p = requireSamlProvider(store, input.SAMLProviderArn);
    const tags = sortedTags(store, p.arn);
    return {
      SAMLMetadataDocument: p.metadataDocument,
      CreateDate: p.createDate,
      ValidUntil: p.validUntil,
      AssertionEncryptionMode: 'Allowed',
      ...(tags.length ? { Tags: tags } : {}),
    };
  },
};

/** ListSAMLProviders: every provider of the account (the API has no pagination), by ARN. */
export const ListSAMLProviders: AccountAction<Record<string, never>> = {
  name: 'ListSAMLProviders',
  target: () => buildTarget(iam('ListSAMLProviders'), undefined),
  run(_ctx, store) {
    return { SAMLProviderList: store.listSamlProviders().map((p) => ({ Arn: p.arn, ValidUntil: p.validUntil, CreateDate: p.createDate })) };
  },
};

/** UpdateSAMLProvider: replaces the metadata document (and with it the signing keys and ValidUntil). */
export const UpdateSAMLProvider: AccountAction<{
  SAMLProviderArn: string;
  SAMLMetadataDocument?: string;
  AssertionEncryptionMode?: string;
  AddPrivateKey?: string;
  RemovePrivateKey?: string;
}> = {
  name: 'UpdateSAMLProvider',
  target: (_ctx, store, i) => samlProviderTarget(store, 'UpdateSAMLProvider', i.SAMLProviderArn),
  run(_ctx, store, input) {
    const p = requireSamlProvider(store, input.SAMLProviderArn);
    refuseEncryption(input);
    if (input.SAMLMetadataDocument === undefined) {
      if (input.AssertionEncryptionMode === 'Allowed') return { SAMLProviderArn: p.arn };
      throw invalidInput('Unable to update identity provider. No updates are defined for metadata or encryption assertion.');
    }
    const validUntil = checkedValidUntil(input.SAMLMetadataDocument, p.createDate);
    store.putSamlProvider({ ...p, metadataDocument: input.SAMLMetadataDocument, validUntil });
    return { SAMLProviderArn: p.arn };
  },
};

/** DeleteSAMLProvider: the provider and its tags. Roles trusting it stay, and can no longer be assumed through it. */
export const DeleteSAMLProvider: AccountAction<{ SAMLProviderArn: string }> = {
  name: 'DeleteSAMLProvider',
  target: (_ctx, store, i) => samlProviderTarget(store, 'DeleteSAMLProvider', i.SAMLProviderArn),
  run(_ctx, store, input) {
    const p = requireSamlProvider(store, input.SAMLProviderArn);
    store.deleteSamlProvider(p.arn);
    return {};
  },
};
