/**
 * @module The IAM OpenID Connect provider actions, registered by services/iam/index.ts.
 */
import type { AccountAction } from '../../action';
import {
  AddClientIDToOpenIDConnectProvider,
  CreateOpenIDConnectProvider,
  DeleteOpenIDConnectProvider,
  GetOpenIDConnectProvider,
  ListOpenIDConnectProviders,
  RemoveClientIDFromOpenIDConnectProvider,
  UpdateOpenIDConnectProviderThumbprint,
} from './providers';
import { OIDC_TAG_ACTIONS } from './tags';

/** Every action of this folder. */
export const OIDC_ACTIONS: readonly AccountAction[] = [
  CreateOpenIDConnectProvider,
  GetOpenIDConnectProvider,
  ListOpenIDConnectProviders,
  DeleteOpenIDConnectProvider,
  AddClientIDToOpenIDConnectProvider,
  RemoveClientIDFromOpenIDConnectProvider,
  UpdateOpenIDConnectProviderThumbprint,
  ...OIDC_TAG_ACTIONS,
];

export { MAX_CLIENT_IDS_PER_PROVIDER, MAX_OIDC_PROVIDERS_PER_ACCOUNT, MAX_THUMBPRINTS_PER_PROVIDER, oidcProviderArn } from './lookup';
