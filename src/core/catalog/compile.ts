/**
 * @module A valid service reference document (`parse.ts`) → the indexed {@link CatalogService} the decision
 * path, the simulator and policy validation read; and a set of services → a {@link Catalog}. Done once per
 * service version: actions and resource types indexed by lower-case name, ARN formats compiled to
 * patterns (`arn-format.ts`), condition key templates to patterns.
 */
import { compileArnFormat, type CompiledArnFormat } from './arn-format';
import { accessLevelOf } from './parse';
import type { ServiceReference } from './reference';
import type { Catalog, CatalogAction, CatalogResourceType, CatalogService } from './types';

const VARIABLE = /\$\{[A-Za-z][A-Za-z0-9]*\}/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A condition key template (`aws:RequestTag/${TagKey}`) → a pattern matching its keys, case-insensitively. */
const keyPattern = (template: string) => new RegExp(`^${template.split(VARIABLE).map(escape).join('.+')}$`, 'is');

class CompiledService implements CatalogService {
  readonly prefix: string;
  private readonly actionList: CatalogAction[];
  private readonly actionIndex = new Map<string, CatalogAction>();
  private readonly resourceIndex = new Map<string, CatalogResourceType>();
  private readonly formats: { type: string; compiled: CompiledArnFormat }[] = [];
  private readonly exactKeys = new Map<string, readonly string[]>();
  private readonly templateKeys: [RegExp, readonly string[]][] = [];
  /** conditionKeys answers per known action and resource type (or none): bounded by the catalog's size. */
  private readonly keysMemo = new Map<string, readonly string[]>();

  constructor(
    doc: ServiceReference,
    readonly version: number,
  ) {
    this.prefix = doc.Name.toLowerCase();
    for (const r of doc.Resources ?? []) {
      const type: CatalogResourceType = { name: r.Name, arnFormats: [...r.ARNFormats], conditionKeys: [...(r.ConditionKeys ?? [])] };
      this.resourceIndex.set(r.Name.toLowerCase(), type);
      for (const f of r.ARNFormats) this.formats.push({ type: r.Name, compiled: compileArnFormat(f) });
    }
    this.actionList = doc.Actions.map((a) => ({
      name: a.Name,
      accessLevel: accessLevelOf(a.Annotations?.Properties),
      resources: (a.Resources ?? []).map((r) => ({ type: this.resourceIndex.get(r.Name.toLowerCase())!.name, required: true })),
      conditionKeys: [...(a.ActionConditionKeys ?? [])],
    }));
    for (const a of this.actionList) this.actionIndex.set(a.name.toLowerCase(), a);
    for (const k of doc.ConditionKeys ?? []) {
      if (VARIABLE.test(k.Name)) this.templateKeys.push([keyPattern(k.Name), [...k.Types]]);
      else this.exactKeys.set(k.Name.toLowerCase(), [...k.Types]);
    }
  }

  action(name: string): CatalogAction | undefined {
    return this.actionIndex.get(name.toLowerCase());
  }

  actions(): readonly CatalogAction[] {
    return this.actionList;
  }

  resourceType(name: string): CatalogResourceType | undefined {
    return this.resourceIndex.get(name.toLowerCase());
  }

  resourceTypeOf(arn: string): string | undefined {
    let best: { type: string; literalLength: number } | undefined;
    for (const { type, compiled } of this.formats) {
      if (compiled.pattern.test(arn) && (!best || compiled.literalLength > best.literalLength)) best = { type, literalLength: compiled.literalLength };
    }
    return best?.type;
  }

  conditionKeys(action: string, resourceType?: string): readonly string[] {
    const found = this.action(action);
    if (!found) return [];
    const type = resourceType === undefined ? undefined : this.resourceIndex.get(resourceType.toLowerCase());
    if (resourceType !== undefined && !type) return found.conditionKeys;
    const memo = `${found.name}\u0000${type?.name ?? ''}`;
    const known = this.keysMemo.get(memo);
    if (known) return known;
    const keys = new Map<string, string>();
    const add = (list: readonly string[]) => list.forEach((k) => keys.has(k.toLowerCase()) || keys.set(k.toLowerCase(), k));
    add(found.conditionKeys);
    // A resource type's keys apply to every action on a resource of that type (Service Authorization
    // Reference, "Resource types" table, "Condition keys" column); without a type, those of every type the
    // action takes.
    const types = resourceType === undefined ? found.resources : found.resources.filter((r) => r.type.toLowerCase() === resourceType.toLowerCase());
    for (const r of types) add(this.resourceIndex.get(r.type.toLowerCase())?.conditionKeys ?? []);
    const answer = Object.freeze([...keys.values()]);
    this.keysMemo.set(memo, answer);
    return answer;
  }

  conditionKeyTypes(key: string): readonly string[] | undefined {
    return this.exactKeys.get(key.toLowerCase()) ?? this.templateKeys.find(([re]) => re.test(key))?.[1];
  }
}

/** The service of a valid document (see `parseServiceReference`) at `version`. */
export function compileService(doc: ServiceReference, version: number): CatalogService {
  return new CompiledService(doc, version);
}

/** A catalog of compiled services (one per prefix; a later one with the same prefix replaces an earlier one). */
export function catalogOf(services: Iterable<CatalogService>): Catalog {
  const byPrefix = new Map<string, CatalogService>();
  for (const s of services) byPrefix.set(s.prefix, s);
  const list = [...byPrefix.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  return { service: (prefix) => byPrefix.get(prefix.toLowerCase()), services: () => list };
}

/** The catalog without services. */
export const EMPTY_CATALOG: Catalog = catalogOf([]);
