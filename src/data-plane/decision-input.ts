/**
 * @module Validation of what a SaaS sends the decision path (core/decision/contract.ts), before anything
 * is read or decided: the contract's shape and limits, the service, action and resource against the
 * deployment's service catalog, and the condition keys the SaaS may set. Every problem is an AwsError
 * (`ValidationException`, 400, as AWS's JSON services name a bad request; `UnsupportedVersion` for a
 * contract version this Worker does not speak): bad input is never a 500 and never an allow.
 * Spec: Service Authorization Reference, "Simplified AWS service information for programmatic access"
 * (an action's `Resources` and their `ARNFormats`); IAM User Guide, "AWS global condition context keys"
 * (which keys the request, the principal and the resource carry).
 */
import { parseArn } from '../core/arn';
import type { CatalogAction, CatalogService } from '../core/catalog/types';
import {
  DECISION_API_VERSION,
  MAX_BATCH_ITEMS,
  type AuthorizeItem,
  type CallerInput,
  type DecisionScope,
  type RequestFacts,
  type ServiceCredentialInput,
  type SignedRequest,
} from '../core/decision/contract';
import { AwsError } from '../core/errors';
import { parseDate } from '../core/policy/conditions/date';
import { parseIp } from '../core/policy/conditions/ip';
import { parseNumber } from '../core/policy/conditions/numeric';
import { requestTarget, type SigV4Request } from '../core/sigv4/index';

/** Longest URL accepted (characters); CloudFront and most servers refuse longer ones. */
const MAX_URL_CHARS = 8_192;
/** Headers per signed request at most, and their total size (characters). */
const MAX_HEADERS = 100;
const MAX_HEADER_CHARS = 32_768;
/** Condition keys the SaaS may pass per item, and values per key; key and value lengths. */
const MAX_CONTEXT_KEYS = 64;
const MAX_CONTEXT_VALUES = 64;
const MAX_CONTEXT_KEY_CHARS = 256;
const MAX_CONTEXT_VALUE_CHARS = 1_024;
/** A resource ARN at most (IAM's ARN limit). */
const MAX_ARN_CHARS = 2_048;
/** A resource-based policy at most (characters; an S3 bucket policy's 20 KB). */
export const MAX_RESOURCE_POLICY_CHARS = 20_480;
/** A principal token at most (characters). */
const MAX_PRINCIPAL_TOKEN_CHARS = 8_192;

/** AWS's name for a request that does not satisfy the API's constraints. */
export const invalid = (message: string): AwsError => new AwsError('ValidationException', message, 400);

const SERVICE_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const METHOD = /^[A-Za-z]{1,16}$/;
const HEX64 = /^[0-9a-fA-F]{64}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
/** A D1 bookmark as D1 writes it (hex groups joined by `-`). */
const BOOKMARK = /^[0-9a-f]+(-[0-9a-f]+)*$/i;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What every call names, validated. */
export interface Scope {
  version: number;
  service: string;
  region: string;
  caller: { request: SignedRequest; sigv4: SigV4Request } | { principalToken: string } | { serviceCredential: ServiceCredentialInput };
  facts: { sourceIp: string | null; userAgent: string | null; secureTransport: boolean };
  bookmark: string | null;
  /** Record the call's decisions in the caller's account's trail (DecisionScope.record). */
  record: boolean;
}

/** The contract version a call speaks: absent is 1; newer than this Worker's is `UnsupportedVersion`. */
export function versionOf(input: unknown): number {
  const v = isObject(input) ? input.version : undefined;
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalid('version must be a positive integer.');
  if (v > DECISION_API_VERSION) {
    throw new AwsError('UnsupportedVersion', `Decision API version ${v} is not supported; this IAM Worker speaks versions 1 to ${DECISION_API_VERSION}.`, 400);
  }
  return v;
}

/** Validates the part every call shares. */
export function readScope(input: unknown): Scope {
  if (!isObject(input)) throw invalid('The request must be a JSON object.');
  const version = versionOf(input);
  const { service, region, caller, facts, bookmark, record } = input as Partial<Record<keyof DecisionScope, unknown>>;
  if (typeof service !== 'string' || !SERVICE_PREFIX.test(service)) throw invalid("service must be a service prefix (lower-case letters, digits and '-', as 'acme').");
  if (typeof region !== 'string' || !REGION.test(region)) throw invalid("region must be a region name (as 'us-east-1').");
  if (bookmark !== undefined && (typeof bookmark !== 'string' || bookmark.length > 256 || !BOOKMARK.test(bookmark))) {
    throw invalid('bookmark must be an x-iam-bookmark value as the IAM Worker returned it.');
  }
  if (record !== undefined && typeof record !== 'boolean') throw invalid('record must be true or false.');
  const readCaller = readCallerInput(caller);
  return {
    version,
    service,
    region,
    caller: readCaller,
    facts: readFacts(facts, 'request' in readCaller ? readCaller.request : undefined),
    bookmark: (bookmark as string | undefined) ?? null,
    record: record === true,
  };
}

