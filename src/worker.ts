/**
 * @module The Worker's entry point: the Hono app, the Durable Object classes (AccountDO, SamlReplayDO) and the
 * decision service's RPC entrypoint (DecisionEntrypoint, for SaaS Workers' service bindings). Nothing else
 * is exported.
 */
import { createApp } from './http/app';

export { AccountDO } from './storage/account-do';
export { SamlReplayDO } from './storage/saml-replay-do';
export { DecisionEntrypoint } from './rpc/decision-entrypoint';

// The platform clock, read once per request by the app (workerd advances it at I/O, not during CPU work).
const app = createApp({ clock: Date.now });

export default { fetch: app.fetch };
