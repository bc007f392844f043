/**
 * @module CloudTrail's LookupEvents over the account's own trail, as an action the account's object runs
 * (authorized as `cloudtrail:LookupEvents` on `*`, so identity policies, boundaries and session policies
 * apply as to any IAM call). Spec: CloudTrail API Reference, API_LookupEvents.html, API_Event.html,
 * API_LookupAttribute.html.
 *
 * Contract (the wire endpoint, http/cloudtrail-endpoint.ts, and the console's Event history page call it
 * through the object's `execute` with `service: 'cloudtrail'`, `action: 'LookupEvents'` and this input):
 *
 *   input  {@link LookupEventsInput}: LookupEventsRequest's members; `StartTime`/`EndTime` as `Date`.
 *          All optional. At most one attribute (InvalidLookupAttributesException); `MaxResults` 1..50,
 *          default 50 (InvalidMaxResultsException); `StartTime` after `EndTime` → InvalidTimeRangeException;
 *          `EventCategory` only `insight` (no Insights events are kept: an empty page), else
 *          InvalidEventCategoryException; `NextToken` exactly as a previous page returned it, with the same
 *          other parameters, else InvalidNextTokenException.
 *   output {@link LookupEventsOutput}: `Events` newest first, each with `EventTime` as a `Date` and
 *          `CloudTrailEvent` the stored record's JSON verbatim; `NextToken` when more events may follow.
 *
 * Events older than the trail's retention are absent because they are purged, not filtered here.
 */
import { LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey } from '../../core/audit/event';
import { AwsError } from '../../core/errors';
import type { AuditEventStore, EventCursor, EventQuery } from '../../core/ports/audit-events';
import type { LookupEventsInput } from '../../core/audit/lookup-input';
import type { AccountAction } from '../action';

export type { LookupEventsInput };

