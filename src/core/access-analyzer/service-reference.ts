/**
 * @module The Service Authorization Reference as ValidatePolicy reads it: which services exist, their
 * actions, their own condition keys and types, and whether their resource ARNs carry a Region and an account.
 * The generated data (service-reference.gen.ts, about 520 KB of text for some 450 services and 22,000 actions)
 * is one string decoded into maps on first use, so an isolate that never validates a policy pays only for
 * holding the string.
 * spec: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { globRegExp } from './glob';
import { OTHER_CONDITION_KEY_PREFIXES, SERVICE_REFERENCE_DATA } from './service-reference.gen';

/** A condition key's type, as the reference names it. */
export type KeyType = 'String' | 'ArrayOfString' | 'ARN' | 'ArrayOfARN' | 'Bool' | 'ArrayOfBool' | 'Numeric' | 'Date' | 'IPAddress';

const TYPES: Readonly<Record<string, KeyType>> = { S: 'String', A: 'ArrayOfString', R: 'ARN', Q: 'ArrayOfARN', B: 'Bool', C: 'ArrayOfBool', N: 'Numeric', D: 'Date', I: 'IPAddress' };

/** One service of the reference. */
export interface ServiceEntry {
  readonly prefix: string;
  /** Action names as the reference spells them, by lower-cased name. */
  readonly actions: ReadonlyMap<string, string>;
  /** Exact condition keys (lower-cased) → type. */
  readonly keys: ReadonlyMap<string, KeyType>;
  /** Keys with a name part (`s3:BucketTag/${TagKey}`, `s3:ExistingObjectTag/<key>`): the lower-cased text before it → type. */
  readonly keyPrefixes: ReadonlyMap<string, KeyType>;
  /** Whether every / no resource type's ARN has a Region (undefined when they differ or there are none). */
  readonly arnRegion: 'required' | 'forbidden' | undefined;
  readonly arnAccount: 'required' | 'forbidden' | undefined;
}

let decoded: ReadonlyMap<string, ServiceEntry> | undefined;

function decode(): ReadonlyMap<string, ServiceEntry> {
  const out = new Map<string, ServiceEntry>();
  for (const line of SERVICE_REFERENCE_DATA.split('\n')) {
    const [prefix = '', flags = '', actions = '', keys = ''] = line.split('\t');
    const keyMap = new Map<string, KeyType>();
    const keyPrefixes = new Map<string, KeyType>();
    for (const k of keys ? keys.split(',') : []) {
      const eq = k.lastIndexOf('=');
      const name = k.slice(0, eq).toLowerCase();
      const type = TYPES[k.slice(eq + 1)] ?? 'String';
      // A name part is written `${TagKey}`, `<key>` (s3:ExistingObjectTag/<key>) or `tag-key`
      // (secretsmanager:ResourceTag/tag-key).
      const cuts = [name.indexOf('${'), name.indexOf('<'), name.endsWith('/tag-key') ? name.length - 7 : -1].filter((i) => i >= 0);
      if (cuts.length > 0) keyPrefixes.set(name.slice(0, Math.min(...cuts)), type);
      else keyMap.set(name, type);
    }
    out.set(prefix, {
      prefix,
      actions: new Map((actions ? actions.split(',') : []).map((a) => [a.toLowerCase(), a])),
      keys: keyMap,
      keyPrefixes,
      arnRegion: flags.includes('r') ? 'required' : flags.includes('R') ? 'forbidden' : undefined,
      arnAccount: flags.includes('a') ? 'required' : flags.includes('A') ? 'forbidden' : undefined,
    });
  }
  return out;
}

/** Every service by prefix (lower case). */
export function services(): ReadonlyMap<string, ServiceEntry> {
  return (decoded ??= decode());
}

/** The service with this prefix (case-insensitive), if the reference knows it. */
export const serviceOf = (prefix: string): ServiceEntry | undefined => services().get(prefix.toLowerCase());

/** The type of a service's own condition key (`s3:prefix`, `s3:ExistingObjectTag/team`), if it exists. */
export function serviceKeyType(service: ServiceEntry, key: string): KeyType | undefined {
  const lc = key.toLowerCase();
  const exact = service.keys.get(lc);
  if (exact) return exact;
  for (const [prefix, type] of service.keyPrefixes) if (lc.startsWith(prefix) && lc.length > prefix.length) return type;
  return undefined;
}

const OTHER_PREFIXES: readonly RegExp[] = OTHER_CONDITION_KEY_PREFIXES.map((p) => globRegExp(p.replace(/\$\{\w+\}/g, '*')));

/** Whether a condition key prefix belongs to no service but is known (`saml`, `accounts.google.com`, `catalog`). */
export const isOtherKeyPrefix = (prefix: string): boolean => OTHER_PREFIXES.some((re) => re.test(prefix));