/** A service-specific credential's user name and password: IAM's generated forms bound their lengths. */
function readServiceCredential(v: unknown): ServiceCredentialInput {
  if (!isObject(v)) throw invalid('caller.serviceCredential must be an object: userName, password.');
  const { userName, password } = v;
  // IAM's generated user name is the user's name (64 at most) + "-at-" + the account id; a password is 44 characters.
  if (typeof userName !== 'string' || userName.length === 0 || userName.length > 200) throw invalid('caller.serviceCredential.userName must be a service-specific user name.');
  if (typeof password !== 'string' || password.length === 0 || password.length > 200) throw invalid('caller.serviceCredential.password must be a service-specific password.');
  return { userName, password };
}

function readCallerInput(caller: unknown): Scope['caller'] {
  if (!isObject(caller)) throw invalid('caller is required: {"request": {...}}, {"principalToken": "..."} or {"serviceCredential": {...}}.');
  const present = (['request', 'principalToken', 'serviceCredential'] as const).filter((k) => caller[k] !== undefined);
  if (present.length !== 1) throw invalid('caller must carry exactly one of request, principalToken and serviceCredential.');
  if (present[0] === 'principalToken') {
    const t = (caller as { principalToken: unknown }).principalToken;
    if (typeof t !== 'string' || t.length === 0 || t.length > MAX_PRINCIPAL_TOKEN_CHARS) throw invalid('caller.principalToken must be a principal token.');
    return { principalToken: t };
  }
  if (present[0] === 'serviceCredential') return { serviceCredential: readServiceCredential(caller.serviceCredential) };
  const { request, host } = readSignedRequest((caller as CallerInput & { request: unknown }).request);
  return { request, sigv4: sigV4RequestOf(request, host) };
}

function readSignedRequest(r: unknown): { request: SignedRequest; host: string } {
  if (!isObject(r)) throw invalid('caller.request must be an object: method, url, headers, bodySha256.');
  const { method, url, headers, bodySha256 } = r;
  if (typeof method !== 'string' || !METHOD.test(method)) throw invalid('caller.request.method must be an HTTP method.');
  const host = typeof url === 'string' && url.length <= MAX_URL_CHARS && /^https?:\/\//i.test(url) ? hostOf(url) : undefined;
  if (host === undefined) throw invalid('caller.request.url must be the absolute http(s) URL the tenant called.');
  if (typeof bodySha256 !== 'string' || !HEX64.test(bodySha256)) throw invalid('caller.request.bodySha256 must be the hex SHA-256 of the body (64 digits).');
  if (!isObject(headers)) throw invalid('caller.request.headers must be an object of header names to values.');
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) throw invalid(`caller.request.headers must have at most ${MAX_HEADERS} headers.`);
  let size = 0;
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string') throw invalid('caller.request.headers must map header names to string values.');
    size += name.length + value.length;
  }
  if (size > MAX_HEADER_CHARS) throw invalid(`caller.request.headers must be at most ${MAX_HEADER_CHARS} characters in all.`);
  return { request: { method, url: url as string, headers: headers as Record<string, string>, bodySha256: bodySha256.toLowerCase() }, host };
}

/** The URL's host (`new URL`'s, with a non-default port), or undefined when it does not parse: the one parse of the URL. */
function hostOf(s: string): string | undefined {
  try {
    return new URL(s).host;
  } catch {
    return undefined;
  }
}

/**
 * The request as SigV4 verifies it: the raw path and query as the tenant sent them, the headers, `host`
 * from the URL when absent (`host`: the URL's, when the caller has already parsed it).
 */
