/**
 * @module acme's bindings and context variables (examples/acme/wrangler.toml).
 */
import type { DecisionService, IamVariables } from 'edge-iam/middleware';
import type { Project } from './store';

/** acme's Worker bindings. */
export interface AcmeEnv {
  /** acme's own database (examples/acme/migrations). */
  ACME_DB: D1Database;
  /** The edge-iam Worker's `DecisionEntrypoint` (service binding with `entrypoint`). */
  IAM: DecisionService;
  /** The region acme serves: the SigV4 scope tenants sign for, and the ARNs' region. */
  ACME_REGION?: string;
}

/** Hono context variables: the middleware's (`iam`, `iamDecision`, `iamClient`) and acme's own. */
export interface AcmeVariables extends IamVariables {
  /** The project the request names, when the resolver loaded it (read once per request). */
  project?: Project | null;
  /** The id a POST /projects was authorized for (the new project's ARN). */
  newProjectId?: string;
}

export type AcmeApp = { Bindings: AcmeEnv; Variables: AcmeVariables };

/** The service prefix of acme's catalog (examples/acme/acme.service.json). */
export const SERVICE = 'acme';
/** acme's region when the var is unset. */
export const regionOf = (env: Pick<AcmeEnv, 'ACME_REGION'>): string => env.ACME_REGION || 'us-east-1';
