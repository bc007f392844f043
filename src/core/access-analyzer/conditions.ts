/**
 * @module Checks of a statement's Condition block: operators (INVALID_CONDITION_OPERATOR, NULL_WITH_IF_EXISTS,
 * NULL_WITH_QUALIFIER), keys (INVALID_CONDITION_KEY_FORMAT, INVALID_GLOBAL_CONDITION_KEY,
 * INVALID_SERVICE_CONDITION_KEY, INVALID_SERVICE, DEPRECATED_GLOBAL_CONDITION_KEY,
 * DUPLICATE_KEYS_WITH_DIFFERENT_CASE, FORALLVALUES_WITH_SINGLE_VALUED_KEY, TYPE_MISMATCH) and values (empty
 * lists, JSON types, booleans, numbers, dates, IP ranges, private `aws:SourceIp` ranges, wildcards without a
 * Like operator, variables).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { parseOperator } from '../policy/conditions/index';
import { parseDate } from '../policy/conditions/date';
import { parseCidr, type Cidr } from '../policy/conditions/ip';
import { parseNumber } from '../policy/conditions/numeric';
import { child, items, locate, locateKey, type At, type Run } from './context';
import { hasWildcard } from './glob';
import { globalKey } from './global-keys';
import { isOtherKeyPrefix, serviceKeyType, serviceOf, type KeyType } from './service-reference';

/**
 * The operator families a key type works with, the first being the one to recommend. ARN keys take String
 * operators and String keys ARN operators (an ARN is a string; AWS managed policies use `ArnLike` on
 * `kms:EncryptionContext:…`), and Bool keys String operators (AWS managed policies compare `aws:ViaAWSService`
 * with `StringEquals`): only families that cannot read the value are a mismatch.
 */
const FAMILY_OF: Readonly<Record<KeyType, readonly string[]>> = {
  String: ['String', 'Arn'],
  ArrayOfString: ['String', 'Arn'],
  ARN: ['Arn', 'String'],
  ArrayOfARN: ['Arn', 'String'],
  Bool: ['Bool', 'String'],
  ArrayOfBool: ['Bool', 'String'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  IPAddress: ['IpAddress'],
};

/** An operator's family from its base name (`StringNotEqualsIgnoreCase` → String; `NotIpAddress` → IpAddress). */
function familyOf(base: string): string {
  for (const f of ['String', 'Numeric', 'Date', 'Bool', 'Binary', 'Arn', 'Null']) if (base.startsWith(f)) return f;
  return 'IpAddress';
}

/**
 * String operators that compare without wildcards. ArnEquals is not one: it matches each ARN component with
 * `*` and `?` as ArnLike does (IAM User Guide, "ARN condition operators").
 */
const EXACT_STRING_OPERATORS: ReadonlySet<string> = new Set(['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase']);

/** Base operator name without qualifier or IfExists. */
function baseName(op: string): string {
  return op.replace(/^For(?:All|Any)Values?:/, '').replace(/IfExists$/, '');
}

/** RFC 1918, loopback, link-local, CGNAT and IPv6 unique-local / link-local / loopback ranges. */
const PRIVATE: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10', 'fc00::/7', 'fe80::/10', '::1/128'].map((c) => parseCidr(c)!);

/** Whether a whole range lies inside a private range. */
function isPrivate(range: Cidr): boolean {
  return PRIVATE.some((p) => p.bytes.length === range.bytes.length && p.prefix <= range.prefix && sameBits(p.bytes, range.bytes, p.prefix));
}

function sameBits(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
  }
  return true;
}

