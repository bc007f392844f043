/**
 * @module Reading and validating a service reference document (`reference.ts`) before it joins the catalog.
 *
 * The document is accepted as AWS publishes it (Service Authorization Reference, "Simplified AWS service
 * information for programmatic access"): fields a catalog does not read (`SupportedBy`, `Operations`, and
 * any AWS adds later) pass through untouched. What is checked, each failure one {@link CatalogProblem}
 * with a JSON path and a sentence:
 * - the size ({@link CATALOG_LIMITS}) and the JSON syntax;
 * - `Name`, the service prefix: letters, digits and hyphens, starting with a letter (AWS's prefixes:
 *   `s3`, `access-analyzer`), not a prefix the deployment reserves (`aws`, `iam`, `sts` and every service
 *   of the built-in authorization table);
 * - `Actions`: names of letters, digits, `_` and `-` (no wildcard, no colon), unique regardless of case
 *   (IAM matches actions case-insensitively); flags that are booleans; condition keys and resource types
 *   that the document declares;
 * - `Resources`: names unique regardless of case, at least one ARN format each, every format well formed
 *   (`arn-format.ts`) and declared by one resource type only; condition keys the document declares;
 * - `ConditionKeys`: `<prefix>:Name` or a global `aws:Name`, `${Variable}` templates well formed, unique
 *   regardless of case (condition keys are case-insensitive), at least one type of the reference's types.
 */
import { err, ok, type Result } from '../result';
import { arnFormatError } from './arn-format';
import type { ServiceReference } from './reference';
import type { AccessLevel } from './types';

/** One thing wrong with a document: where (`$.Actions[2].Name`) and what. */
export interface CatalogProblem {
  readonly path: string;
  readonly message: string;
}

/** Bounds of one service's document. */
export const CATALOG_LIMITS = {
  /** UTF-8 bytes of the document as sent (a D1 row holds it whole). */
  documentBytes: 262_144,
  actions: 1000,
  resources: 200,
  conditionKeys: 500,
  arnFormatsPerResource: 10,
  nameLength: 128,
  conditionKeyLength: 256,
  /** Services of one deployment at most (each isolate holds every one compiled). */
  services: 100,
  /** Problems reported for one document at most (the rest are summarized). */
  problems: 50,
} as const;

/** Prefixes no catalog may declare: AWS's global condition key prefix and the services IAM itself answers. */
export const RESERVED_PREFIXES: readonly string[] = ['aws', 'iam', 'sts'];

