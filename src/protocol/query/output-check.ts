/**
 * @module Checks a service's output object against the operation's output shape in the model: what the
 * serializer would otherwise send wrong or drop without a word.
 *
 * Reported, each as `<path>: <problem>` (path in model member names, `Users[0].PermissionsBoundary…`):
 * - a string (or map key) of an enum shape whose value is not one of the model's values (the service once
 *   sent `PermissionsBoundaryType` `Policy`; the model's only value is `PermissionsBoundaryPolicy`);
 * - a member the shape does not have (the serializer leaves it out: a misspelt or misplaced field);
 * - a value of the wrong kind for its shape (an object for a string, a non-list for a list, a date that is
 *   not a date): the serializer leaves it out too.
 * Required members are not checked: AWS itself leaves some out (GetUser of the root user has no `UserName`
 * or `Path`, though the model's `User` requires them).
 *
 * Used by the Query endpoint when `IAM_CHECK_OUTPUT` is set (the worker and e2e tests set it), so every
 * response a test provokes is checked against the model. Pure; never throws.
 *
 * Spec: botocore service model (`enum`, structure `members`); Smithy `@enum` / enum shapes.
 */
import type { MemberRef, ServiceModel, ShapeDef } from './model/types';
import { toDate } from './scalars';
import { shapeOf } from './wire';

/** Nesting beyond this is not walked (no output shape nests that deep; it bounds cycles). */
const MAX_DEPTH = 64;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkEnum(shape: ShapeDef, value: string, path: string, out: string[]): void {
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    out.push(`${path}: '${value}' is not one of the model's values [${shape.enum.join(', ')}]`);
  }
}

function checkScalar(shape: ShapeDef, v: unknown, path: string, out: string[]): void {
  switch (shape.type) {
    case 'string':
    case 'character':
      if (typeof v === 'string') checkEnum(shape, v, path, out);
      else out.push(`${path}: a ${typeof v} where the model has a string`);
      return;
    case 'boolean':
      if (typeof v !== 'boolean' && v !== 'true' && v !== 'false') out.push(`${path}: ${JSON.stringify(v)} is not a boolean`);
      return;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof v !== 'number' && typeof v !== 'bigint') out.push(`${path}: a ${typeof v} where the model has a number`);
      return;
    case 'timestamp':
      if (toDate(v) === undefined) out.push(`${path}: ${JSON.stringify(v)} is not a timestamp`);
      return;
    case 'blob':
      if (!(v instanceof Uint8Array) && !(v instanceof ArrayBuffer) && typeof v !== 'string') out.push(`${path}: not a blob`);
      return;
    default:
      return;
  }
}

function walk(model: ServiceModel, ref: MemberRef, v: unknown, path: string, depth: number, out: string[]): void {
  const shape = shapeOf(model, ref);
  if (shape === undefined || v === undefined || v === null || depth > MAX_DEPTH) return;
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(v)) {
        out.push(`${path}: not a structure`);
        return;
      }
      const members = shape.members ?? {};
      for (const [name, value] of Object.entries(v)) {
        const at = path === '' ? name : `${path}.${name}`;
        if (!Object.hasOwn(members, name)) {
          if (value !== undefined) out.push(`${at}: no such member in the model`);
          continue;
        }
        walk(model, members[name]!, value, at, depth + 1, out);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(v)) out.push(`${path}: not a list`);
      else if (shape.member !== undefined) v.forEach((item, i) => walk(model, shape.member!, item, `${path}[${i}]`, depth + 1, out));
      return;
    case 'map': {
      const entries = v instanceof Map ? [...v.entries()] : isRecord(v) ? Object.entries(v) : undefined;
      if (entries === undefined) {
        out.push(`${path}: not a map`);
        return;
      }
      for (const [k, val] of entries) {
        if (shape.key !== undefined) walk(model, shape.key, k, `${path}{key}`, depth + 1, out);
        if (shape.value !== undefined) walk(model, shape.value, val, `${path}[${String(k)}]`, depth + 1, out);
      }
      return;
    }
    default:
      checkScalar(shape, v, path, out);
  }
}

/**
 * Everything in `output` that the model of `operationName`'s output does not allow (empty when it all
 * fits, or when the model has no such operation or output shape).
 */
export function outputViolations(model: ServiceModel, operationName: string, output: unknown): string[] {
  const op = Object.hasOwn(model.operations, operationName) ? model.operations[operationName] : undefined;
  const out: string[] = [];
  if (op?.output === undefined) {
    if (isRecord(output) && Object.values(output).some((v) => v !== undefined)) out.push(`${operationName} has no output shape, yet the service returned members`);
    return out;
  }
  walk(model, op.output, output, '', 0, out);
  return out;
}
