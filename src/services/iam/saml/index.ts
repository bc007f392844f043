/**
 * @module The SAML identity provider actions, registered by services/iam/index.ts.
 */
import type { AccountAction } from '../../action';
import { CreateSAMLProvider, DeleteSAMLProvider, GetSAMLProvider, ListSAMLProviders, UpdateSAMLProvider } from './providers';
import { SAML_TAG_ACTIONS } from './tags';

/** Every action of this folder. */
export const SAML_ACTIONS: readonly AccountAction[] = [
  CreateSAMLProvider,
  GetSAMLProvider,
  ListSAMLProviders,
  UpdateSAMLProvider,
  DeleteSAMLProvider,
  ...SAML_TAG_ACTIONS,
];

export { MAX_SAML_PROVIDERS_PER_ACCOUNT } from './providers';
