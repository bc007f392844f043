/**
 * @module The Worker's entry point: the Hono app and the AccountDO class. Nothing else is exported.
 */
import { createApp } from './http/app';

export { AccountDO } from './storage/account-do';

const app = createApp();

export default { fetch: app.fetch };