export function sigV4RequestOf(r: SignedRequest, host?: string): SigV4Request {
  // The path and query exactly as the tenant sent them (still percent-encoded): SigV4 signs the raw form.
  const { path, query } = requestTarget(r.url);
  const headers: [string, string][] = Object.entries(r.headers);
  if (!headers.some(([k]) => k.toLowerCase() === 'host')) headers.push(['host', host ?? new URL(r.url).host]);
  return { method: r.method.toUpperCase(), path, query, headers };
}

function readFacts(facts: unknown, request: SignedRequest | undefined): Scope['facts'] {
  if (facts !== undefined && !isObject(facts)) throw invalid('facts must be an object.');
  const f = (facts ?? {}) as Partial<Record<keyof RequestFacts, unknown>>;
  // Only an address: the IP operators match nothing against anything else, so `NotIpAddress` would stop
  // denying (a Deny outside the office's range turned into an allow by `sourceIp: "garbage"`).
  if (f.sourceIp !== undefined && (typeof f.sourceIp !== 'string' || f.sourceIp.length > 64 || parseIp(f.sourceIp) === undefined)) {
    throw invalid('facts.sourceIp must be an IPv4 or IPv6 address.');
  }
  if (f.userAgent !== undefined && (typeof f.userAgent !== 'string' || f.userAgent.length > 1024)) throw invalid('facts.userAgent must be a string of at most 1024 characters.');
  if (f.secureTransport !== undefined && typeof f.secureTransport !== 'boolean') throw invalid('facts.secureTransport must be a boolean.');
  const headerUa = request ? Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1] : undefined;
  const https = request ? request.url.toLowerCase().startsWith('https:') : false;
  return {
    sourceIp: (f.sourceIp as string | undefined) ?? null,
    userAgent: (f.userAgent as string | undefined) ?? headerUa ?? null,
    secureTransport: (f.secureTransport as boolean | undefined) ?? https,
  };
}

/** One authorization question, validated against the catalog: the action as the catalog spells it. */
export interface Item {
  /** `acme:GetProject` in the catalog's spelling. */
  action: string;
  resource: string;
  /** The resource type the ARN is of (undefined for `*`). */
  resourceType: string | undefined;
  /** The account owning the resource (the ARN's account field); undefined for `*` or an ARN without one. */
  resourceAccountId: string | undefined;
  context: Record<string, string | string[]>;
  resourcePolicy: string | undefined;
  /** When the SaaS wrote the resource policy (epoch ms), when it said so. */
  resourcePolicyWrittenMs: number | undefined;
}

/** The catalog's action for `action` (`acme:GetProject`), or a ValidationException. */
export function catalogAction(service: CatalogService, action: unknown, where = 'action'): CatalogAction {
  if (typeof action !== 'string' || action.length > 256) throw invalid(`${where} must be a string like '${service.prefix}:GetProject'.`);
  const colon = action.indexOf(':');
  const prefix = colon < 0 ? '' : action.slice(0, colon).toLowerCase();
  if (prefix !== service.prefix) throw invalid(`${where} '${echo(action)}' is not an action of service '${service.prefix}'.`);
  const found = service.action(action.slice(colon + 1));
  if (!found) throw invalid(`${where} '${echo(action)}' is not an action of service '${service.prefix}' in the service catalog.`);
  return found;
}

/** Validates one item against the catalog (`where` names it in messages: `items.3`). */
export function readItem(service: CatalogService, partition: string, raw: unknown, where = ''): Item {
  const at = (field: string) => (where ? `${where}.${field}` : field);
  if (!isObject(raw)) throw invalid(`${where || 'The item'} must be an object: action, resource, context, resourcePolicy.`);
  const action = catalogAction(service, raw.action, at('action'));
  const { resource, resourceType, resourceAccountId } = readResource(service, action, partition, raw.resource, at('resource'));
  const context = readContext(service, action, resourceType, raw.context, at('context'));
  const rp = raw.resourcePolicy;
  if (rp !== undefined && (typeof rp !== 'string' || rp.length === 0 || rp.length > MAX_RESOURCE_POLICY_CHARS)) {
    throw invalid(`${at('resourcePolicy')} must be a policy document (JSON text) of at most ${MAX_RESOURCE_POLICY_CHARS} characters.`);
  }
  const written = raw.resourcePolicyWrittenAt;
  const writtenMs = typeof written === 'string' && written.length <= 64 && /^\d{4}-\d{2}-\d{2}T/.test(written) ? parseDate(written) : undefined;
  if (written !== undefined && (rp === undefined || writtenMs === undefined || Number.isNaN(writtenMs))) {
    throw invalid(`${at('resourcePolicyWrittenAt')} must be the ISO 8601 time the resource policy was written, given with resourcePolicy.`);
  }
  return { action: `${service.prefix}:${action.name}`, resource, resourceType, resourceAccountId, context, resourcePolicy: rp as string | undefined, resourcePolicyWrittenMs: writtenMs };
}

