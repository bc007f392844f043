/**
 * @module What AWS's Service Authorization Reference says about an IAM or STS action: the resource ARN a
 * call is authorized against, its access level and the condition keys it supports. Reads the generated
 * table (./authz-table.gen.ts, `npm run gen:authz`).
 *
 * Action names are matched case-insensitively (`iam:createuser` is `iam:CreateUser`), as IAM matches them.
 * The functions that take a `catalog` also answer for the deployment's catalog services (`acme:GetProject`,
 * ./catalog-reference.ts); the built-in table answers for its own prefixes whatever the catalog says.
 * Spec: Service Authorization Reference, "Actions, resources, and condition keys for AWS Identity and Access
 * Management" and "... for AWS Security Token Service".
 */
import type { Catalog } from '../core/catalog/types';
import { AUTHZ_TABLE } from './authz-table.gen';
import { actionReference } from './catalog-reference';
import type { AuthzAccessLevel, AuthzAction, AuthzArnVariable, AuthzConditionKeyType, AuthzServiceName } from './authz-table.gen';

export type { AuthzAccessLevel, AuthzAction, AuthzArnVariable, AuthzConditionKeyType, AuthzServiceName } from './authz-table.gen';

/**
 * The values an ARN template is filled with: `partition` and `account` for `${Partition}` and `${Account}`,
 * every other variable under its own name (`UserNameWithPath: 'division/bob'`, see `nameWithPath`).
 */
export type ArnValues = { readonly partition: string; readonly account: string } & {
  readonly [K in Exclude<AuthzArnVariable, 'Partition' | 'Account'>]?: string;
};

/** An action found in the table. */
export interface ActionInfo {
  service: AuthzServiceName;
  /** The reference's spelling, `CreateUser`. */
  name: string;
  entry: AuthzAction;
}

let actionIndex: Map<string, ActionInfo> | undefined;

/**
 * The table's entry for `service:Name` (any case); undefined when the reference does not list the action.
 * IAM and STS only: the catalog's actions are found by `actionReference` (./catalog-reference.ts).
 */
export function lookupAction(action: string): ActionInfo | undefined {
  if (!actionIndex) {
    actionIndex = new Map();
    for (const service of Object.keys(AUTHZ_TABLE) as AuthzServiceName[]) {
      for (const [name, entry] of Object.entries(AUTHZ_TABLE[service].actions)) {
        actionIndex.set(`${service}:${name}`.toLowerCase(), { service, name, entry });
      }
    }
  }
  return actionIndex.get(action.toLowerCase());
}

/** The action's access level (`Read`, `List`, `Write`, `Permissions management`, `Tagging`); undefined if unknown. */
export const actionAccessLevel = (action: string, catalog?: Catalog): AuthzAccessLevel | undefined =>
  lookupAction(action)?.entry.access ?? actionReference(action, catalog)?.access;

/**
 * The condition keys the reference lists for the action (action-level keys, then any the action's resource
 * types add, without repeats); undefined if the action is unknown. Templates keep their variable:
 * `aws:RequestTag/${TagKey}`.
 */
export function actionConditionKeys(action: string, catalog?: Catalog): readonly string[] | undefined {
  const found = lookupAction(action);
  if (!found) return catalogConditionKeys(action, undefined, catalog);
  const keys = new Set(found.entry.conditionKeys);
  for (const r of found.entry.resources) for (const k of r.conditionKeys ?? []) keys.add(k);
  return [...keys];
}

/**
 * The condition keys an action is authorized with when it targets a resource of `resourceType`: the
 * action's own keys, then the keys the reference lists for that resource type (`aws:ResourceTag/${TagKey}`
 * for a user, role, policy…), when the action takes that type. Undefined if the action is unknown.
 * Spec: Service Authorization Reference, "Resource types defined by IAM" ("Condition keys" column): those
 * keys apply to every action on a resource of the type.
 */
export function targetConditionKeys(action: string, resourceType?: string, catalog?: Catalog): readonly string[] | undefined {
  const found = lookupAction(action);
  if (!found) return catalogConditionKeys(action, resourceType, catalog);
  const keys = new Set(actionConditionKeys(action));
  const takes = resourceType !== undefined && found.entry.resources.some((r) => r.type === resourceType);
  if (takes) for (const k of AUTHZ_TABLE[found.service].resourceTypes[resourceType]?.conditionKeys ?? []) keys.add(k);
  return [...keys];
}

/**
 * A catalog action's keys: its own, then those of its resource type `resourceType` when it takes it (of
 * every type it takes when `resourceType` is not given). Undefined when the catalog does not know it.
 */
