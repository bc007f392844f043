/**
 * botocore's AWS Query protocol vectors (test/fixtures/awsquery, Apache-2.0), run server-side: every input
 * case's wire body must decode to the case's `params` with the case's own shapes, and every output case's
 * `result` must serialize to XML that a botocore-rule parser reads back as that `result`.
 *
 * Normalization: decoded timestamps (Date) compare as epoch seconds, decoded blobs (Uint8Array) as their
 * UTF-8 text, decoded maps (null-prototype records) as plain objects. Output maps drop `null` values (the
 * vector's "null-value-no-output" entry is, as its name says, not on the wire).
 *
 * No case is skipped: the two "Endpoint host trait" cases also expect a host prefix, which is client-side
 * endpoint resolution; only their bodies are checked here. Modeled error members other than `Message`
 * (`BodyMember`) are not serialized: IAM and STS error shapes carry only a message, so the error cases
 * check Type, Code, Message and RequestId.
 */
import { describe, expect, it } from 'vitest';
import inputSuites from '../../fixtures/awsquery/input.json';
import outputSuites from '../../fixtures/awsquery/output.json';
import { decodeInput, parseQuery, serializeError, serializeResponse } from '../../../src/protocol/query';
import type { MemberRef, ServiceModel } from '../../../src/protocol/query';
import { AwsError } from '../../../src/core/errors';
import { loadGenerator } from './support/gen-model';
import type { BotocoreModel } from './support/gen-model';
import { parseError, parseResponse, wellFormednessProblems } from './support/reference-parser';

interface Suite {
  description: string;
  metadata: { apiVersion: string } & Record<string, unknown>;
  shapes: Record<string, unknown>;
  cases: Array<Record<string, unknown> & { given: { name: string } & Record<string, unknown> }>;
}

const { compactModel } = await loadGenerator();

/** The suite's shapes plus one case's operation, compacted by the real generator. */
function modelFor(suite: Suite, given: Suite['cases'][number]['given']): ServiceModel {
  const model: BotocoreModel = { metadata: suite.metadata, shapes: suite.shapes, operations: { [given.name]: given } };
  return compactModel(model);
}

const shapeName = (r: MemberRef) => (typeof r === 'string' ? r : r.shape);

/** Decoded values in the vectors' plain-JSON form. */
function normalize(model: ServiceModel, ref: MemberRef, v: unknown): unknown {
  const s = model.shapes[shapeName(ref)]!;
  if (s.type === 'timestamp') return (v as Date).getTime() / 1000;
  if (s.type === 'blob') return new TextDecoder().decode(v as Uint8Array);
  if (s.type === 'list') return (v as unknown[]).map((x) => normalize(model, s.member!, x));
  if (s.type === 'map')
    return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, normalize(model, s.value!, x)]));
  if (s.type === 'structure') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, normalize(model, s.members![k]!, x)]));
  }
  return v;
}

/** Drops null map values, which never reach the wire. */
const dropNulls = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(dropNulls)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)]))
      : v;

describe('awsquery input vectors (decode)', () => {
  for (const suite of inputSuites as unknown as Suite[]) {
    suite.cases.forEach((c, i) => {
      it(`${suite.description} #${i + 1}`, () => {
        const model = modelFor(suite, c.given);
        const serialized = c['serialized'] as { body: string; uri: string };
        // A GET case would carry its parameters in the URI's query string.
        const wire = serialized.body !== '' ? serialized.body : (serialized.uri.split('?')[1] ?? '');
        const params = parseQuery(wire);
        expect(params.get('Action')).toBe(c.given.name);
        expect(params.get('Version')).toBe(suite.metadata.apiVersion);
        const input = decodeInput(model, c.given.name, params);
        const inputRef = model.operations[c.given.name]!.input!;
        expect(normalize(model, inputRef, input)).toEqual(c['params']);
      });
    });
  }
});

describe('awsquery output vectors (serialize)', () => {
  for (const suite of outputSuites as unknown as Suite[]) {
    suite.cases.forEach((c, i) => {
      const name = `${suite.description} #${i + 1}`;
      const response = c['response'] as { body: string; status_code: number };
      if (c['errorCode'] !== undefined) {
        it(`${name} (error ${String(c['errorCode'])})`, () => {
          const expected = parseError(response.body);
          const xml = serializeError(new AwsError(String(c['errorCode']), 'mymessage', response.status_code), 'request-id');
          expect(wellFormednessProblems(xml)).toEqual([]);
          expect(parseError(xml)).toEqual(expected);
        });
        return;
      }
      it(name, () => {
        const model = modelFor(suite, c.given);
        const expected = dropNulls(c['result']);
        // The reference parser must read the vector's own body as the expected result…
        expect(parseResponse(model, c.given.name, response.body).result).toEqual(expected);
        // …and our XML the same way.
        const xml = serializeResponse(model, c.given.name, c['result'], 'request-id');
        expect(wellFormednessProblems(xml)).toEqual([]);
        const parsed = parseResponse(model, c.given.name, xml);
        expect(parsed.result).toEqual(expected);
        expect(parsed.requestId).toBe('request-id');
      });
    });
  }
});
