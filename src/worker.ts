/**
 * @module The Worker's entry point: the Hono app and the Durable Object classes (AccountDO, SamlReplayDO).
 * Nothing else is exported.
 */
import { createApp } from './http/app';

export { AccountDO } from './storage/account-do';
export { SamlReplayDO } from './storage/saml-replay-do';

const app = createApp();

export default { fetch: app.fetch };