/** The resource: `*` for an action without a required resource type, else an ARN of one of the action's resource types. */
function readResource(service: CatalogService, action: CatalogAction, partition: string, resource: unknown, where: string) {
  if (typeof resource !== 'string' || resource.length === 0 || resource.length > MAX_ARN_CHARS) throw invalid(`${where} must be a resource ARN or '*'.`);
  if (resource === '*') {
    const required = action.resources.filter((r) => r.required).map((r) => r.type);
    if (required.length > 0) throw invalid(`${where} '*' is not valid for ${service.prefix}:${action.name}: it needs the ARN of a ${required.join(' or ')}.`);
    return { resource, resourceType: undefined, resourceAccountId: undefined };
  }
  const arn = parseArn(resource);
  if (!arn || arn.resource === '') throw invalid(`${where} '${echo(resource)}' is not a valid ARN (arn:partition:service:region:account:resource).`);
  if (arn.partition !== partition) throw invalid(`${where} '${echo(resource)}' is not in partition '${partition}'.`);
  if (arn.service !== service.prefix) throw invalid(`${where} '${echo(resource)}' is not a resource of service '${service.prefix}'.`);
  if (arn.account !== '' && !/^\d{12}$/.test(arn.account)) throw invalid(`${where} '${echo(resource)}' has an invalid account id (12 digits).`);
  if (/[*?]/.test(resource)) throw invalid(`${where} '${echo(resource)}' must name one resource (no wildcards).`);
  const resourceType = service.resourceTypeOf(resource);
  if (resourceType === undefined) throw invalid(`${where} '${echo(resource)}' matches none of the ARN formats of service '${service.prefix}'.`);
  const types = action.resources.map((r) => r.type);
  if (!types.some((t) => t.toLowerCase() === resourceType.toLowerCase())) {
    throw invalid(
      types.length === 0
        ? `${where} must be '*' for ${service.prefix}:${action.name}, which has no resource types.`
        : `${where} '${echo(resource)}' is a ${resourceType}; ${service.prefix}:${action.name} applies to ${types.join(' or ')}.`,
    );
  }
  return { resource, resourceType, resourceAccountId: arn.account === '' ? undefined : arn.account };
}

const RESOURCE_TAG = 'aws:resourcetag/';
const REQUEST_TAG = 'aws:requesttag/';

/**
 * The SaaS's condition keys: its own (`acme:*`, declared for the action or resource type in the catalog),
 * and the resource and tagging keys a service supplies (`aws:ResourceTag/*`, `aws:RequestTag/*`,
 * `aws:TagKeys`). Keys of the principal or the request (`aws:SourceIp`, `aws:PrincipalArn`,
 * `aws:CurrentTime`, …) are the IAM Worker's to set: a SaaS setting one is refused, not overridden.
 */
export function readContext(service: CatalogService, action: CatalogAction, resourceType: string | undefined, raw: unknown, where: string): Record<string, string | string[]> {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw invalid(`${where} must be an object of condition keys to a string or a list of strings.`);
  const entries = Object.entries(raw);
  if (entries.length > MAX_CONTEXT_KEYS) throw invalid(`${where} must have at most ${MAX_CONTEXT_KEYS} keys.`);
  let declared: ((key: string) => boolean) | undefined;
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > MAX_CONTEXT_KEY_CHARS) throw invalid(`${where} has a key of invalid length.`);
    const lower = key.toLowerCase();
    if (lower.startsWith(`${service.prefix}:`)) {
      declared ??= declaredKeys(service, action, resourceType);
      if (!declared(key)) throw invalid(`${where} key '${echo(key)}' is not a condition key of ${service.prefix}:${action.name} in the service catalog.`);
    } else if (lower.startsWith(RESOURCE_TAG) || lower.startsWith(REQUEST_TAG)) {
      if (lower.endsWith('/')) throw invalid(`${where} key '${echo(key)}' names no tag.`);
    } else if (lower !== 'aws:tagkeys') {
      throw invalid(
        `${where} key '${echo(key)}' cannot be set by the service: it may set ${service.prefix}:* keys, aws:ResourceTag/*, aws:RequestTag/* and aws:TagKeys; the IAM Worker sets the principal's and the request's keys.`,
      );
    }
    const read = readValue(value, `${where}.${key}`);
    if (lower.startsWith(`${service.prefix}:`)) checkTyped(service, key, read, `${where}.${key}`);
    out[key] = read;
  }
  return out;
}