function catalogConditionKeys(action: string, resourceType: string | undefined, catalog: Catalog | undefined): readonly string[] | undefined {
  const found = actionReference(action, catalog);
  if (!found) return undefined;
  const keys = new Map<string, string>();
  const add = (list: readonly string[]) => list.forEach((k) => keys.has(k.toLowerCase()) || keys.set(k.toLowerCase(), k));
  add(found.conditionKeys);
  for (const r of found.resources) if (resourceType === undefined || r.type.toLowerCase() === resourceType.toLowerCase()) add(found.resourceTypeKeys(r.type));
  return [...keys.values()];
}

/** The resource types the reference lists for the action, in its order (`[{ type: 'user', required: true }]`). */
export const actionResourceTypes = (action: string, catalog?: Catalog): readonly { readonly type: string; readonly required: boolean }[] | undefined =>
  lookupAction(action)?.entry.resources ?? actionReference(action, catalog)?.resources;

/** `${UserNameWithPath}` and its kin from an IAM path (`/`, `/division/`) and a name: `bob`, `division/bob`. */
export function nameWithPath(path: string, name: string): string {
  if (!path.startsWith('/') || !path.endsWith('/')) throw new Error(`an IAM path starts and ends with '/': ${path}`);
  return `${path.slice(1)}${name}`;
}

const VARIABLE = /\$\{(\w+)\}/g;

function valueOf(values: ArnValues, variable: string): string | undefined {
  if (variable === 'Partition') return values.partition;
  if (variable === 'Account') return values.account;
  return (values as Readonly<Record<string, string | undefined>>)[variable];
}

const missingVariables = (template: string, values: ArnValues) =>
  [...template.matchAll(VARIABLE)].map((m) => m[1]!).filter((v) => valueOf(values, v) === undefined);

/** Fills an ARN template (`arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`); throws if a value is missing. */
export function fillArnTemplate(template: string, values: ArnValues): string {
  const missing = missingVariables(template, values);
  if (missing.length > 0) throw new Error(`no value for ${missing.map((v) => `\${${v}}`).join(', ')} in ${template}`);
  return template.replace(VARIABLE, (_, v: string) => valueOf(values, v)!);
}

/**
 * The resource ARN a call of `action` is authorized against: the ARN template of one of the action's
 * resource types, filled from `values`; `'*'` when the reference lists no resource type for the action.
 *
 * The type is `type` when given (it must be one of the action's). Otherwise the action's first required
 * type, else its first; when the action has several (iam:GenerateServiceLastAccessedDetails takes a user,
 * group, role or policy), the first, required ones before the others, whose variables `values` all has.
 * Throws for an action the reference does not list, a type the action does not take, or a missing value.
 */
export function resourceArnFor(action: string, values: ArnValues, type?: string): string {
  const found = lookupAction(action);
  if (!found) throw new Error(`${action} is not in the Service Authorization Reference table`);
  const { resources } = found.entry;
  if (resources.length === 0) return '*';
  const types = AUTHZ_TABLE[found.service].resourceTypes;
  const templateOf = (t: string) => types[t]!.arn;
  if (type !== undefined) {
    if (!resources.some((r) => r.type === type)) throw new Error(`${action} does not take resource type ${type}`);
    return fillArnTemplate(templateOf(type), values);
  }
  const ordered = [...resources.filter((r) => r.required), ...resources.filter((r) => !r.required)];
  const usable = ordered.find((r) => missingVariables(templateOf(r.type), values).length === 0) ?? ordered[0]!;
  return fillArnTemplate(templateOf(usable.type), values);
}

interface KeyIndex {
  exact: Map<string, AuthzConditionKeyType>;
  patterns: [RegExp, AuthzConditionKeyType][];
}
let keyIndex: KeyIndex | undefined;

/**
 * The type the reference gives a condition key (`String`, `ARN`, `ArrayOfString`, `Numeric`, `Bool`, …),
 * for the keys of IAM and STS (and the global keys they list); matched case-insensitively, a template's
 * variable matching any text (`aws:RequestTag/Dept` is `aws:RequestTag/${TagKey}`). Undefined if unknown.
 */
export function conditionKeyType(key: string): AuthzConditionKeyType | undefined {
  if (!keyIndex) {
    const index: KeyIndex = { exact: new Map(), patterns: [] };
    for (const service of Object.values(AUTHZ_TABLE)) {
      for (const [k, t] of Object.entries(service.conditionKeys)) {
        if (!k.includes('${')) {
          index.exact.set(k.toLowerCase(), t);
          continue;
        }
        const source = k
          .split(VARIABLE)
          .map((part, i) => (i % 2 === 1 ? '.+' : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
          .join('');
        index.patterns.push([new RegExp(`^${source}$`, 'i'), t]);
      }
    }
    keyIndex = index;
  }
  return keyIndex.exact.get(key.toLowerCase()) ?? keyIndex.patterns.find(([re]) => re.test(key))?.[1];
}
