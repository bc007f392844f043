/**
 * @module LookupEvents' request as the service reads it (CloudTrail API Reference, API_LookupEvents.html):
 * the members of LookupEventsRequest, with `StartTime`/`EndTime` as dates. The JSON protocol decodes into it
 * (protocol/json/cloudtrail.ts) and the action reads it (services/cloudtrail/lookup-events.ts).
 */

/** LookupEventsRequest (cloudtrail-2013-11-01). */
export interface LookupEventsInput {
  LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}
