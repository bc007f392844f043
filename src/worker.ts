/**
 * @module The Worker's entry point: the Hono app, the Durable Object classes (AccountDO, SamlReplayDO) and the
 * decision service's RPC entrypoint (DecisionEntrypoint, for SaaS Workers' service bindings), and the audit
 * queue's consumer. Nothing else is exported.
 */
import { createApp } from './http/app';
import type { Env } from './env';
import { consumeAuditBatch, type AuditMessage } from './storage/audit-queue';

export { AccountDO } from './storage/account-do';
export { SamlReplayDO } from './storage/saml-replay-do';
export { DecisionEntrypoint } from './rpc/decision-entrypoint';

// The platform clock, read once per request by the app (workerd advances it at I/O, not during CPU work).
const app = createApp({ clock: Date.now });

export default {
  fetch: app.fetch,
  // The audit queue's consumer: isolate events into their accounts' trails.
  queue: (batch: MessageBatch<AuditMessage>, env: Env) => consumeAuditBatch(batch, env),
} satisfies ExportedHandler<Env, AuditMessage>;
