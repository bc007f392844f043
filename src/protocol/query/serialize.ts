/**
 * @module Serializes AWS Query responses from the service model: successful results as
 * `<OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>`
 * and errors as IAM's `<ErrorResponse>`.
 *
 * Output rules (Smithy awsQuery "XML shape serialization"; botocore `QueryParser`):
 * - structure members as child elements in model order, named by `locationName` or the member name;
 *   members that are `undefined`/`null` are omitted;
 * - lists as `<member>` children (or the element's `locationName`); flattened lists repeat the member
 *   element itself; maps as `<entry><key/><value/></entry>` (flattened: repeated member elements);
 * - timestamps ISO 8601 to the second (`2026-11-28T04:21:59Z`) unless the model says `unixTimestamp` or
 *   `rfc822`; a Date, an ISO string or epoch seconds are accepted; booleans `true`/`false`; blobs base64
 *   (bytes, or a string taken as UTF-8);
 * - an operation without an output shape has no `<…Result>` element; with an output shape but no
 *   `resultWrapper` the wrapper is `<OperationNameResult>` (awsQuery's rule).
 *
 * Total: any `output` value gives well-formed XML (see ./xml.ts); values of the wrong kind for their
 * shape (an object for a string, an invalid date) are left out rather than thrown on.
 *
 * Spec: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#xml-shape-serialization;
 * IAM "Common Errors" and response samples (https://docs.aws.amazon.com/IAM/latest/APIReference/).
 */
import { AwsError } from '../../core/errors';
import type { FaultType } from '../../core/errors';
import { toBase64, utf8 } from '../../core/bytes';
import type { MemberRef, ServiceModel, ShapeDef } from './model/types';
import { formatTimestamp, toDate } from './scalars';
import { element, escapeText, openRoot, textElement } from './xml';
import { isFlattened, listItemName, mapEntryNames, memberWireName, shapeOf, timestampFormatOf } from './wire';

/** Media type of every Query response body. */
export const QUERY_RESPONSE_CONTENT_TYPE = 'text/xml';

/** Deeper output than this is cut off: no real output shape nests that far, and it stops cycles. */
const MAX_DEPTH = 64;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** Entries of a map value given as a `Map` or a plain record. */
function mapEntries(v: unknown): Array<[unknown, unknown]> {
  if (v instanceof Map) return [...v.entries()];
  return isRecord(v) && !Array.isArray(v) ? Object.entries(v) : [];
}

/** Text of a scalar for its shape type, or undefined when the value cannot be that type. */
function scalarText(ref: MemberRef, shape: ShapeDef, v: unknown): string | undefined {
  switch (shape.type) {
    case 'timestamp': {
      const d = toDate(v);
      return d === undefined ? undefined : formatTimestamp(d, timestampFormatOf(ref, shape));
    }
    case 'blob':
      if (v instanceof Uint8Array) return toBase64(v);
      if (v instanceof ArrayBuffer) return toBase64(new Uint8Array(v));
      return typeof v === 'string' ? toBase64(utf8(v)) : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? String(v) : v === 'true' || v === 'false' ? v : undefined;
    default:
      if (typeof v === 'string') return escapeText(v);
      if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
      return undefined;
  }
}

/** The content (inner XML) of one value of `ref`'s shape; undefined to leave the element out. */
function content(model: ServiceModel, ref: MemberRef, v: unknown, depth: number): string | undefined {
  const shape = shapeOf(model, ref);
  if (shape === undefined || v === undefined || v === null || depth > MAX_DEPTH) return undefined;
  switch (shape.type) {
    case 'structure':
      return isRecord(v) ? structureContent(model, shape, v, depth) : undefined;
    case 'list': {
      if (!Array.isArray(v) || shape.member === undefined) return undefined;
      const name = listItemName(model, shape);
      return v.map((item) => wrap(name, content(model, shape.member!, item, depth + 1))).join('');
    }
    case 'map':
      return mapContent(model, shape, v, depth, (entry) => element('entry', entry));
    default:
      return scalarText(ref, shape, v);
  }
}

const wrap = (name: string, inner: string | undefined): string => (inner === undefined ? '' : element(name, inner));

/** Map entries as `<key/><value/>` pairs, each passed through `wrapEntry`. */
function mapContent(model: ServiceModel, shape: ShapeDef, v: unknown, depth: number, wrapEntry: (e: string) => string): string | undefined {
  if (shape.key === undefined || shape.value === undefined) return undefined;
  const names = mapEntryNames(model, shape);
  let out = '';
  for (const [k, val] of mapEntries(v)) {
    const key = content(model, shape.key, k, depth + 1);
    const value = content(model, shape.value, val, depth + 1);
    if (key !== undefined && value !== undefined) out += wrapEntry(element(names.key, key) + element(names.value, value));
  }
  return out;
}

function structureContent(model: ServiceModel, shape: ShapeDef, v: Record<string, unknown>, depth: number): string {
  let out = '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const value = Object.hasOwn(v, name) ? v[name] : undefined;
    const target = shapeOf(model, ref);
    if (value === undefined || value === null || target === undefined) continue;
    const tag = memberWireName(model, name, ref, target);
    if (target.type === 'list' && target.member !== undefined && isFlattened(ref, target)) {
      if (Array.isArray(value)) for (const item of value) out += wrap(tag, content(model, target.member, item, depth + 2));
    } else if (target.type === 'map' && isFlattened(ref, target)) {
      out += mapContent(model, target, value, depth + 1, (entry) => element(tag, entry)) ?? '';
    } else {
      out += wrap(tag, content(model, ref, value, depth + 1));
    }
  }
  return out;
}

const responseMetadata = (requestId: string): string =>
  element('ResponseMetadata', textElement('RequestId', requestId));

/**
 * The XML body of a successful response to `operationName`, from the service's `output` object (member
 * names as in the model, e.g. `{ User: { UserName, UserId, Arn, Path, CreateDate } }`).
 *
 * @throws AwsError `InvalidAction` when the model has no such operation (a programming error).
 */
export function serializeResponse(model: ServiceModel, operationName: string, output: unknown, requestId: string): string {
  const op = Object.hasOwn(model.operations, operationName) ? model.operations[operationName] : undefined;
  if (op === undefined) {
    throw new AwsError('InvalidAction', `Could not find operation ${operationName} for version ${model.metadata.apiVersion}`, 400);
  }
  let result = '';
  if (op.output !== undefined) {
    const shape = shapeOf(model, op.output);
    const inner = shape !== undefined && isRecord(output) ? structureContent(model, shape, output, 0) : '';
    result = element(op.resultWrapper ?? `${operationName}Result`, inner);
  }
  const root = `${operationName}Response`;
  return `${openRoot(root, model.metadata.xmlNamespace)}${result}${responseMetadata(requestId)}</${root}>`;
}

/** What {@link serializeError} needs of an error (an `AwsError`, or one rebuilt after RPC). */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly type?: FaultType;
}

/**
 * IAM's error body: `<ErrorResponse xmlns=…><Error><Type>Sender</Type><Code>NoSuchEntity</Code>
 * <Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>` (no namespace when `xmlns` is omitted).
 */
export function serializeError(err: WireError, requestId: string, xmlns?: string): string {
  const error = element(
    'Error',
    textElement('Type', err.type ?? 'Sender') + textElement('Code', err.code) + textElement('Message', err.message),
  );
  return `${openRoot('ErrorResponse', xmlns)}${error}${textElement('RequestId', requestId)}</ErrorResponse>`;
}
