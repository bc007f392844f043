/**
 * @module The Event history page's state in its URL: the lookup attribute (key and value), the time range
 * and the page (`token`: LookupEvents' NextToken of this page; `back`: the tokens of the pages before it,
 * so "Previous" needs nothing kept on the server), and the LookupEvents input it makes. The action
 * validates that input with CloudTrail's own errors (an attribute key it does not know, a reversed or
 * unreadable range, a token made for other filters), so nothing is refused here in other words.
 * Spec: CloudTrail User Guide, "Working with CloudTrail Event history" (view-cloudtrail-events-console.html);
 * API_LookupEvents.html, API_LookupAttribute.html.
 */

export const EVENT_HISTORY = '/console/iam/event-history';

/** The lookup attributes, in the order and words of AWS's console. */
export const ATTRIBUTES: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'ReadOnly', label: 'Read-only' },
  { key: 'EventName', label: 'Event name' },
  { key: 'Username', label: 'User name' },
  { key: 'ResourceType', label: 'Resource type' },
  { key: 'ResourceName', label: 'Resource name' },
  { key: 'EventSource', label: 'Event source' },
  { key: 'AccessKeyId', label: 'AWS access key' },
  { key: 'EventId', label: 'Event ID' },
];

/** Events a page shows: LookupEvents' largest page. */
export const PAGE_SIZE = 50;
/** LookupAttributeValue's longest (API_LookupAttribute.html); the form's field stops there. */
export const MAX_VALUE_LENGTH = 2000;
/** The earlier pages a URL remembers for "Previous"; deeper than this, Previous goes back to the first page. */
const MAX_BACK = 100;
/** `back`'s entry for the first page (no token). */
const FIRST = '~';

/** The filters as typed: the attribute's key and value, and the range as `datetime-local` values in UTC. */
export interface Filters {
  key: string;
  value: string;
  start: string;
  end: string;
}

/** The page asked for: its filters, its token (none: the first page), the tokens of the pages before it. */
export interface PageState {
  filters: Filters;
  token: string | undefined;
  back: string[];
}

const text = (v: string | undefined, max: number) => (v ?? '').slice(0, max);

/** The state in a request's query string. */
export function stateOf(query: (name: string) => string | undefined): PageState {
  const filters: Filters = {
    key: text(query('key'), 64),
    value: text(query('value'), MAX_VALUE_LENGTH * 2),
    start: text(query('start'), 32).trim(),
    end: text(query('end'), 32).trim(),
  };
  const token = query('token') || undefined;
  const back = query('back');
  return { filters, token, back: back === undefined || back === '' ? [] : back.split('.').slice(-MAX_BACK) };
}

/** A `datetime-local` value read as UTC (`2026-12-02T13:05` or with seconds); an unreadable one is an invalid date, for the action to refuse. */
export function utcDateOf(value: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/.exec(value);
  return m ? new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`) : new Date(Number.NaN);
}

/** LookupEvents' input for the state; `eventId` looks up one event instead. */
export function lookupInputOf(state: PageState): Record<string, unknown> {
  const { key, value, start, end } = state.filters;
  return {
    // No value, no attribute: AWS's console lists every event until a value is typed.
    ...(key && value ? { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] } : {}),
    ...(start ? { StartTime: utcDateOf(start) } : {}),
    ...(end ? { EndTime: utcDateOf(end) } : {}),
    MaxResults: PAGE_SIZE,
    ...(state.token ? { NextToken: state.token } : {}),
  };
}

/** The filters as query parameters (the empty ones left out). */
function filterParams(f: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.key && f.value) Object.assign(out, { key: f.key, value: f.value });
  if (f.start) out['start'] = f.start;
  if (f.end) out['end'] = f.end;
  return out;
}

const urlWith = (params: Record<string, string>) => {
  const q = new URLSearchParams(params).toString();
  return q ? `${EVENT_HISTORY}?${q}` : EVENT_HISTORY;
};

/** The next page's URL: its token, and this page remembered for Previous. */
export function nextUrl(state: PageState, nextToken: string): string {
  const back = [...state.back, state.token ?? FIRST].slice(-MAX_BACK);
  return urlWith({ ...filterParams(state.filters), token: nextToken, back: back.join('.') });
}

/** The previous page's URL, or none on the first page. */
export function previousUrl(state: PageState): string | undefined {
  if (state.token === undefined) return undefined;
  const back = [...state.back];
  const token = back.pop();
  const params = filterParams(state.filters);
  if (token !== undefined && token !== FIRST) params['token'] = token;
  if (back.length > 0) params['back'] = back.join('.');
  return urlWith(params);
}

/** One event's page. */
export const eventUrl = (eventId: string): string => `${EVENT_HISTORY}/event?${new URLSearchParams({ id: eventId }).toString()}`;
