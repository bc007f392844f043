/**
 * @module Builds an operation's typed input from flat Query parameters, driven by the service model, and
 * validates it against the model's constraints.
 *
 * Wire rules (Smithy awsQuery "Query key resolution"; botocore `QuerySerializer`):
 * - structure members `A.B`; scalars as strings (`true`/`false`, integers, decimals, ISO 8601 or epoch
 *   timestamps, base64 blobs);
 * - lists `Name.member.N` (`Name.N` when flattened; element renamed by `locationName`); `Name=` alone is the
 *   empty list;
 * - maps `Name.entry.N.key` / `.value` (`Name.N.key` when flattened; key/value renamed by `locationName`).
 *
 * Decisions where AWS documents nothing:
 * - List/map indices are positive decimal integers without leading zeros; elements are taken in index
 *   order and gaps are closed (`member.1`, `member.3` → two elements). Other suffixes (`member.0`,
 *   `member.01`, `member.x`) are unknown parameters and ignored, as AWS ignores unknown parameters.
 * - A value that does not parse as its type (`MaxItems=abc`) is reported as a `ValidationError`
 *   violation, collected with the constraint violations, worded like them
 *   (`Value 'abc' at 'maxItems' failed to satisfy constraint: Member must be a valid integer`).
 * - A structure is present when any parameter names it (`Tags.member.1.Foo=x` → a Tag with no Key,
 *   reported as `Value null at 'tags.1.member.key'`).
 *
 * Total: for any parameters it returns a value or throws `AwsError` (`ValidationError`, or
 * `InvalidAction` for an operation the model lacks); never anything else.
 */
import { AwsError } from '../../core/errors';
import { refShape } from './model/types';
import type { MemberRef, ServiceModel, ShapeDef } from './model/types';
import type { QueryParams } from './form';
import { parseBlob, parseBoolean, parseFloatValue, parseInteger, parseLong, parseTimestamp } from './scalars';
import { checkNumber, checkSize, checkString, elementPath, memberPath, report, validationFailure } from './validate';
import type { ViolationSink } from './validate';
import { isFlattened, listItemName, mapEntryNames, memberWireName, shapeOf } from './wire';

/** A service's own check of one string value of a shape: the message of its error, or undefined when it passes. */
export type OwnCheck = (value: string, path: string, shape: ShapeDef) => string | undefined;

/** Options of {@link decodeInput}. */
export interface DecodeOptions {
  /** Echo offending values in `ValidationError` messages (default true; sensitive shapes never are). */
  readonly echoValues?: boolean;
  /**
   * The service's own checks, by shape name, in place of the shape's pattern (its length and enum are still
   * the model's). They run once the model's constraints all hold, in parameter order; the first failure is
   * the `ValidationError`, with the check's message alone (IAM's path messages: ./iam-checks.ts).
   */
  readonly ownChecks?: Readonly<Record<string, OwnCheck>>;
}

/** One level of the parameter tree: `A.B.C=v` becomes A → B → C with value v. */
interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

/** Nesting beyond this is ignored: no real shape is that deep, and it bounds recursion on recursive shapes. */
const MAX_DEPTH = 64;
/** Marks a value that was present but did not parse (already reported). */
const INVALID: unique symbol = Symbol('invalid');
type Decoded = unknown | typeof INVALID;

interface Ctx extends ViolationSink {
  readonly model: ServiceModel;
  readonly ownChecks: Readonly<Record<string, OwnCheck>> | undefined;
  /** Own checks of values seen, run after the model's constraints. */
  readonly deferred: (() => string | undefined)[];
}

const INDEX_RE = /^[1-9]\d*$/;

/** Splits every parameter name on `.` into a tree (Maps, so `__proto__` and friends are plain keys). */
function buildTree(params: QueryParams): ParamNode {
  const root: ParamNode = {};
  for (const [name, value] of params) {
    let node = root;
    for (const segment of name.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(segment);
      if (next === undefined) {
        next = {};
        node.children.set(segment, next);
      }
      node = next;
    }
    node.value ??= value;
  }
  return root;
}

/** Children whose names are list indices, in index order (compared as decimal strings: no precision loss). */
function indexedChildren(node: ParamNode | undefined): ParamNode[] {
  if (node?.children === undefined) return [];
  const keys = [...node.children.keys()].filter((k) => INDEX_RE.test(k));
  keys.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((k) => node.children!.get(k)!);
}

function decodeStructure(ctx: Ctx, shape: ShapeDef, node: ParamNode, path: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = shape.required;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const target = shapeOf(ctx.model, ref);
    const child = target && node.children?.get(memberWireName(ctx.model, name, ref, target));
    const value: Decoded = child ? decodeValue(ctx, ref, child, memberPath(path, name), depth + 1) : undefined;
    if (value === INVALID) continue;
    if (value !== undefined) out[name] = value;
    else if (required?.includes(name)) report(ctx, target, memberPath(path, name), null, 'Member must not be null');
  }
  return out;
}

function decodeList(ctx: Ctx, ref: MemberRef, shape: ShapeDef, node: ParamNode, path: string, depth: number): Decoded {
  const items = isFlattened(ref, shape) ? node : node.children?.get(listItemName(ctx.model, shape));
  const nodes = indexedChildren(items);
  if (nodes.length === 0) return node.value === '' ? checkedList(ctx, shape, path, []) : undefined;
  const out: unknown[] = [];
  let invalid = false;
  for (const item of nodes) {
    const value = decodeValue(ctx, shape.member!, item, elementPath(path, out.length + 1), depth + 1);
    if (value === INVALID) invalid = true;
    else if (value !== undefined) out.push(value);
  }
  return invalid ? INVALID : checkedList(ctx, shape, path, out);
}

