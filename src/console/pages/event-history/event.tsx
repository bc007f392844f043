/**
 * @module GET /console/iam/event-history/event?id=<EventId>: one event's summary and its record, the
 * CloudTrail JSON as the trail keeps it (indented), as AWS's console shows an event's "Event record".
 * Found with LookupEvents by its `EventId` attribute, as the signed-in principal.
 */
import { actCloudTrail } from '../../act';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { ErrorAlert, Section, when } from '../../ui';
import { statusOf } from '../page-kit';
import { EVENT_HISTORY, MAX_VALUE_LENGTH } from './filters';
import type { ListedEvent } from './list';

/** The record's members the summary shows (CloudTrail record contents). */
interface RecordFacts {
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  requestID?: string;
  errorCode?: string;
  errorMessage?: string;
  userIdentity?: { type?: string; arn?: string };
}

export async function eventPage(c: ConsoleContext) {
  const id = (c.req.query('id') ?? '').slice(0, MAX_VALUE_LENGTH);
  const identity = c.get('identity');
  const result = id
    ? await actCloudTrail(c, identity.caller, 'LookupEvents', { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: id }], MaxResults: 1 })
    : ({ ok: true, output: { Events: [] } } as const);
  const event = result.ok ? (result.output as { Events: ListedEvent[] }).Events[0] : undefined;
  const body = event ? (
    <EventDetails event={event} />
  ) : result.ok ? (
    <div class="alert error" role="alert" id="event-missing">
      No event with this ID is in this account&apos;s event history.
    </div>
  ) : (
    <ErrorAlert error={result.error} />
  );
  return c.html(
    <AppLayout title={event ? `Event ${event.EventName}` : 'Event'} identity={identity} current={EVENT_HISTORY}>
      {body}
      <p>
        <a href={EVENT_HISTORY}>Back to event history</a>
      </p>
    </AppLayout>,
    result.ok ? (event ? 200 : 404) : statusOf(result.error),
  );
}

/** The record indented; the stored text as is if it is not JSON (it always is, but a page never fails on it). */
function indented(record: string): { text: string; facts: RecordFacts } {
  try {
    const parsed = JSON.parse(record) as RecordFacts;
    return { text: JSON.stringify(parsed, null, 2), facts: parsed };
  } catch {
    return { text: record, facts: {} };
  }
}

const EventDetails = (props: { event: ListedEvent }) => {
  const e = props.event;
  const { text, facts } = indented(e.CloudTrailEvent);
  return (
    <>
      <dl class="facts" id="event-summary">
        <dt>Event time</dt>
        <dd>{when(e.EventTime)}</dd>
        <dt>User name</dt>
        <dd id="event-username">{e.Username ?? '(none)'}</dd>
        <dt>AWS access key</dt>
        <dd>{e.AccessKeyId ?? '(none)'}</dd>
        <dt>Event source</dt>
        <dd>{e.EventSource}</dd>
        <dt>AWS region</dt>
        <dd>{facts.awsRegion ?? ''}</dd>
        <dt>Source IP address</dt>
        <dd>{facts.sourceIPAddress ?? ''}</dd>
        <dt>Event ID</dt>
        <dd id="event-id">{e.EventId}</dd>
        <dt>Request ID</dt>
        <dd>{facts.requestID ?? ''}</dd>
        <dt>Read-only</dt>
        <dd>{e.ReadOnly}</dd>
        {facts.errorCode ? (
          <>
            <dt>Error code</dt>
            <dd id="event-error">{facts.errorCode}</dd>
          </>
        ) : null}
      </dl>
      <Section title="Event record" id="event-record">
        <pre id="event-record-json" tabindex={0}>
          {text}
        </pre>
      </Section>
    </>
  );
};
