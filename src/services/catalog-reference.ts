/**
 * @module One view of "what the authorization reference says about an action", whoever defines it: IAM and
 * STS from the generated Service Authorization Reference table (./authz-table.gen.ts, read through
 * ./authz-resources.ts), every other service from the deployment's service catalog (core/catalog), which
 * the caller passes in (the services never read storage: the account's object and the isolates load the
 * catalog and hand it over, `CallContext.catalog`).
 *
 * The built-in services win: a catalog cannot declare `iam`, `sts` or any other prefix of the table
 * ({@link BUILT_IN_PREFIXES}, refused when a catalog is written and again when one is loaded).
 *
 * What the reference does NOT do, as AWS does not: decide whether a policy is valid. IAM stores a policy
 * whose actions or condition keys no service defines (CreatePolicy, Put*Policy check the grammar: a vendor
 * prefix of valid characters and one colon, core/policy/validate.ts); "the policy validator checks only the
 * JSON policy syntax", so a typo (`s2:`, `ListMyBuckets`) is stored and matches nothing, and the console
 * lists such entries as unrecognized (IAM User Guide, "Troubleshoot IAM policies",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html). So `acme:GetProjekt` and
 * `nosuch:Thing` are stored like `acme:GetProject`. Only IAM Access Analyzer's ValidatePolicy reports them,
 * as findings (ERROR `INVALID_ACTION`, "The action … does not exist. Did you mean …?"; `INVALID_SERVICE`;
 * IAM User Guide, "IAM policy validation check reference"), an API this service does not offer.
 */
import type { AccessLevel, Catalog } from '../core/catalog/types';
import { AUTHZ_TABLE, type AuthzServiceName } from './authz-table.gen';

/** The prefixes the built-in table answers for (no catalog may declare them). */
export const BUILT_IN_PREFIXES: readonly string[] = Object.keys(AUTHZ_TABLE);

/** An action as the reference (built-in or catalog) describes it. */
export interface ActionReference {
  /** The service prefix, lower case (`iam`, `acme`). */
  readonly service: string;
  /** The reference's spelling of the action (`CreateUser`, `GetProject`). */
  readonly name: string;
  readonly access: AccessLevel;
  /** Resource types in the reference's order. */
  readonly resources: readonly { readonly type: string; readonly required: boolean }[];
  /** The action's own condition keys. */
  readonly conditionKeys: readonly string[];
  /** The ARN templates of a resource type (`arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}`). */
  arnTemplates(type: string): readonly string[];
  /** The condition keys of a resource type (they apply to every action on such a resource). */
  resourceTypeKeys(type: string): readonly string[];
  /** The resource type of `arn` among this service's, or undefined. */
  resourceTypeOf(arn: string): string | undefined;
}

const builtIn = new Map<string, ActionReference>();

function builtInReference(service: AuthzServiceName, name: string): ActionReference {
  const table = AUTHZ_TABLE[service];
  const entry = table.actions[name]!;
  const templates = (type: string) => {
    const t = table.resourceTypes[type];
    return t ? [t.arn] : [];
  };
  return {
    service,
    name,
    access: entry.access,
    resources: entry.resources.map((r) => ({ type: r.type, required: r.required })),
    conditionKeys: [...entry.conditionKeys, ...entry.resources.flatMap((r) => r.conditionKeys ?? [])],
    arnTemplates: templates,
    resourceTypeKeys: (type) => table.resourceTypes[type]?.conditionKeys ?? [],
    resourceTypeOf: (arn) => Object.keys(table.resourceTypes).find((t) => templatePattern(table.resourceTypes[t]!.arn).test(arn)),
  };
}

/** `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}` → a RegExp matching its ARNs. */
function templatePattern(template: string): RegExp {
  const source = template
    .split(/\$\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${source}$`);
}

/**
 * The reference's description of `service:Action` (any case): the built-in table for its services, else
 * the catalog's service of that prefix; undefined when neither knows the action.
 */
export function actionReference(action: string, catalog?: Catalog): ActionReference | undefined {
  const colon = action.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  if (BUILT_IN_PREFIXES.includes(prefix)) {
    if (builtIn.size === 0) {
      for (const s of BUILT_IN_PREFIXES as AuthzServiceName[]) {
        for (const n of Object.keys(AUTHZ_TABLE[s].actions)) builtIn.set(`${s}:${n}`.toLowerCase(), builtInReference(s, n));
      }
    }
    return builtIn.get(`${prefix}:${name}`.toLowerCase());
  }
  const service = catalog?.service(prefix);
  const found = service?.action(name);
  if (!service || !found) return undefined;
  return {
    service: service.prefix,
    name: found.name,
    access: found.accessLevel,
    resources: found.resources,
    conditionKeys: found.conditionKeys,
    arnTemplates: (type) => service.resourceType(type)?.arnFormats ?? [],
    resourceTypeKeys: (type) => service.resourceType(type)?.conditionKeys ?? [],
    resourceTypeOf: (arn) => service.resourceTypeOf(arn),
  };
}

/** Whether the reference knows the service prefix at all (built in, or in the catalog). */
export const knownService = (prefix: string, catalog?: Catalog): boolean =>
  BUILT_IN_PREFIXES.includes(prefix.toLowerCase()) || catalog?.service(prefix) !== undefined;