/** One Event of LookupEventsResponse. */
export interface LookupEvent {
  EventId: string;
  EventName: string;
  /** `"true"` or `"false"`, as CloudTrail answers it. */
  ReadOnly: 'true' | 'false';
  AccessKeyId?: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

/** LookupEventsResponse. */
export interface LookupEventsOutput {
  Events: LookupEvent[];
  NextToken?: string;
}

/** The default and largest page (API_LookupEvents.html, MaxResults). */
export const MAX_RESULTS = 50;
/** LookupAttributeValue's limit: 2000 characters, `_`, space, `,` and newline counting twice (API_LookupAttribute.html). */
const MAX_VALUE_LENGTH = 2000;

const lookupError = (code: string, message: string) => new AwsError(code, message, 400);

/** A lookup attribute value's length as CloudTrail counts it. */
function countedLength(value: string): number {
  let n = 0;
  for (const ch of value) n += ch === '_' || ch === ' ' || ch === ',' || ch === '\n' ? 2 : 1;
  return n;
}

function attributeOf(list: LookupEventsInput['LookupAttributes']): EventQuery['attribute'] {
  if (!list || list.length === 0) return undefined;
  if (list.length > 1) throw lookupError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  const { AttributeKey: key, AttributeValue: value } = list[0]!;
  if (!LOOKUP_ATTRIBUTE_KEYS.includes(key as LookupAttributeKey)) {
    throw lookupError('InvalidLookupAttributesException', `Invalid attribute key: ${key}. Valid keys are ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}.`);
  }
  if (typeof value !== 'string' || value.length === 0 || countedLength(value) > MAX_VALUE_LENGTH) {
    throw lookupError('InvalidLookupAttributesException', `The value of attribute ${key} must be 1 to ${MAX_VALUE_LENGTH} characters long.`);
  }
  if (key === 'ReadOnly' && value !== 'true' && value !== 'false') {
    throw lookupError('InvalidLookupAttributesException', 'The value of attribute ReadOnly must be true or false.');
  }
  return { key: key as LookupAttributeKey, value };
}

/**
 * What a NextToken binds: the query's parameters other than MaxResults (CloudTrail lets the page size
 * change between pages). A short hash, for the error only: the token opens nothing the caller could not
 * look up anyway (its own account's events, authorized on `*`).
 */
function fingerprint(input: LookupEventsInput): string {
  const a = input.LookupAttributes?.[0];
  const text = JSON.stringify([a?.AttributeKey ?? null, a?.AttributeValue ?? null, input.StartTime?.getTime() ?? null, input.EndTime?.getTime() ?? null, input.EventCategory ?? null]);
  // FNV-1a, 32 bits, twice with different offsets: 64 bits against an accidental match.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

const TOKEN_PATTERN = /^([0-9a-f]{16})\.(\d{1,16})\.(\d{1,16})$/;

/** The opaque token of the page after `cursor`: base64url of `<fingerprint>.<timeMs>.<seq>`. */
export function nextTokenOf(input: LookupEventsInput, cursor: EventCursor): string {
  return btoa(`${fingerprint(input)}.${cursor.timeMs}.${cursor.seq}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const invalidToken = () => lookupError('InvalidNextTokenException', 'Invalid NextToken.');

/** The cursor a token resumes after; InvalidNextTokenException when garbled or made for other parameters. */
export function cursorOf(input: LookupEventsInput, token: string): EventCursor {
  let text: string;
  try {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) throw invalidToken();
    text = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw invalidToken();
  }
  const m = TOKEN_PATTERN.exec(text);
  if (!m || m[1] !== fingerprint(input)) throw invalidToken();
  return { timeMs: Number(m[2]), seq: Number(m[3]) };
}

const validDate = (d: Date | undefined): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/** The store's query for `input`, or the AWS error CloudTrail answers for it (validated in this order). */
export function lookupQueryOf(input: LookupEventsInput): EventQuery & { insight: boolean } {
  const attribute = attributeOf(input.LookupAttributes);
  const limit = input.MaxResults ?? MAX_RESULTS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RESULTS) throw lookupError('InvalidMaxResultsException', `MaxResults must be between 1 and ${MAX_RESULTS}.`);
  if ((input.StartTime !== undefined && !validDate(input.StartTime)) || (input.EndTime !== undefined && !validDate(input.EndTime))) {
    throw lookupError('InvalidTimeRangeException', 'The time range is not valid.');
  }
  const startMs = input.StartTime?.getTime() ?? 0;
  const endMs = input.EndTime?.getTime() ?? Number.MAX_SAFE_INTEGER;
  if (startMs > endMs) throw lookupError('InvalidTimeRangeException', 'Start time must be before end time.');
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw lookupError('InvalidEventCategoryException', `Invalid event category: ${input.EventCategory}. Valid value is insight.`);
  }
  const after = input.NextToken !== undefined ? cursorOf(input, input.NextToken) : undefined;
  return { ...(attribute ? { attribute } : {}), startMs, endMs, limit, ...(after ? { after } : {}), insight: input.EventCategory === 'insight' };
}

/**
 * A page of the trail in `store` for `input` (validated here): the action's answer, and the operator's read
 * of any account's trail (storage/account/admin.ts), which needs no authorization.
 */
export function lookupEventsPage(store: Pick<AuditEventStore, 'lookupEvents'>, input: LookupEventsInput): LookupEventsOutput {
  const { insight, ...query } = lookupQueryOf(input);
  // This service keeps management events only: Insights events are never recorded.
  if (insight) return { Events: [] };
  // One more than the page: a NextToken only when another event exists.
  const page = store.lookupEvents({ ...query, limit: query.limit + 1 });
  const events = page.events.slice(0, query.limit);
  const output: LookupEventsOutput = {
    Events: events.map((ev) => ({
      EventId: ev.eventId,
      EventName: ev.eventName,
      ReadOnly: ev.readOnly ? 'true' : 'false',
      ...(ev.accessKeyId ? { AccessKeyId: ev.accessKeyId } : {}),
      EventTime: new Date(Math.floor(ev.eventTimeMs / 1000) * 1000),
      EventSource: ev.eventSource,
      ...(ev.username !== null ? { Username: ev.username } : {}),
      Resources: ev.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
      CloudTrailEvent: ev.record,
    })),
  };
  if (page.events.length > query.limit) output.NextToken = nextTokenOf(input, events[events.length - 1]!.cursor);
  return output;
}

/** LookupEvents; see the module comment. */
export const LookupEvents: AccountAction<LookupEventsInput, LookupEventsOutput> = {
  name: 'LookupEvents',
  // API_LookupEvents.html: "The rate of lookup requests is limited to two per second, per account, per
  // Region. If this limit is exceeded, a throttling error occurs."
  rateLimit: { perSecond: 2, burst: 2 },
  target: () => ({ action: 'cloudtrail:LookupEvents', resource: '*' }),
  run: (_ctx, store, input) => lookupEventsPage(store, input),
};

/** The CloudTrail actions the account's object runs, by name. */
export const CLOUDTRAIL_ACTIONS: ReadonlyMap<string, AccountAction> = new Map([[LookupEvents.name, LookupEvents as AccountAction]]);