/** The range written with its host bits cleared, when any were set (`10.0.0.1/8` → `10.0.0.0/8`). */
function normalizedRange(range: Cidr, text: string): string | undefined {
  const masked = range.bytes.map((byte, i) => {
    const bits = Math.max(0, Math.min(8, range.prefix - i * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  if (masked.every((b, i) => b === range.bytes[i])) return undefined;
  if (masked.length === 4) return `${masked.join('.')}/${range.prefix}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((masked[i]! << 8) | masked[i + 1]!).toString(16));
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${text.includes('/') ? range.prefix : 128}`;
}

/** The key's type and whether it is single-valued, when the reference or the global keys know it. */
function keyInfo(key: string): { type: KeyType; single: boolean } | undefined {
  const g = globalKey(key);
  if (g) return { type: g.type, single: !g.multivalued };
  const colon = key.indexOf(':');
  const service = colon > 0 ? serviceOf(key.slice(0, colon)) : undefined;
  const type = service ? serviceKeyType(service, key) : undefined;
  return type ? { type, single: !type.startsWith('ArrayOf') } : undefined;
}

const TAG_KEYS: Readonly<Record<string, string>> = { requesttag: 'RequestTag', resourcetag: 'ResourceTag', principaltag: 'PrincipalTag' };
/** `vpc-` / `vpce-` and 8 or 17 alphanumeric characters (the reference's INVALID_VPC_FORMAT, INVALID_VPCE_FORMAT). */
const VPC = /^vpc-(?:[A-Za-z0-9]{8}|[A-Za-z0-9]{17})$/;
const VPCE = /^vpce-(?:[A-Za-z0-9]{8}|[A-Za-z0-9]{17})$/;

/** Key checks that do not depend on the operator. */
function checkKeyName(run: Run, keyAt: At, key: string): void {
  const loc = locate(keyAt);
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) {
    run.add('INVALID_CONDITION_KEY_FORMAT', [loc]);
    return;
  }
  const prefix = key.slice(0, colon);
  if (prefix.toLowerCase() === 'aws') {
    const tag = /^aws:(requesttag|resourcetag|principaltag)\/?$/i.exec(key);
    if (tag) run.add('MISSING_TAG_KEY_IN_CONDITION', [loc], { key: `aws:${TAG_KEYS[tag[1]!.toLowerCase()]}/` });
    else if (key.toLowerCase() === 'aws:arn') run.add('DEPRECATED_GLOBAL_CONDITION_KEY', [loc]);
    else if (!globalKey(key)) run.add('INVALID_GLOBAL_CONDITION_KEY', [loc], { key });
    return;
  }
  // Identity providers' keys (`accounts.google.com:aud`, `token.actions.githubusercontent.com:sub`), SAML's
  // and a few others are not services of the reference.
  if (isOtherKeyPrefix(prefix)) return;
  const service = serviceOf(prefix);
  if (!service) run.add('INVALID_SERVICE', [loc], { service: prefix });
  else if (!serviceKeyType(service, key)) run.add('INVALID_SERVICE_CONDITION_KEY', [loc], { key, service: service.prefix });
}

/** Checks one Condition element. */
export function checkCondition(run: Run, cond: At): void {
  const node = cond.node;
  if (node.kind !== 'object') {
    run.add('DATA_TYPE_MISMATCH', [locate(cond)], { type: 'Object' });
    return;
  }
  if (node.members.length === 0) {
    run.add('EMPTY_OBJECT_CONDITION', [locate(cond)]);
    return;
  }
  const seen = new Map<string, string>();
  for (const m of node.members) {
    const opAt = child(cond, m.key, m.value);
    const parsed = parseOperator(m.key);
    if (!parsed) {
      if (/^(?:For(?:All|Any)Values?:)?NullIfExists$/.test(m.key)) run.add('NULL_WITH_IF_EXISTS', [locateKey(cond, m.key, m.keySpan)]);
      else run.add('INVALID_CONDITION_OPERATOR', [locateKey(cond, m.key, m.keySpan)], { operator: m.key });
      continue;
    }
    if (m.value.kind !== 'object') {
      run.add('DATA_TYPE_MISMATCH', [locate(opAt)], { type: 'Object' });
      continue;
    }
    const base = baseName(m.key);
    const family = familyOf(base);
    if (family === 'Null' && parsed.set !== 'none') run.add('NULL_WITH_QUALIFIER', [locateKey(cond, m.key, m.keySpan)]);
    for (const k of m.value.members) {
      const keyAt = child(opAt, k.key, k.value);
      // The same key in two spellings within one operator's block (AWS: "in the same condition block").
      const lc = k.key.toLowerCase();
      const prior = seen.get(`${m.key}\0${lc}`);
      if (prior !== undefined && prior !== k.key) run.add('DUPLICATE_KEYS_WITH_DIFFERENT_CASE', [locate(keyAt)], { key: k.key });
      seen.set(`${m.key}\0${lc}`, k.key);
      checkKeyName(run, keyAt, k.key);
      checkValues(run, keyAt, m.key, base, family, parsed.set, parsed.ifExists, k.key);
    }
  }
}

function checkValues(run: Run, keyAt: At, operator: string, base: string, family: string, set: 'none' | 'all' | 'any', ifExists: boolean, key: string): void {
  const node = keyAt.node;
  if (node.kind === 'array' && node.items.length === 0) {
    const code = set === 'all' ? 'EMPTY_ARRAY_CONDITION_FORALLVALUES' : set === 'any' ? 'EMPTY_ARRAY_CONDITION_FORANYVALUE' : ifExists ? 'EMPTY_ARRAY_CONDITION_IFEXISTS' : 'EMPTY_ARRAY_CONDITION';
    run.add(code, [locate(keyAt)], { key });
    return;
  }
  const values = items(keyAt);
  for (const v of values) {
    if (v.node.kind === 'object' || v.node.kind === 'array' || v.node.kind === 'null') {
      run.add('DATA_TYPE_MISMATCH', [locate(v)], { type: 'String' });
      return;
    }
  }
  if (new Set(values.map((v) => v.node.kind)).size > 1) {
    run.add('INVALID_CONDITION_DATA_TYPE', [locate(keyAt)]);
    return;
  }
  const info = keyInfo(key);
  if (info && family !== 'Null' && family !== 'Binary' && !FAMILY_OF[info.type].includes(family) && !(key.toLowerCase() === 'aws:epochtime' && family === 'Numeric')) {
    run.add('TYPE_MISMATCH', [locate(keyAt)], { allowed: FAMILY_OF[info.type][0]!, operator, key });
  }
  if (info?.single && set === 'all') run.add('FORALLVALUES_WITH_SINGLE_VALUED_KEY', [locate(keyAt)], { key });
  if (family === 'Bool' && set === 'none' && values.length > 1) run.add('INVALID_CONDITION_MULTIPLE_BOOLEAN', [locate(keyAt)]);

  const texts = values.map((v) => (v.node.kind === 'string' || v.node.kind === 'number' || v.node.kind === 'boolean' ? v.node.kind === 'string' ? v.node.value : v.node.raw : ''));
  const private_: boolean[] = [];
  values.forEach((v, i) => {
    const text = texts[i]!;
    if (text.includes('${')) {
      if (family !== 'String' && family !== 'Arn') run.add('INVALID_VARIABLE_FOR_OPERATOR', [locate(v)]);
      return;
    }
    if (family === 'Bool' && !/^(?:true|false)$/i.test(text)) run.add('TYPE_MISMATCH_BOOLEAN', [locate(v)], { operator });
    else if (family === 'Numeric' && parseNumber(text) === undefined) run.add('TYPE_MISMATCH_NUMBER', [locate(v)], { operator });
    else if (family === 'Date' && parseDate(text) === undefined) run.add('TYPE_MISMATCH_DATE', [locate(v)]);
    else if (family === 'IpAddress') {
      const range = parseCidr(text);
      if (!range) run.add('TYPE_MISMATCH_IP_RANGE', [locate(v)], { operator });
      else {
        const better = normalizedRange(range, text);
        if (better) run.add('IMPROVE_IP_RANGE', [locate(v)], { addr: better });
        private_.push(isPrivate(range));
      }
    } else if (EXACT_STRING_OPERATORS.has(base) && hasWildcard(text)) {
      run.add('WILDCARD_WITHOUT_LIKE_OPERATOR', [locate(v)]);
    } else if (family === 'String' && !hasWildcard(text)) {
      const lk = key.toLowerCase();
      if (lk === 'aws:sourcevpc' && !VPC.test(text)) run.add('INVALID_VPC_FORMAT', [locate(v)]);
      else if (lk === 'aws:sourcevpce' && !VPCE.test(text)) run.add('INVALID_VPCE_FORMAT', [locate(v)]);
    }
  });
  // NumericLessThan [2700, 3600] is NumericLessThan 3600 (the reference's example): one bound suffices.
  const bound = /^Numeric(LessThan|GreaterThan)(?:Equals)?$/.exec(base);
  if (bound && set === 'none' && values.length > 1 && texts.every((t) => !t.includes('${') && parseNumber(t) !== undefined)) {
    run.add('REDUNDANT_CONDITION_VALUE_NUM', [locate(keyAt)], { operator, which: bound[1] === 'LessThan' ? 'greatest' : 'least', key });
  }
  if (key.toLowerCase() === 'aws:sourceip' && private_.length === values.length && private_.length > 0) {
    const not = base === 'NotIpAddress';
    if (private_.every(Boolean)) run.add(not ? 'PRIVATE_NOT_IP_ADDRESS' : 'PRIVATE_IP_ADDRESS', [locate(keyAt)]);
    else if (private_.some(Boolean)) run.add(not ? 'PRIVATE_NOT_IP_ADDRESS_SUBSET' : 'PRIVATE_IP_ADDRESS_SUBSET', [locate(keyAt)]);
  }
}

/** Whether a Condition element names a key (any operator), case-insensitively. */
export function conditionHasKey(cond: At | undefined, key: string): boolean {
  if (!cond || cond.node.kind !== 'object') return false;
  const lc = key.toLowerCase();
  return cond.node.members.some((m) => m.value.kind === 'object' && m.value.members.some((k) => k.key.toLowerCase() === lc));
}
