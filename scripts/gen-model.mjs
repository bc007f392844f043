#!/usr/bin/env node
/**
 * @module Generates the compact service-model tables that drive the AWS Query codec
 * (`src/protocol/query/model/iam.gen.ts`, `sts.gen.ts`) from botocore's service models.
 *
 * Usage: `npm run gen:model` (writes the files) or `node scripts/gen-model.mjs --check` (exits 1 when a
 * committed file is stale). The models are read from the repository's `models/` (botocore's files, with their
 * source and licence in models/README.md), or from `$EDGE_IAM_MODELS_DIR`.
 *
 * What is kept: for every operation its input shape, output shape, result wrapper and error codes; for every
 * shape reachable from an input or output its type, members (with `locationName`, `xmlName`, `flattened`,
 * `timestampFormat`), required members, min/max, pattern, enum, list member, map key/value and `sensitive`;
 * the metadata (apiVersion, xmlNamespace, serviceId); and the error table (code → HTTP status, sender fault).
 * Documentation strings are dropped: the tables ship in the Worker bundle.
 *
 * The exported functions are also used by the protocol tests, which compact botocore's protocol-test
 * vectors with the same code (`compactModel`) and check the committed files are fresh (`generateAll`).
 * Spec: botocore `service-2.json` (Apache-2.0).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO_ROOT, 'src/protocol/query/model');

/** The services generated: source file, output file, exported constant. */
export const TARGETS = [
  { source: 'iam.service-2.json', out: 'iam.gen.ts', constName: 'IAM_MODEL', title: 'AWS IAM' },
  { source: 'sts.service-2.json', out: 'sts.gen.ts', constName: 'STS_MODEL', title: 'AWS STS' },
];

/** Where the botocore models are: `$EDGE_IAM_MODELS_DIR`, else the repository's `models/`. */
export function modelsDir() {
  return process.env.EDGE_IAM_MODELS_DIR ?? path.join(REPO_ROOT, 'models');
}

/** Member-reference traits that matter on the wire. */
const REF_TRAITS = ['locationName', 'xmlName', 'flattened', 'timestampFormat'];
/** Shape fields kept, in output order (documentation, box, exception, deprecated… are dropped). */
const SHAPE_FIELDS = ['flattened', 'locationName', 'timestampFormat', 'min', 'max', 'pattern', 'enum', 'sensitive'];

function compactRef(ref) {
  const traits = {};
  for (const t of REF_TRAITS) if (ref[t] !== undefined) traits[t] = ref[t];
  return Object.keys(traits).length === 0 ? ref.shape : { shape: ref.shape, ...traits };
}

function compactShape(shape) {
  const out = { type: shape.type };
  if (shape.type === 'structure') {
    out.members = {};
    for (const [name, ref] of Object.entries(shape.members ?? {})) out.members[name] = compactRef(ref);
    if (shape.required?.length) out.required = [...shape.required];
  }
  if (shape.member) out.member = compactRef(shape.member);
  if (shape.key) out.key = compactRef(shape.key);
  if (shape.value) out.value = compactRef(shape.value);
  for (const f of SHAPE_FIELDS) if (shape[f] !== undefined) out[f] = shape[f];
  return out;
}

/** Names of every shape reachable from `roots` (members, list members, map keys and values). */
function reachable(shapes, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop();
    if (seen.has(name)) continue;
    const shape = shapes[name];
    if (!shape) throw new Error(`shape ${name} is referenced but not defined`);
    seen.add(name);
    for (const ref of Object.values(shape.members ?? {})) stack.push(ref.shape);
    for (const k of ['member', 'key', 'value']) if (shape[k]) stack.push(shape[k].shape);
  }
  return seen;
}

/**
 * Wire code, status and fault of an exception shape. With an `error` trait: its code (default the shape
 * name), status (default 400) and `senderFault` (absent means the service's fault, `Receiver`, as botocore
 * reads it). Without one (five Organizations-related IAM shapes): the shape name, 400, sender.
 */
