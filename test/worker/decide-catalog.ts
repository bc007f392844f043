/**
 * The example SaaS's catalog (acme: projects and documents) built from the catalog interface
 * (core/catalog/types.ts), as the decision tests read it until the deployment's catalog loader lands; the
 * tests install it in place of data-plane/service-catalog.ts's `catalogFor`.
 */
import type { Catalog, CatalogAction, CatalogService } from '../../src/core/catalog/types';

const ACTIONS: Record<string, { resources: string[]; keys?: string[] }> = {
  CreateProject: { resources: ['project'], keys: ['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'acme:ProjectVisibility'] },
  GetProject: { resources: ['project'] },
  DeleteProject: { resources: ['project'] },
  GetProjectPolicy: { resources: ['project'] },
  GetDocument: { resources: ['document'] },
  DeleteDocument: { resources: ['document'] },
  ListDocuments: { resources: ['project'] },
  ListProjects: { resources: [] },
};
const RESOURCES: Record<string, { pattern: RegExp; keys: string[] }> = {
  project: { pattern: /^arn:[^:]+:acme:[^:]*:[^:]*:project\/[^/]+$/, keys: ['aws:ResourceTag/${TagKey}', 'acme:ProjectVisibility'] },
  document: { pattern: /^arn:[^:]+:acme:[^:]*:[^:]*:project\/[^/]+\/document\/[^/]+$/, keys: ['aws:ResourceTag/${TagKey}'] },
};

function acmeService(): CatalogService {
  const actions = new Map<string, CatalogAction>();
  for (const [name, a] of Object.entries(ACTIONS)) {
    actions.set(name.toLowerCase(), { name, accessLevel: 'Read', resources: a.resources.map((type) => ({ type, required: true })), conditionKeys: a.keys ?? [] });
  }
  const service: CatalogService = {
    prefix: 'acme',
    version: 1,
    action: (name) => actions.get(name.toLowerCase()),
    resourceTypeOf: (arn) => Object.entries(RESOURCES).find(([, r]) => r.pattern.test(arn))?.[0],
    conditionKeys: (action, type) => {
      const a = actions.get(action.toLowerCase());
      if (!a) return [];
      const types = type ? [type] : a.resources.map((r) => r.type);
      return [...a.conditionKeys, ...types.flatMap((t) => RESOURCES[t]?.keys ?? [])];
    },
    actions: () => [...actions.values()],
    resourceType: () => undefined,
    conditionKeyTypes: () => undefined,
  } as CatalogService;
  return service;
}

/** The example SaaS's catalog as the decision path reads it. */
export const TEST_CATALOG: Catalog = (() => {
  const acme = acmeService();
  return { service: (p) => (p.toLowerCase() === 'acme' ? acme : undefined), services: () => [acme] };
})();