/** Parsers of the catalog's typed condition keys: a value none of a key's types reads is refused. */
const TYPE_PARSERS: Readonly<Record<string, (v: string) => unknown>> = {
  Numeric: parseNumber,
  Date: parseDate,
  Bool: (v) => (/^(true|false)$/i.test(v) ? true : undefined),
  IPAddress: parseIp,
};

/**
 * A SaaS key's values must read as one of the types the catalog declares for it: IAM's Numeric, Date,
 * Bool and IP operators compare nothing with a value they cannot read, in either sense, so a `Deny` on
 * `NumericGreaterThan acme:PageSize 100` would stop denying for `"1e9"` or `"500 "` (a tenant's raw
 * input passed on). String, ARN and Binary keys take any string.
 */
function checkTyped(service: CatalogService, key: string, value: string | string[], where: string): void {
  const types = service.conditionKeyTypes(key);
  if (!types || types.length === 0) return;
  const parsers: ((v: string) => unknown)[] = [];
  for (const t of types) {
    const parse = TYPE_PARSERS[t.replace(/^ArrayOf/, '')];
    if (!parse) return;
    parsers.push(parse);
  }
  for (const v of typeof value === 'string' ? [value] : value) {
    if (!parsers.some((parse) => parse(v) !== undefined)) throw invalid(`${where} '${echo(v)}' is not a value of type ${types.join(' or ')}.`);
  }
}

/**
 * The matchers of the keys an action declares for a resource type, per compiled catalog service: built once
 * (a template key is a RegExp) instead of on every decision. A service's new version is a new object, so
 * entries go with the version they were built from.
 */
const matchers = new WeakMap<CatalogService, Map<string, (key: string) => boolean>>();

function declaredKeys(service: CatalogService, action: CatalogAction, resourceType: string | undefined): (key: string) => boolean {
  let byAction = matchers.get(service);
  if (!byAction) matchers.set(service, (byAction = new Map()));
  const k = `${action.name}\0${resourceType ?? ''}`;
  let m = byAction.get(k);
  if (!m) byAction.set(k, (m = keyMatcher(service.conditionKeys(action.name, resourceType))));
  return m;
}

/** Whether a key is one of `declared` (exact, or an instance of a template such as `acme:Label/${LabelKey}`), in any case. */
function keyMatcher(declared: readonly string[]): (key: string) => boolean {
  const exact = new Set<string>();
  const templates: RegExp[] = [];
  for (const d of declared) {
    if (d.includes('${')) templates.push(new RegExp(`^${d.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.+')}$`, 'is'));
    else exact.add(d.toLowerCase());
  }
  return (key) => exact.has(key.toLowerCase()) || templates.some((t) => t.test(key));
}

function readValue(value: unknown, where: string): string | string[] {
  if (typeof value === 'string') {
    if (value.length > MAX_CONTEXT_VALUE_CHARS) throw invalid(`${where} must be at most ${MAX_CONTEXT_VALUE_CHARS} characters.`);
    return value;
  }
  if (!Array.isArray(value) || value.length > MAX_CONTEXT_VALUES || !value.every((v) => typeof v === 'string' && v.length <= MAX_CONTEXT_VALUE_CHARS)) {
    throw invalid(`${where} must be a string or a list of at most ${MAX_CONTEXT_VALUES} strings.`);
  }
  return [...(value as string[])];
}

/** The items of a batch: 1 to {@link MAX_BATCH_ITEMS}. */
export function readItems(service: CatalogService, partition: string, items: unknown): Item[] {
  if (!Array.isArray(items) || items.length === 0) throw invalid('items must be a non-empty list of {action, resource, context?, resourcePolicy?}.');
  if (items.length > MAX_BATCH_ITEMS) throw invalid(`items must have at most ${MAX_BATCH_ITEMS} entries; got ${items.length}.`);
  return items.map((raw, i) => readItem(service, partition, raw as AuthorizeItem, `items.${i}`));
}

/** A client value in a message: at most 128 characters, control characters removed. */
export function echo(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.slice(0, 128).replace(/[\u0000-\u001f\u007f]/g, '');
}