/** A service prefix: letters, digits and hyphens, starting with a letter and not ending with a hyphen. */
export const SERVICE_PREFIX = /^[A-Za-z](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/;
const ACTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** The name part of a condition key: letters, digits, `_ . / -` and `${Variable}` templates. */
const KEY_NAME = /^(?:[A-Za-z0-9_./-]|\$\{[A-Za-z][A-Za-z0-9]*\})+$/;
/** Condition key types of the reference (scalar, and their ArrayOf forms). */
const KEY_TYPES: ReadonlySet<string> = new Set(
  ['String', 'ARN', 'Bool', 'Date', 'IPAddress', 'Numeric', 'Binary'].flatMap((t) => [t, `ArrayOf${t}`]),
);
const UTF8 = new TextEncoder();

/**
 * The access level the reference's pages show, from the flags: Permissions management, then Tagging,
 * then Write, then List, else Read. AWS sets `IsWrite` on permissions-management and tagging actions too
 * (they change state), so the more specific flag decides first.
 */
export function accessLevelOf(p: { IsList?: boolean; IsPermissionManagement?: boolean; IsTaggingOnly?: boolean; IsWrite?: boolean } | undefined): AccessLevel {
  if (p?.IsPermissionManagement) return 'Permissions management';
  if (p?.IsTaggingOnly) return 'Tagging';
  if (p?.IsWrite) return 'Write';
  if (p?.IsList) return 'List';
  return 'Read';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Options of {@link parseServiceReference}. */
export interface ParseOptions {
  /** More prefixes to refuse besides {@link RESERVED_PREFIXES} (the built-in authorization table's services). */
  readonly reserved?: Iterable<string>;
}

/**
 * Reads and validates one document (its text as sent). The document is returned as parsed, every field
 * kept; the problems, in document order, when it is not valid.
 */
export function parseServiceReference(text: string, options: ParseOptions = {}): Result<ServiceReference, CatalogProblem[]> {
  const bytes = UTF8.encode(text).length;
  if (bytes > CATALOG_LIMITS.documentBytes) {
    return err([{ path: '$', message: `The document is ${bytes} bytes; a service's document is at most ${CATALOG_LIMITS.documentBytes} bytes.` }]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return err([{ path: '$', message: 'The document is not valid JSON.' }]);
  }
  const problems = new Checker(options).document(doc);
  return problems.length > 0 ? err(problems) : ok(doc as ServiceReference);
}

/** Validates one document, collecting its problems. */
class Checker {
  private readonly problems: CatalogProblem[] = [];
  private readonly reserved: Set<string>;
  private prefix = '';
  /** Declared condition keys, lower case. */
  private readonly keys = new Set<string>();
  /** Declared resource types, lower case. */
  private readonly resources = new Set<string>();

  constructor(options: ParseOptions) {
    this.reserved = new Set([...RESERVED_PREFIXES, ...(options.reserved ?? [])].map((p) => p.toLowerCase()));
  }

  private add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  document(doc: unknown): CatalogProblem[] {
    if (!isObject(doc)) {
      this.add('$', 'The document must be a JSON object (a service reference: Name, Actions, Resources, ConditionKeys).');
      return this.problems;
    }
    this.name(doc['Name']);
    if (doc['Version'] !== undefined && typeof doc['Version'] !== 'string') this.add('$.Version', 'Version must be a string.');
    if (doc['Operations'] !== undefined && !Array.isArray(doc['Operations'])) this.add('$.Operations', 'Operations must be an array.');
    // Declarations first, so references to them are checked whatever the order of the fields.
    this.conditionKeys(doc['ConditionKeys']);
    this.resourceTypes(doc['Resources']);
    this.actions(doc['Actions']);
    return this.summarized();
  }

  private summarized(): CatalogProblem[] {
    const max = CATALOG_LIMITS.problems;
    if (this.problems.length <= max) return this.problems;
    return [...this.problems.slice(0, max), { path: '$', message: `${this.problems.length - max} more problems not listed.` }];
  }

  private name(name: unknown): void {
    if (typeof name !== 'string' || name === '') {
      this.add('$.Name', 'Name (the service prefix) is required and must be a string.');
      return;
    }
    if (!SERVICE_PREFIX.test(name)) {
      this.add('$.Name', `The service prefix "${name}" must be 1 to 64 letters, digits and hyphens, starting with a letter and not ending with a hyphen.`);
      return;
    }
    this.prefix = name.toLowerCase();
    if (this.reserved.has(this.prefix)) this.add('$.Name', `The service prefix "${name}" is reserved (${[...this.reserved].sort().join(', ')} are answered by IAM itself).`);
  }

  /** A list field: an array (or absent when optional) of at most `max` entries. */
  private list(value: unknown, path: string, field: string, max: number, required: boolean): unknown[] | undefined {
    if (value === undefined && !required) return undefined;
    if (!Array.isArray(value)) {
      this.add(path, `${field} must be an array.`);
      return undefined;
    }
    if (required && value.length === 0) this.add(path, `${field} must not be empty.`);
    if (value.length > max) {
      this.add(path, `${field} has ${value.length} entries; at most ${max} are allowed.`);
      return undefined;
    }
    return value;
  }

  private stringList(value: unknown, path: string, field: string, max: number): string[] {
    const list = this.list(value, path, field, max, false);
    if (!list) return [];
    const out: string[] = [];
    list.forEach((v, i) => {
      if (typeof v === 'string') out.push(v);
      else this.add(`${path}[${i}]`, `${field} entries must be strings.`);
    });
    return out;
  }

  private conditionKeys(value: unknown): void {
    const list = this.list(value, '$.ConditionKeys', 'ConditionKeys', CATALOG_LIMITS.conditionKeys, false) ?? [];
    list.forEach((entry, i) => {
      const path = `$.ConditionKeys[${i}]`;
      if (!isObject(entry)) return this.add(path, 'A condition key must be an object with Name and Types.');
      const name = entry['Name'];
      if (typeof name !== 'string') return this.add(`${path}.Name`, 'A condition key needs a Name.');
      const problem = this.conditionKeyNameError(name);
      if (problem) this.add(`${path}.Name`, problem);
      else if (this.keys.has(name.toLowerCase())) this.add(`${path}.Name`, `The condition key ${name} is declared twice (condition keys are case-insensitive).`);
      else this.keys.add(name.toLowerCase());
      const types = entry['Types'];
      if (!Array.isArray(types) || types.length === 0 || types.length > 4) {
        return this.add(`${path}.Types`, `The condition key ${name} needs Types: an array of one to four types.`);
      }
      for (const t of types) {
        if (typeof t !== 'string' || !KEY_TYPES.has(t)) this.add(`${path}.Types`, `The condition key ${name} has the unknown type ${JSON.stringify(t)} (one of ${[...KEY_TYPES].join(', ')}).`);
      }
    });
  }

  private conditionKeyNameError(name: string): string | undefined {
    if (name.length > CATALOG_LIMITS.conditionKeyLength) return `The condition key ${name.slice(0, 64)}… is longer than ${CATALOG_LIMITS.conditionKeyLength} characters.`;
    const colon = name.indexOf(':');
    const vendor = colon < 0 ? '' : name.slice(0, colon).toLowerCase();
    if (colon < 0 || (vendor !== 'aws' && vendor !== this.prefix)) {
      return `The condition key ${name} must be ${this.prefix || '<prefix>'}:<name> or a global aws:<name>.`;
    }
    if (!KEY_NAME.test(name.slice(colon + 1))) return `The condition key ${name} must be letters, digits, _ . / - and \${Variable} templates after its prefix.`;
    return undefined;
  }

  /** The references of `keys` (at `path`) to condition keys the document does not declare. */
  private keyReferences(keys: readonly string[], path: string, owner: string): void {
    const seen = new Set<string>();
    keys.forEach((k, i) => {
      if (!this.keys.has(k.toLowerCase())) this.add(`${path}[${i}]`, `${owner} uses the condition key ${k}, which ConditionKeys does not declare.`);
      if (seen.has(k.toLowerCase())) this.add(`${path}[${i}]`, `${owner} lists the condition key ${k} twice.`);
      seen.add(k.toLowerCase());
    });
  }

  private resourceTypes(value: unknown): void {
    const list = this.list(value, '$.Resources', 'Resources', CATALOG_LIMITS.resources, false) ?? [];
    const formats = new Map<string, string>();
    list.forEach((entry, i) => {
      const path = `$.Resources[${i}]`;
      if (!isObject(entry)) return this.add(path, 'A resource type must be an object with Name and ARNFormats.');
      const name = entry['Name'];
      if (typeof name !== 'string' || !RESOURCE_NAME.test(name) || name.length > CATALOG_LIMITS.nameLength) {
        this.add(`${path}.Name`, `A resource type needs a Name of 1 to ${CATALOG_LIMITS.nameLength} letters, digits, _ . and -.`);
      } else if (this.resources.has(name.toLowerCase())) {
        this.add(`${path}.Name`, `The resource type ${name} is declared twice.`);
      } else {
        this.resources.add(name.toLowerCase());
      }
      const label = typeof name === 'string' ? name : `#${i}`;
      const arns = this.stringList(entry['ARNFormats'], `${path}.ARNFormats`, 'ARNFormats', CATALOG_LIMITS.arnFormatsPerResource);
      if (arns.length === 0) this.add(`${path}.ARNFormats`, `The resource type ${label} needs at least one ARN format.`);
      arns.forEach((f, j) => {
        const problem = this.prefix ? arnFormatError(f, this.prefix) : undefined;
        if (problem) return this.add(`${path}.ARNFormats[${j}]`, `The ARN format ${f} ${problem}.`);
        const other = formats.get(f);
        if (other !== undefined) this.add(`${path}.ARNFormats[${j}]`, `The ARN format ${f} is declared by both ${other} and ${label}.`);
        formats.set(f, label);
      });
      this.keyReferences(this.stringList(entry['ConditionKeys'], `${path}.ConditionKeys`, 'ConditionKeys', CATALOG_LIMITS.conditionKeys), `${path}.ConditionKeys`, `The resource type ${label}`);
    });
  }

  private actions(value: unknown): void {
    const list = this.list(value, '$.Actions', 'Actions', CATALOG_LIMITS.actions, true) ?? [];
    const names = new Set<string>();
    list.forEach((entry, i) => {
      const path = `$.Actions[${i}]`;
      if (!isObject(entry)) return this.add(path, 'An action must be an object with a Name.');
      const name = entry['Name'];
      if (typeof name !== 'string' || !ACTION_NAME.test(name) || name.length > CATALOG_LIMITS.nameLength) {
        this.add(`${path}.Name`, `An action needs a Name of 1 to ${CATALOG_LIMITS.nameLength} letters, digits, _ and - (no wildcard, no colon).`);
      } else if (names.has(name.toLowerCase())) {
        this.add(`${path}.Name`, `The action ${name} is declared twice (action names are case-insensitive).`);
      } else {
        names.add(name.toLowerCase());
      }
      const label = typeof name === 'string' ? name : `#${i}`;
      this.annotations(entry['Annotations'], `${path}.Annotations`);
      this.keyReferences(this.stringList(entry['ActionConditionKeys'], `${path}.ActionConditionKeys`, 'ActionConditionKeys', CATALOG_LIMITS.conditionKeys), `${path}.ActionConditionKeys`, `The action ${label}`);
      const resources = this.list(entry['Resources'], `${path}.Resources`, 'Resources', CATALOG_LIMITS.resources, false) ?? [];
      const seen = new Set<string>();
      resources.forEach((r, j) => {
        const at = `${path}.Resources[${j}]`;
        const type = isObject(r) ? r['Name'] : undefined;
        if (typeof type !== 'string') return this.add(at, `The action ${label}'s resources must be objects with a Name.`);
        if (!this.resources.has(type.toLowerCase())) this.add(`${at}.Name`, `The action ${label} uses the resource type ${type}, which Resources does not declare.`);
        if (seen.has(type.toLowerCase())) this.add(`${at}.Name`, `The action ${label} lists the resource type ${type} twice.`);
        seen.add(type.toLowerCase());
      });
    });
  }

  private annotations(value: unknown, path: string): void {
    if (value === undefined) return;
    if (!isObject(value)) return this.add(path, 'Annotations must be an object.');
    const props = value['Properties'];
    if (props === undefined) return;
    if (!isObject(props)) return this.add(`${path}.Properties`, 'Annotations.Properties must be an object.');
    for (const flag of ['IsList', 'IsPermissionManagement', 'IsTaggingOnly', 'IsWrite']) {
      if (props[flag] !== undefined && typeof props[flag] !== 'boolean') this.add(`${path}.Properties.${flag}`, `${flag} must be true or false.`);
    }
  }
}