function errorOf(name, shape) {
  if (!shape.error) return { code: name, status: 400, sender: true };
  return { code: shape.error.code ?? name, status: shape.error.httpStatusCode ?? 400, sender: shape.error.senderFault ?? false };
}

/**
 * Compacts a botocore service model (`{ metadata, operations, shapes }`) into the codec's format
 * (`src/protocol/query/model/types.ts`). Operations and shapes come out sorted by name, members in model order.
 */
export function compactModel(model) {
  const operations = {};
  const roots = [];
  for (const name of Object.keys(model.operations).sort()) {
    const op = model.operations[name];
    const out = {};
    if (op.input?.shape) {
      out.input = op.input.shape;
      roots.push(op.input.shape);
    }
    if (op.output?.shape) {
      out.output = op.output.shape;
      roots.push(op.output.shape);
      const wrapper = op.output.resultWrapper ?? model.shapes[op.output.shape]?.resultWrapper;
      if (wrapper) out.resultWrapper = wrapper;
    }
    if (op.errors?.length) out.errors = op.errors.map((e) => errorOf(e.shape, model.shapes[e.shape] ?? {}).code);
    operations[name] = out;
  }
  const keep = reachable(model.shapes, roots);
  const shapes = {};
  for (const name of [...keep].sort()) shapes[name] = compactShape(model.shapes[name]);
  const errors = {};
  for (const name of Object.keys(model.shapes).sort()) {
    const shape = model.shapes[name];
    if (!shape.exception && !shape.error) continue;
    const { code, status, sender } = errorOf(name, shape);
    errors[code] = { status, sender };
  }
  const metadata = { apiVersion: model.metadata.apiVersion };
  if (model.metadata.xmlNamespace) metadata.xmlNamespace = model.metadata.xmlNamespace;
  if (model.metadata.serviceId) metadata.serviceId = model.metadata.serviceId;
  return { metadata, operations, shapes, errors };
}

const entries = (obj) => Object.entries(obj).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`);

/** Renders a compacted model as the committed TypeScript module (one operation / shape / error per line). */
export function renderModule(compact, { constName, source, title }) {
  return [
    `/**`,
    ` * @module ${title} ${compact.metadata.apiVersion} service model, compacted for the AWS Query codec.`,
    ` *`,
    ` * GENERATED by scripts/gen-model.mjs from ${source} (botocore, Apache-2.0). Do not edit:`,
    ` * run \`npm run gen:model\`. Format: ./types.ts.`,
    ` */`,
    `import type { ServiceModel } from './types';`,
    ``,
    `/** ${title}: ${Object.keys(compact.operations).length} operations, ${Object.keys(compact.shapes).length} shapes, ${Object.keys(compact.errors).length} errors. */`,
    `export const ${constName}: ServiceModel = {`,
    `  metadata: ${JSON.stringify(compact.metadata)},`,
    `  operations: {`,
    ...entries(compact.operations),
    `  },`,
    `  shapes: {`,
    ...entries(compact.shapes),
    `  },`,
    `  errors: {`,
    ...entries(compact.errors),
    `  },`,
    `};`,
    ``,
  ].join('\n');
}

/** Generates every target in memory: `{ [outFile]: content }`. */
export function generateAll(dir = modelsDir()) {
  const files = {};
  for (const t of TARGETS) {
    const model = JSON.parse(readFileSync(path.join(dir, t.source), 'utf8'));
    files[t.out] = renderModule(compactModel(model), t);
  }
  return files;
}

function main() {
  const check = process.argv.includes('--check');
  const files = generateAll();
  let stale = 0;
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(OUT_DIR, name);
    if (check) {
      let current = '';
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        /* missing counts as stale */
      }
      if (current !== content) {
        console.error(`stale: ${path.relative(REPO_ROOT, target)} (run npm run gen:model)`);
        stale++;
      }
    } else {
      writeFileSync(target, content);
      console.log(`wrote ${path.relative(REPO_ROOT, target)} (${content.length} bytes)`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
