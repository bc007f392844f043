/**
 * @module GET /console/iam/event-history: the account's events, newest first, as CloudTrail's Event
 * history shows them (event name, time, user name, source, resources), filtered by one lookup attribute and
 * a time range, 50 a page with Next and Previous; each event's name opens its record. One LookupEvents call
 * as the signed-in principal: a refusal (no `cloudtrail:LookupEvents`) or a bad filter shows CloudTrail's
 * code and message where the list would be.
 * Spec: CloudTrail User Guide, "Working with CloudTrail Event history" (view-cloudtrail-events-console.html).
 */
import { actCloudTrail } from '../../act';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { ErrorAlert, when } from '../../ui';
import { statusOf } from '../page-kit';
import { ATTRIBUTES, EVENT_HISTORY, MAX_VALUE_LENGTH, eventUrl, lookupInputOf, nextUrl, previousUrl, stateOf, type Filters } from './filters';

/** An event of LookupEvents' answer, as the page reads it. */
export interface ListedEvent {
  EventId: string;
  EventName: string;
  EventTime: Date | string;
  EventSource: string;
  Username?: string;
  AccessKeyId?: string;
  ReadOnly: string;
  Resources?: { ResourceType?: string; ResourceName?: string }[];
  CloudTrailEvent: string;
}

export async function eventHistory(c: ConsoleContext) {
  const state = stateOf((name) => c.req.query(name));
  const identity = c.get('identity');
  const result = await actCloudTrail(c, identity.caller, 'LookupEvents', lookupInputOf(state));
  const out = result.ok ? (result.output as { Events: ListedEvent[]; NextToken?: string }) : undefined;
  const previous = previousUrl(state);
  const next = out?.NextToken ? nextUrl(state, out.NextToken) : undefined;
  return c.html(
    <AppLayout title="Event history" identity={identity} current={EVENT_HISTORY}>
      <p>Events of this account, newest first: its API calls, sign-ins and recorded decisions.</p>
      <FilterForm filters={state.filters} />
      {out ? <EventTable events={out.Events} /> : <ErrorAlert error={result.ok ? undefined : result.error} />}
      {previous || next ? (
        <nav class="pager" aria-label="Event history pages">
          {previous ? (
            <a href={previous} rel="prev" id="previous-page">
              Previous page
            </a>
          ) : null}{' '}
          {next ? (
            <a href={next} rel="next" id="next-page">
              Next page
            </a>
          ) : null}
        </nav>
      ) : null}
    </AppLayout>,
    statusOf(result.ok ? undefined : result.error),
  );
}

const FilterForm = (props: { filters: Filters }) => (
  <form method="get" action={EVENT_HISTORY} class="filters" role="search">
    <label for="key">Lookup attribute</label>{' '}
    <select id="key" name="key">
      {ATTRIBUTES.map((a) => (
        <option value={a.key} selected={a.key === props.filters.key}>
          {a.label}
        </option>
      ))}
    </select>{' '}
    <label for="value">Value</label> <input id="value" name="value" type="search" value={props.filters.value} maxlength={MAX_VALUE_LENGTH} />{' '}
    <label for="start">From (UTC)</label> <input id="start" name="start" type="datetime-local" step="1" value={props.filters.start} />{' '}
    <label for="end">To (UTC)</label> <input id="end" name="end" type="datetime-local" step="1" value={props.filters.end} />{' '}
    <button type="submit">Filter</button> <a href={EVENT_HISTORY}>Clear filters</a>
  </form>
);

/** The resources' types and names, one per line, as the console's columns list them. */
const resourceLines = (e: ListedEvent, field: 'ResourceType' | 'ResourceName') => (e.Resources ?? []).map((r) => r[field] ?? '').filter((v) => v !== '');

const EventTable = (props: { events: ListedEvent[] }) => (
  <div class="table-wrap">
    <table id="events">
      <caption>{`Events on this page: ${props.events.length}`}</caption>
      <thead>
        <tr>
          <th scope="col">Event name</th>
          <th scope="col">Event time</th>
          <th scope="col">User name</th>
          <th scope="col">Event source</th>
          <th scope="col">Resource type</th>
          <th scope="col">Resource name</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((e) => (
          <tr>
            <td>
              <a href={eventUrl(e.EventId)}>{e.EventName}</a>
            </td>
            <td>{when(e.EventTime)}</td>
            <td>{e.Username ?? ''}</td>
            <td>{e.EventSource}</td>
            <td>
              {resourceLines(e, 'ResourceType').map((t) => (
                <div>{t}</div>
              ))}
            </td>
            <td>
              {resourceLines(e, 'ResourceName').map((n) => (
                <div>{n}</div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
