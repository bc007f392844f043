/**
 * Property tests (fast-check) for the Query codec's totality:
 * - any body, however malformed (key/value soup, model-shaped keys with wild indices, deep nesting,
 *   broken percent escapes, lone surrogates, empty), through parseQuery → resolveOperation → decodeInput
 *   ends in a value or an AwsError with an allowed code and status 400, never another exception;
 * - any output object for any operation, and any error text, serializes to well-formed XML 1.0, and text
 *   survives escaping.
 */
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors';
import {
  IAM_MODEL,
  SERVICES,
  STS_MODEL,
  decodeInput,
  escapeText,
  parseQuery,
  resolveOperation,
  serializeError,
  serializeResponse,
} from '../../../src/protocol/query';
import type { MemberRef, ServiceModel } from '../../../src/protocol/query';
import { wellFormednessProblems } from './support/reference-parser';

const ALLOWED = new Set(['InvalidQueryParameter', 'MissingAction', 'InvalidAction', 'ValidationError']);
const MODELS: Array<[ServiceModel, string]> = [
  [IAM_MODEL, SERVICES.iam.version],
  [STS_MODEL, SERVICES.sts.version],
];
const shapeName = (r: MemberRef) => (typeof r === 'string' ? r : r.shape);

/** Every wire key template of an operation's input (`#` stands for a list/map index), to depth 6. */
function keyTemplates(model: ServiceModel, op: string): string[] {
  const out: string[] = [];
  const walk = (ref: MemberRef, prefix: string, depth: number): void => {
    const s = model.shapes[shapeName(ref)]!;
    if (depth > 6 || out.length > 300) return;
    if (s.type === 'structure')
      for (const [name, r] of Object.entries(s.members ?? {})) walk(r, prefix === '' ? name : `${prefix}.${name}`, depth + 1);
    else if (s.type === 'list') {
      out.push(prefix);
      walk(s.member!, `${prefix}.member.#`, depth + 1);
    } else if (s.type === 'map') {
      walk(s.key!, `${prefix}.entry.#.key`, depth + 1);
      walk(s.value!, `${prefix}.entry.#.value`, depth + 1);
    } else out.push(prefix);
  };
  const input = model.operations[op]?.input;
  if (input) walk(input, '', 0);
  return out;
}

const opNames = MODELS.flatMap(([m, v]) => Object.keys(m.operations).map((op) => ({ model: m, version: v, op, keys: keyTemplates(m, op) })));

