/**
 * LookupEvents' parameters (services/cloudtrail/lookup-events.ts) and CloudTrail's JSON 1.1 codec
 * (protocol/json/cloudtrail.ts) without a store: validation in AWS's terms, NextToken bound to the query.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors';
import { CLOUDTRAIL_OPERATIONS, cloudTrailOperationOf, CLOUDTRAIL_TARGET_PREFIX, decodeLookupEvents, encodeJson } from '../../../src/protocol/json/cloudtrail';
import { jsonErrorBody } from '../../../src/protocol/json/errors';
import { cursorOf, lookupQueryOf, nextTokenOf, type LookupEventsInput } from '../../../src/services/cloudtrail/lookup-events';

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof AwsError) return e.code;
    throw e;
  }
  return 'ok';
};

describe('LookupEvents parameters', () => {
  it('defaults to every time and 50 events', () => {
    expect(lookupQueryOf({})).toEqual({ startMs: 0, endMs: Number.MAX_SAFE_INTEGER, limit: 50, insight: false });
  });

  it('refuses what CloudTrail refuses', () => {
    const a = (AttributeKey: string, AttributeValue: string) => ({ LookupAttributes: [{ AttributeKey, AttributeValue }] });
    expect(codeOf(() => lookupQueryOf({ LookupAttributes: [a('EventName', 'x').LookupAttributes[0]!, a('Username', 'y').LookupAttributes[0]!] }))).toBe('InvalidLookupAttributesException');
    expect(codeOf(() => lookupQueryOf(a('eventname', 'x')))).toBe('InvalidLookupAttributesException');
    expect(codeOf(() => lookupQueryOf(a('EventName', '')))).toBe('InvalidLookupAttributesException');
    // 2000 characters, `_`, space, `,` and newline counting twice.
    expect(codeOf(() => lookupQueryOf(a('EventName', 'x'.repeat(2000))))).toBe('ok');
    expect(codeOf(() => lookupQueryOf(a('EventName', 'x'.repeat(2001))))).toBe('InvalidLookupAttributesException');
    expect(codeOf(() => lookupQueryOf(a('EventName', ', '.repeat(500))))).toBe('ok');
    expect(codeOf(() => lookupQueryOf(a('EventName', ',\n'.repeat(500) + 'x')))).toBe('InvalidLookupAttributesException');
    expect(codeOf(() => lookupQueryOf(a('ReadOnly', 'TRUE')))).toBe('InvalidLookupAttributesException');
    expect(codeOf(() => lookupQueryOf({ MaxResults: 0 }))).toBe('InvalidMaxResultsException');
    expect(codeOf(() => lookupQueryOf({ MaxResults: 50 }))).toBe('ok');
    expect(codeOf(() => lookupQueryOf({ MaxResults: 1.5 }))).toBe('InvalidMaxResultsException');
    expect(codeOf(() => lookupQueryOf({ StartTime: new Date(2000), EndTime: new Date(1000) }))).toBe('InvalidTimeRangeException');
    expect(codeOf(() => lookupQueryOf({ StartTime: new Date(1000), EndTime: new Date(1000) }))).toBe('ok');
    expect(codeOf(() => lookupQueryOf({ StartTime: new Date(NaN) }))).toBe('InvalidTimeRangeException');
    expect(codeOf(() => lookupQueryOf({ EventCategory: 'Insight' }))).toBe('InvalidEventCategoryException');
    expect(lookupQueryOf({ EventCategory: 'insight' }).insight).toBe(true);
  });

  it('binds a NextToken to the query it was made for, whatever the page size', () => {
    const input: LookupEventsInput = { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }], StartTime: new Date(5000) };
    const token = nextTokenOf(input, { timeMs: 123456, seq: 42 });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursorOf(input, token)).toEqual({ timeMs: 123456, seq: 42 });
    expect(cursorOf({ ...input, MaxResults: 3 }, token)).toEqual({ timeMs: 123456, seq: 42 });
    expect(lookupQueryOf({ ...input, NextToken: token }).after).toEqual({ timeMs: 123456, seq: 42 });
    for (const other of [{ ...input, StartTime: new Date(5001) }, { ...input, EndTime: new Date(9999) }, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }] }, {}, { ...input, EventCategory: 'insight' }]) {
      expect(codeOf(() => cursorOf(other, token))).toBe('InvalidNextTokenException');
    }
    for (const garbled of ['', 'x', token.slice(1), `${token}=`, '!!!!', btoa('0123456789abcdef.1.2'), 'a'.repeat(500)]) {
      expect(codeOf(() => cursorOf(input, garbled)), garbled).toBe('InvalidNextTokenException');
    }
  });
});

describe("CloudTrail's JSON 1.1 codec", () => {
  it('knows exactly the operations of the model', () => {
    const model = JSON.parse(readFileSync(path.join(__dirname, '../../../models/cloudtrail.service-2.json'), 'utf8'));
    expect([...CLOUDTRAIL_OPERATIONS].sort()).toEqual(Object.keys(model.operations).sort());
    expect(model.metadata.targetPrefix).toBe(CLOUDTRAIL_TARGET_PREFIX);
    expect(cloudTrailOperationOf(`${CLOUDTRAIL_TARGET_PREFIX}.LookupEvents`)).toBe('LookupEvents');
    expect(cloudTrailOperationOf(`${CLOUDTRAIL_TARGET_PREFIX}.Nope`)).toBeUndefined();
    expect(cloudTrailOperationOf('DynamoDB_20120810.LookupEvents')).toBeUndefined();
  });

  it('decodes timestamps as epoch seconds (or ISO 8601), refuses wrong types, ignores unknown members', () => {
    expect(decodeLookupEvents({ StartTime: 1.5, EndTime: '2026-12-02T00:00:00Z', MaxResults: 3, Extra: true })).toEqual({ StartTime: new Date(1500), EndTime: new Date(Date.UTC(2026, 11, 2)), MaxResults: 3 });
    for (const bad of [[], 'x', null, { MaxResults: '3' }, { StartTime: 'then' }, { LookupAttributes: {} }, { LookupAttributes: [{ AttributeKey: 1, AttributeValue: 'x' }] }, { NextToken: 5 }]) {
      expect(codeOf(() => decodeLookupEvents(bad)), JSON.stringify(bad)).toBe('SerializationException');
    }
  });

  it('encodes dates as epoch seconds and errors with the JSON services’ codes', () => {
    expect(encodeJson({ Events: [{ EventTime: new Date(1_700_000_000_000) }] })).toBe('{"Events":[{"EventTime":1700000000}]}');
    expect(JSON.parse(jsonErrorBody(new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)))).toEqual({
      __type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    expect(JSON.parse(jsonErrorBody(new AwsError('InvalidTimeRangeException', 'm')))).toEqual({ __type: 'InvalidTimeRangeException', message: 'm' });
  });
});
