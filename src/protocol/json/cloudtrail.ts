/**
 * @module CloudTrail 2013-11-01 over the AWS JSON 1.1 protocol (models/cloudtrail.service-2.json): the
 * operations by `X-Amz-Target`, LookupEvents' input decoded from its JSON body and its output encoded
 * (timestamps as epoch seconds, the protocol's default format).
 * Spec: Smithy "AWS JSON 1.1 protocol"; CloudTrail API Reference, API_LookupEvents.html.
 */
import type { LookupEventsInput } from '../../core/audit/lookup-input';
import { AwsError } from '../../core/errors';

/** `X-Amz-Target` = this prefix, a dot, and the operation's name. */
export const CLOUDTRAIL_TARGET_PREFIX = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101';

/** Every operation of the model (test/unit/protocol/cloudtrail-json.test.ts compares it with the model). */
export const CLOUDTRAIL_OPERATIONS: ReadonlySet<string> = new Set([
  'AddTags', 'CancelQuery', 'CreateChannel', 'CreateDashboard', 'CreateEventDataStore', 'CreateTrail', 'DeleteChannel',
  'DeleteDashboard', 'DeleteEventDataStore', 'DeleteResourcePolicy', 'DeleteTrail', 'DeregisterOrganizationDelegatedAdmin',
  'DescribeQuery', 'DescribeTrails', 'DisableFederation', 'EnableFederation', 'GenerateQuery', 'GetChannel', 'GetDashboard',
  'GetEventConfiguration', 'GetEventDataStore', 'GetEventSelectors', 'GetImport', 'GetInsightSelectors', 'GetQueryResults',
  'GetResourcePolicy', 'GetTrail', 'GetTrailStatus', 'ListChannels', 'ListDashboards', 'ListEventDataStores',
  'ListImportFailures', 'ListImports', 'ListInsightsData', 'ListInsightsMetricData', 'ListPublicKeys', 'ListQueries',
  'ListTags', 'ListTrails', 'LookupEvents', 'PutEventConfiguration', 'PutEventSelectors', 'PutInsightSelectors',
  'PutResourcePolicy', 'RegisterOrganizationDelegatedAdmin', 'RemoveTags', 'RestoreEventDataStore', 'SearchSampleQueries',
  'StartDashboardRefresh', 'StartEventDataStoreIngestion', 'StartImport', 'StartLogging', 'StartQuery',
  'StopEventDataStoreIngestion', 'StopImport', 'StopLogging', 'UpdateChannel', 'UpdateDashboard', 'UpdateEventDataStore',
  'UpdateTrail',
]);

/** The operation an `X-Amz-Target` names, or undefined when it names none of CloudTrail's. */
export function cloudTrailOperationOf(target: string): string | undefined {
  const dot = target.lastIndexOf('.');
  if (dot < 0 || target.slice(0, dot) !== CLOUDTRAIL_TARGET_PREFIX) return undefined;
  const name = target.slice(dot + 1);
  return CLOUDTRAIL_OPERATIONS.has(name) ? name : undefined;
}

/** A body or member the protocol cannot read (Smithy: the JSON protocols' `SerializationException`). */
const serialization = (message: string) => new AwsError('SerializationException', message, 400);

/**
 * A JSON 1.1 timestamp: epoch seconds, fractions allowed (what SDKs send); an ISO 8601 string is accepted
 * too, as AWS's JSON services accept it.
 */
function timestampOf(value: unknown, member: string): Date {
  const d = typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw serialization(`${member} must be a timestamp (epoch seconds).`);
  return d;
}

function stringOf(value: unknown, member: string): string {
  if (typeof value !== 'string') throw serialization(`${member} must be a string.`);
  return value;
}

/** LookupEventsRequest with dates, as the action reads it. */
export type DecodedLookupEvents = LookupEventsInput;

/**
 * LookupEvents' input from its JSON body: member types checked (SerializationException), members the
 * model does not have ignored (as AWS's JSON services ignore them). Values are validated by the action.
 */
export function decodeLookupEvents(body: unknown): DecodedLookupEvents {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw serialization('The request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  const out: DecodedLookupEvents = {};
  if (b.LookupAttributes !== undefined && b.LookupAttributes !== null) {
    if (!Array.isArray(b.LookupAttributes)) throw serialization('LookupAttributes must be a list.');
    out.LookupAttributes = b.LookupAttributes.map((a, i) => {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) throw serialization(`LookupAttributes.${i + 1} must be a structure.`);
      const { AttributeKey, AttributeValue } = a as Record<string, unknown>;
      if (AttributeKey === undefined || AttributeValue === undefined) {
        throw new AwsError('InvalidLookupAttributesException', 'A lookup attribute needs both AttributeKey and AttributeValue.', 400);
      }
      return { AttributeKey: stringOf(AttributeKey, 'AttributeKey'), AttributeValue: stringOf(AttributeValue, 'AttributeValue') };
    });
  }
  if (b.StartTime !== undefined && b.StartTime !== null) out.StartTime = timestampOf(b.StartTime, 'StartTime');
  if (b.EndTime !== undefined && b.EndTime !== null) out.EndTime = timestampOf(b.EndTime, 'EndTime');
  if (b.EventCategory !== undefined && b.EventCategory !== null) out.EventCategory = stringOf(b.EventCategory, 'EventCategory');
  if (b.MaxResults !== undefined && b.MaxResults !== null) {
    if (typeof b.MaxResults !== 'number' || !Number.isInteger(b.MaxResults)) throw serialization('MaxResults must be an integer.');
    out.MaxResults = b.MaxResults;
  }
  if (b.NextToken !== undefined && b.NextToken !== null) out.NextToken = stringOf(b.NextToken, 'NextToken');
  return out;
}

/** A JSON 1.1 body of `value`: dates as epoch seconds. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (key, v) {
    const raw = (this as Record<string, unknown>)[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}