/** Strings with the characters that matter to the codec, lone surrogates included. */
const wildChar = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 6, arbitrary: fc.constantFrom('+', '&', '=', '.', '..', 'member', 'entry', 'key', 'value', '😀', '\u0000', '1') },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%F', '%FF', '%E6%9D') },
);
const wildString = fc.string({ unit: wildChar, maxLength: 24 });
const index = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map(String),
  fc.constantFrom('0', '01', '-1', '1.5', '99999999999', '18446744073709551617', 'x', ''),
);
const value = fc.oneof(
  wildString,
  fc.constantFrom('', 'true', 'FALSE', 'abc', '0', '1001', '-2147483649', '1e3', 'NaN', '/', '/a/', 'bob', 'arn:aws:iam::123456789012:role/r'),
  fc.integer().map(String),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

/** A model-shaped key of the operation, indices filled in wildly, sometimes with a junk suffix. */
const modelKey = (keys: string[]) =>
  keys.length === 0
    ? wildString
    : fc.tuple(fc.constantFrom(...keys), fc.array(index, { minLength: 8, maxLength: 8 }), fc.option(wildString, { nil: undefined })).map(
        ([k, idx, junk]) => {
          let i = 0;
          const key = k.replace(/#/g, () => idx[i++ % idx.length]!);
          return junk === undefined ? key : `${key}.${junk}`;
        },
      );

const deepKey = fc.tuple(fc.integer({ min: 50, max: 3000 }), fc.constantFrom('a', 'Tags', 'member', '1')).map(([n, seg]) => Array(n).fill(seg).join('.'));

/** A body: pairs encoded properly, raw, or as soup; Action/Version right, wrong or missing. */
const body = fc
  .record({
    target: fc.constantFrom(...opNames),
    action: fc.oneof({ weight: 8, arbitrary: fc.constant('right') }, fc.constant('missing'), wildString),
    version: fc.oneof({ weight: 8, arbitrary: fc.constant('right') }, fc.constant('other'), fc.constant('missing'), wildString),
    pairs: fc.array(fc.tuple(fc.oneof(wildString, deepKey), value), { maxLength: 6 }),
    modelPairs: fc.integer({ min: 0, max: 25 }),
    encode: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, fc.constant(false)),
    seed: fc.integer(),
  })
  .chain((r) =>
    fc.tuple(fc.constant(r), fc.array(fc.tuple(modelKey(r.target.keys), value), { minLength: r.modelPairs, maxLength: r.modelPairs })),
  )
  .map(([r, modelPairs]) => {
    const enc = (s: string) => {
      if (!r.encode) return s;
      try {
        return encodeURIComponent(s);
      } catch {
        return s; // lone surrogates cannot be percent-encoded: send them raw
      }
    };
    const parts: string[] = [];
    if (r.action !== 'missing') parts.push(`Action=${enc(r.action === 'right' ? r.target.op : r.action)}`);
    const otherVersion = r.target.version === '2010-05-08' ? '2011-06-15' : '2010-05-08';
    if (r.version !== 'missing')
      parts.push(`Version=${enc(r.version === 'right' ? r.target.version : r.version === 'other' ? otherVersion : r.version)}`);
    for (const [k, v] of [...modelPairs, ...r.pairs]) parts.push(`${enc(k)}=${enc(v)}`);
    return { text: parts.join('&'), target: r.target };
  });

/** Runs the request path; returns 'ok' or the AwsError; rethrows anything else. */
function run(text: string, hint: string | undefined, direct?: { model: ServiceModel; op: string }): 'ok' | AwsError {
  try {
    const params = parseQuery(text);
    if (direct) decodeInput(direct.model, direct.op, params);
    else {
      const r = resolveOperation(params, hint);
      decodeInput(r.model, r.operation, params);
    }
    return 'ok';
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
}

const expectAllowed = (res: 'ok' | AwsError): void => {
  if (res === 'ok') return;
  expect(ALLOWED.has(res.code), `${res.code}: ${res.message}`).toBe(true);
  expect(res.status).toBe(400);
  expect(res.type).toBe('Sender');
};

describe('decoding is total', () => {
  it('any body through resolveOperation + decodeInput gives a value or an allowed AwsError', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(undefined, 'iam', 'sts', 's3'), ({ text }, hint) => expectAllowed(run(text, hint))),
      { numRuns: 3000 },
    );
  });

  it('model-shaped soup straight into decodeInput of the chosen operation', () => {
    fc.assert(fc.property(body, ({ text, target }) => expectAllowed(run(text, undefined, target))), { numRuns: 3000 });
  });

  it('arbitrary text bodies', () => {
    fc.assert(
      fc.property(fc.string({ unit: wildChar, maxLength: 200 }), fc.constantFrom(...opNames), (text, t) => {
        expectAllowed(run(text, undefined));
        expectAllowed(run(text, undefined, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('many members with huge indices stay fast', () => {
    const params = new Map<string, string>([['UserName', 'bob']]);
    for (let i = 0; i < 5000; i++) params.set(`Tags.member.${99999999999 - i}.Key`, 'k');
    const started = Date.now();
    const res = (() => {
      try {
        return decodeInput(IAM_MODEL, 'CreateUser', params);
      } catch (e) {
        return e;
      }
    })();
    expect(res).toBeInstanceOf(AwsError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

// ---- serialization ----

const wildText = fc.string({ unit: wildChar, maxLength: 40 });

/** Outputs shaped like the operation's output (with noise: wrong types, nulls, anything()). */
function outputArb(model: ServiceModel, ref: MemberRef, depth = 0): fc.Arbitrary<unknown> {
  const s = model.shapes[shapeName(ref)]!;
  let arb: fc.Arbitrary<unknown>;
  if (depth > 6) return fc.constant(undefined);
  switch (s.type) {
    case 'structure': {
      const members: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, r] of Object.entries(s.members ?? {})) members[name] = outputArb(model, r, depth + 1);
      arb = fc.record(members, { requiredKeys: [] });
      break;
    }
    case 'list':
      arb = fc.array(outputArb(model, s.member!, depth + 1), { maxLength: 3 });
      break;
    case 'map':
      arb = fc.oneof(
        fc.dictionary(wildText, outputArb(model, s.value!, depth + 1), { maxKeys: 3 }),
        fc.array(fc.tuple(wildText, outputArb(model, s.value!, depth + 1)), { maxLength: 3 }).map((e) => new Map(e)),
      );
      break;
    case 'timestamp':
      arb = fc.oneof(fc.date(), fc.integer(), fc.double(), wildText);
      break;
    case 'blob':
      arb = fc.oneof(fc.uint8Array({ maxLength: 16 }), wildText);
      break;
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      arb = fc.oneof(fc.integer(), fc.double(), fc.bigInt());
      break;
    default:
      arb = wildText;
  }
  return fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: fc.constantFrom(null, undefined) }, { weight: 1, arbitrary: fc.anything() });
}

const outputCase = fc.constantFrom(...opNames).chain(({ model, op }) => {
  const output = model.operations[op]!.output;
  return fc.record({
    model: fc.constant(model),
    op: fc.constant(op),
    output: output === undefined ? fc.anything() : outputArb(model, output),
    requestId: wildText,
  });
});

describe('serialization is always well-formed XML', () => {
  it('random outputs of random operations', () => {
    fc.assert(
      fc.property(outputCase, ({ model, op, output, requestId }) => {
        const xml = serializeResponse(model, op, output, requestId);
        expect(wellFormednessProblems(xml)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('random errors', () => {
    fc.assert(
      fc.property(wildText, wildText, wildText, fc.option(wildText, { nil: undefined }), (code, message, requestId, ns) => {
        const xml = serializeError(new AwsError(code, message), requestId, ns);
        expect(wellFormednessProblems(xml)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('text survives escaping (characters XML cannot carry become U+FFFD)', () => {
    const parser = new XMLParser({ parseTagValue: false, trimValues: false, htmlEntities: true });
    const sanitize = (s: string) =>
      s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    fc.assert(
      fc.property(wildText.filter((s) => s !== ''), (s) => {
        const parsed = parser.parse(`<a>${escapeText(s)}</a>`) as { a: unknown };
        expect(String(parsed.a)).toBe(sanitize(s));
      }),
      { numRuns: 1000 },
    );
  });
});
