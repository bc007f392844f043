/**
 * @module Tag, Untag and List…Tags for the resources whose tags live in the shared tag table (virtual MFA
 * devices, OIDC and SAML providers): one definition, three resource kinds. Rules are tags.ts's (50 per
 * resource, keys unique regardless of case, `aws:` reserved); each tag action is authorized on the
 * resource's ARN with its current tags as `aws:ResourceTag/*`.
 * Spec: IAM API Reference (API_TagMFADevice, API_TagOpenIDConnectProvider, API_TagSAMLProvider and their
 * Untag/List siblings).
 */
import { AwsError, limitExceeded } from '../../core/errors';
import type { AccountStore } from '../../core/ports';
import type { TaggedResourceKind } from '../../core/records';
import type { AccountAction, AuthzTarget } from '../action';
import { pageOfList } from './pagination';
import { requestTagContext } from './policies/managed-shared';
import { checkRequestTags, MAX_TAGS_PER_RESOURCE, mergeTags, removeTags, toApiTags, type Tag } from './tags';

/** How one kind of resource is named and found. */
export interface TaggedResource {
  /** The API's noun: `MFADevice`, `OpenIDConnectProvider`, `SAMLProvider`. */
  noun: string;
  /** The input member naming the resource: `SerialNumber`, `OpenIDConnectProviderArn`, `SAMLProviderArn`. */
  idMember: string;
  kind: TaggedResourceKind;
  /** The resource kind in the LimitExceeded message (`TagsPer<quotaNoun>`); `noun` unless given. */
  quotaNoun?: string;
  /** Whether the resource exists (its id is its ARN). */
  exists(store: AccountStore, id: string): boolean;
  /** Throws the resource's own error (InvalidInput for a malformed id, NoSuchEntity) unless it exists. */
  require(store: AccountStore, id: string): void;
}

type Input = Record<string, unknown> & { Tags?: Tag[]; TagKeys?: string[]; Marker?: string; MaxItems?: number };

/** The three tag actions of a resource kind. */
export function resourceTagActions(r: TaggedResource): AccountAction<Input>[] {
  const idOf = (input: Input) => input[r.idMember] as string;
  const require = (store: AccountStore, id: string) => {
    r.require(store, id);
    return id;
  };
  const target = (store: AccountStore, action: string, id: string, extra?: Record<string, string | string[]>): AuthzTarget => {
    const context: Record<string, string | string[]> = {};
    if (r.exists(store, id)) for (const t of store.listResourceTags(r.kind, id)) context[`aws:ResourceTag/${t.key}`] = t.value;
    Object.assign(context, extra);
    return { action: `iam:${action}`, resource: id, ...(Object.keys(context).length ? { context } : {}) };
  };
  return [
    {
      name: `Tag${r.noun}`,
      target: (_ctx, store, i) => target(store, `Tag${r.noun}`, idOf(i), requestTagContext(i.Tags)),
      run(_ctx, store, input) {
        const id = require(store, idOf(input));
        checkRequestTags(input.Tags ?? []);
        let merged;
        try {
          merged = mergeTags(store.listResourceTags(r.kind, id), input.Tags ?? []);
        } catch (e) {
          if (e instanceof AwsError && e.code === 'LimitExceeded') throw limitExceeded(`Cannot exceed quota for TagsPer${r.quotaNoun ?? r.noun}: ${MAX_TAGS_PER_RESOURCE}`);
          throw e;
        }
        store.replaceResourceTags(r.kind, id, merged);
        return {};
      },
    },
    {
      name: `Untag${r.noun}`,
      target: (_ctx, store, i) => target(store, `Untag${r.noun}`, idOf(i), { 'aws:TagKeys': i.TagKeys ?? [] }),
      run(_ctx, store, input) {
        const id = require(store, idOf(input));
        store.replaceResourceTags(r.kind, id, removeTags(store.listResourceTags(r.kind, id), input.TagKeys ?? []));
        return {};
      },
    },
    {
      name: `List${r.noun}Tags`,
      target: (_ctx, store, i) => target(store, `List${r.noun}Tags`, idOf(i)),
      run(_ctx, store, input) {
        const id = require(store, idOf(input));
        const { items, ...pageFields } = pageOfList(store.listResourceTags(r.kind, id), input, (t) => t.key.toLowerCase());
        return { Tags: toApiTags(items), ...pageFields };
      },
    },
  ];
}