function checkedList(ctx: Ctx, shape: ShapeDef, path: string, list: unknown[]): unknown[] {
  checkSize(ctx, shape, path, list, list.length);
  return list;
}

function decodeMap(ctx: Ctx, ref: MemberRef, shape: ShapeDef, node: ParamNode, path: string, depth: number): Decoded {
  const entries = isFlattened(ref, shape) ? node : node.children?.get('entry');
  const names = mapEntryNames(ctx.model, shape);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let size = 0;
  let invalid = false;
  for (const entry of indexedChildren(entries)) {
    const keyNode = entry.children?.get(names.key);
    const valueNode = entry.children?.get(names.value);
    if (keyNode === undefined || valueNode === undefined) continue;
    const at = `${path}.entry.${size + 1}`;
    const key = decodeValue(ctx, shape.key!, keyNode, `${at}.key`, depth + 1);
    const value = decodeValue(ctx, shape.value!, valueNode, `${at}.value`, depth + 1);
    if (key === INVALID || value === INVALID) invalid = true;
    else if (typeof key === 'string' && value !== undefined && !(key in out)) {
      out[key] = value;
      size++;
    }
  }
  if (size === 0 && node.value !== '' && !invalid) return undefined;
  if (invalid) return INVALID;
  checkSize(ctx, shape, path, out, size);
  return out;
}

/** Reports a value that does not parse as its type. */
function typeError(ctx: Ctx, shape: ShapeDef, path: string, raw: string, what: string): typeof INVALID {
  report(ctx, shape, path, raw, `Member must be a valid ${what}`);
  return INVALID;
}

/** Decodes and checks one scalar; undefined when the node carries no value. */
function decodeScalar(ctx: Ctx, shapeName: string, shape: ShapeDef, raw: string | undefined, path: string): Decoded {
  if (raw === undefined) return undefined;
  switch (shape.type) {
    case 'string':
    case 'character': {
      const own = ctx.ownChecks && Object.hasOwn(ctx.ownChecks, shapeName) ? ctx.ownChecks[shapeName] : undefined;
      if (own === undefined) {
        checkString(ctx, shape, path, raw);
      } else {
        checkString(ctx, { ...shape, pattern: undefined }, path, raw);
        ctx.deferred.push(() => own(raw, path, shape));
      }
      return raw;
    }
    case 'boolean':
      return parseBoolean(raw) ?? typeError(ctx, shape, path, raw, 'boolean');
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const n = shape.type === 'integer' ? parseInteger(raw) : shape.type === 'long' ? parseLong(raw) : parseFloatValue(raw);
      if (n === undefined) return typeError(ctx, shape, path, raw, shape.type);
      checkNumber(ctx, shape, path, n);
      return n;
    }
    case 'timestamp':
      return parseTimestamp(raw) ?? typeError(ctx, shape, path, raw, 'timestamp');
    case 'blob': {
      const bytes = parseBlob(raw);
      if (bytes === undefined) return typeError(ctx, shape, path, raw, 'base64-encoded blob');
      checkSize(ctx, shape, path, bytes, bytes.length);
      return bytes;
    }
    default:
      return undefined;
  }
}

function decodeValue(ctx: Ctx, ref: MemberRef, node: ParamNode, path: string, depth: number): Decoded {
  const shape = shapeOf(ctx.model, ref);
  if (shape === undefined || depth > MAX_DEPTH) return undefined;
  switch (shape.type) {
    case 'structure':
      return decodeStructure(ctx, shape, node, path, depth);
    case 'list':
      return shape.member === undefined ? undefined : decodeList(ctx, ref, shape, node, path, depth);
    case 'map':
      return shape.key === undefined || shape.value === undefined ? undefined : decodeMap(ctx, ref, shape, node, path, depth);
    default:
      return decodeScalar(ctx, refShape(ref), shape, node.value, path);
  }
}

/**
 * Builds `operationName`'s typed input from the request parameters and validates it, e.g. for IAM
 * `CreateUser`: `{ UserName: 'bob', Path: '/', Tags: [{ Key: 'k', Value: 'v' }] }`. Member names are the
 * model's (PascalCase); lists are arrays, maps null-prototype records, timestamps `Date`, blobs
 * `Uint8Array`. Unknown parameters (including `Action` and `Version`) are ignored.
 *
 * @throws AwsError `ValidationError` (400) listing every violation, or `InvalidAction` when the model has
 *   no such operation.
 */
export function decodeInput<T = Record<string, unknown>>(
  model: ServiceModel,
  operationName: string,
  params: QueryParams,
  options: DecodeOptions = {},
): T {
  const op = Object.hasOwn(model.operations, operationName) ? model.operations[operationName] : undefined;
  if (op === undefined) {
    throw new AwsError('InvalidAction', `Could not find operation ${operationName} for version ${model.metadata.apiVersion}`, 400);
  }
  const ctx: Ctx = { model, violations: [], echoValues: options.echoValues ?? true, ownChecks: options.ownChecks, deferred: [] };
  const inputShape = op.input === undefined ? undefined : shapeOf(ctx.model, op.input);
  const input = inputShape === undefined ? {} : decodeStructure(ctx, inputShape, buildTree(params), '', 0);
  if (ctx.violations.length > 0) throw validationFailure(ctx.violations);
  for (const check of ctx.deferred) {
    const message = check();
    if (message !== undefined) throw new AwsError('ValidationError', message, 400);
  }
  return input as T;
}
