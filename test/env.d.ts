import type { D1Migration } from 'cloudflare:test';
declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      ACCOUNT: DurableObjectNamespace;
      TEST_MIGRATIONS: D1Migration[];
      IAM_MASTER_KEY: string;
      OPERATOR_TOKEN: string;
    }
  }
}
export {};
