/**
 * @module Test-only reference parser for AWS Query XML responses, following botocore's `QueryParser`
 * rules (not our serializer's code): result wrapper, structure members by `locationName`, lists under
 * `member` (or the element's `locationName`), flattened lists as repeated elements, maps as
 * `entry/key/value`, flattened maps as repeated member elements. Also a strict XML 1.0 well-formedness check
 * (fast-xml-parser's validator accepts control characters and `]]>` in text).
 *
 * Normalized results: timestamps as epoch seconds, blobs as UTF-8 strings, numbers as numbers.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { MemberRef, ServiceModel, ShapeDef } from '../../../../src/protocol/query/model/types';

type XNode = string | { [tag: string]: XNode[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: () => true,
  htmlEntities: true,
});

const shapeName = (r: MemberRef): string => (typeof r === 'string' ? r : r.shape);
const traits = (r: MemberRef) => (typeof r === 'string' ? undefined : r);
const shapeOf = (m: ServiceModel, r: MemberRef): ShapeDef => {
  const s = m.shapes[shapeName(r)];
  if (!s) throw new Error(`no shape ${shapeName(r)}`);
  return s;
};
const loc = (m: ServiceModel, r: MemberRef): string | undefined => traits(r)?.locationName ?? shapeOf(m, r).locationName;
const flat = (m: ServiceModel, r: MemberRef): boolean => traits(r)?.flattened ?? shapeOf(m, r).flattened ?? false;

const children = (n: XNode, tag: string): XNode[] => (typeof n === 'string' ? [] : (n[tag] ?? []));
const text = (n: XNode): string => (typeof n === 'string' ? n : '');

/** botocore `_member_key_name`. */
function memberKey(m: ServiceModel, name: string, r: MemberRef): string {
  const s = shapeOf(m, r);
  if (s.type === 'list' && flat(m, r) && s.member) {
    const l = loc(m, s.member);
    if (l) return l;
  }
  return loc(m, r) ?? name;
}

function parseScalar(m: ServiceModel, r: MemberRef, n: XNode): unknown {
  const s = shapeOf(m, r);
  const t = text(n);
  switch (s.type) {
    case 'integer':
    case 'long':
      return parseInt(t, 10);
    case 'float':
    case 'double':
      return parseFloat(t);
    case 'boolean':
      return t === 'true';
    case 'timestamp': {
      const fmt = traits(r)?.timestampFormat ?? s.timestampFormat;
      return fmt === 'unixTimestamp' ? Number(t) : Date.parse(t) / 1000;
    }
    case 'blob':
      return Buffer.from(t, 'base64').toString('utf8');
    default:
      return t;
  }
}

function parseValue(m: ServiceModel, r: MemberRef, n: XNode): unknown {
  const s = shapeOf(m, r);
  if (s.type === 'structure') return parseStructure(m, s, n);
  if (s.type === 'list') return children(n, loc(m, s.member!) ?? 'member').map((c) => parseValue(m, s.member!, c));
  if (s.type === 'map') return parseEntries(m, s, children(n, 'entry'));
  return parseScalar(m, r, n);
}

function parseEntries(m: ServiceModel, s: ShapeDef, entries: XNode[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const k = loc(m, s.key!) ?? 'key';
  const v = loc(m, s.value!) ?? 'value';
  for (const e of entries) out[text(children(e, k)[0] ?? '')] = parseValue(m, s.value!, children(e, v)[0] ?? '');
  return out;
}

function parseStructure(m: ServiceModel, s: ShapeDef, n: XNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, r] of Object.entries(s.members ?? {})) {
    const nodes = children(n, memberKey(m, name, r));
    if (nodes.length === 0) continue;
    const target = shapeOf(m, r);
    if (target.type === 'list' && flat(m, r)) out[name] = nodes.map((c) => parseValue(m, target.member!, c));
    else if (target.type === 'map' && flat(m, r)) out[name] = parseEntries(m, target, nodes);
    else out[name] = parseValue(m, r, nodes[0]!);
  }
  return out;
}

/** Parses a success response: `{ result, requestId }` (result undefined for operations without output). */
export function parseResponse(model: ServiceModel, operation: string, xml: string): { result?: Record<string, unknown>; requestId?: string } {
  const doc = parser.parse(xml) as Record<string, XNode[]>;
  const root = doc[`${operation}Response`]?.[0];
  if (root === undefined || typeof root === 'string') throw new Error(`no ${operation}Response root in ${xml}`);
  const requestId = text(children(children(root, 'ResponseMetadata')[0] ?? '', 'RequestId')[0] ?? '');
  const op = model.operations[operation]!;
  if (op.output === undefined) return { requestId };
  // With no resultWrapper botocore starts at the root; awsQuery (and our serializer) still wrap, and one
  // vector names the wrapper after the shape, so take the one non-metadata child.
  const wrapperName = op.resultWrapper ?? Object.keys(root).find((k) => k !== 'ResponseMetadata');
  const start = wrapperName === undefined ? '' : (children(root, wrapperName)[0] ?? '');
  return { result: parseStructure(model, model.shapes[op.output]!, start), requestId };
}

/** Parses an `<ErrorResponse>`. */
export function parseError(xml: string): { type: string; code: string; message: string; requestId: string } {
  const doc = parser.parse(xml) as Record<string, XNode[]>;
  const root = doc['ErrorResponse']?.[0] ?? '';
  const err = children(root, 'Error')[0] ?? '';
  const get = (n: XNode, t: string) => text(children(n, t)[0] ?? '');
  return { type: get(err, 'Type'), code: get(err, 'Code'), message: get(err, 'Message'), requestId: get(root, 'RequestId') };
}

// XML 1.0 Char production, and the places '&' and '>' may appear.
const ILLEGAL_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const BAD_AMP = /&(?!(?:amp|lt|gt|quot|apos|#x[0-9A-Fa-f]+|#[0-9]+);)/;
const CHAR_REF = /&#(x[0-9A-Fa-f]+|[0-9]+);/g;

/** Problems that make `xml` not well-formed XML 1.0 (empty when it is). */
export function wellFormednessProblems(xml: string): string[] {
  const problems: string[] = [];
  const v = XMLValidator.validate(xml);
  if (v !== true) problems.push(`validator: ${JSON.stringify(v.err)}`);
  if (ILLEGAL_CHAR.test(xml)) problems.push('illegal XML 1.0 character');
  if (BAD_AMP.test(xml)) problems.push('bare & or unknown entity');
  if (xml.includes(']]>')) problems.push(']]> in content');
  for (const [, ref] of xml.matchAll(CHAR_REF)) {
    const cp = ref!.startsWith('x') ? parseInt(ref!.slice(1), 16) : parseInt(ref!, 10);
    const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
    if (!ok) problems.push(`illegal character reference &#${ref};`);
  }
  return problems;
}
