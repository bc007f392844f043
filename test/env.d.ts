/** Types of the bindings inside workerd tests (`import { env, exports } from 'cloudflare:workers'`). */
import type { D1Migration } from 'cloudflare:test';
import type { AccountDO } from '../src/storage/account-do';
import type { SamlReplayDO } from '../src/storage/saml-replay-do';

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import('../src/worker');
    }
    interface Env {
      DB: D1Database;
      ACCOUNT: DurableObjectNamespace<AccountDO>;
      SAML_REPLAY: DurableObjectNamespace<SamlReplayDO>;
      TEST_MIGRATIONS: D1Migration[];
      IAM_MASTER_KEY: string;
      OPERATOR_TOKEN: string;
    }
  }
}
export {};
