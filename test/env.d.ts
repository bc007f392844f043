/** Types of the bindings inside workerd tests (`import { env, exports } from 'cloudflare:workers'`). */
import type { D1Migration } from 'cloudflare:test';
import type { AccountDO } from '../src/storage/account-do';
import type { SamlReplayDO } from '../src/storage/saml-replay-do';
import type { AuditMessage } from '../src/storage/audit-queue';

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import('../src/worker');
    }
    interface Env {
      DB: D1Database;
      ACCOUNT: DurableObjectNamespace<AccountDO>;
      SAML_REPLAY: DurableObjectNamespace<SamlReplayDO>;
      AUDIT_QUEUE: Queue<AuditMessage>;
      /** The audit archive (wrangler.toml's R2 bucket; miniflare's in the tests). */
      AUDIT_ARCHIVE: R2Bucket;
      TEST_MIGRATIONS: D1Migration[];
      /** The AWS-managed policy catalog's seed (scripts/lib/aws-managed-seed.mjs), applied by ./worker/setup.ts. */
      TEST_AWS_MANAGED_SEED: string[];
      /** The whole catalog's seed, for the tests that need every policy (`seedFullAwsManagedCatalog`). */
      TEST_AWS_MANAGED_SEED_FULL: string[];
      /** The artefact's text (catalog/aws-managed-policies/policies.ndjson), to compare answers with. */
      TEST_AWS_MANAGED_POLICIES: string;
      IAM_MASTER_KEY: string;
      OPERATOR_TOKEN: string;
    }
  }
}
export {};
