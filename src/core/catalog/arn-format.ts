/**
 * @module ARN formats of a catalog's resource types (`arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}`):
 * their well-formedness, and matching an ARN against them (compiled once per service version).
 *
 * A format has the six components of an ARN (`arn:partition:service:region:account-id:resource`, IAM User
 * Guide, "IAM identifiers", ARN format): `arn`, `${Partition}`, the service prefix itself, `${Region}` or
 * nothing, `${Account}` or nothing (s3's `arn:${Partition}:s3:::${BucketName}` has neither), then the
 * resource, literal text and `${Variable}`s. A variable matches any non-empty text; when an ARN matches
 * several formats (`project/p1/document/d1` matches both `project/${ProjectId}` and
 * `project/${ProjectId}/document/${DocumentId}`), the most specific one, with the most literal text, wins.
 */

/** `${Name}`: a variable of a format. */
const VARIABLE = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;
/** Characters of a format's literal text: an ARN's printable characters without the wildcards `*` and `?`. */
const LITERAL = /^[A-Za-z0-9_+=,.@:/#%!~&'()\[\]-]*$/;
/** Longest ARN format accepted (IAM's longest ARN is 2048 characters). */
export const MAX_ARN_FORMAT_LENGTH = 1024;

/** Why `format` is not a well-formed ARN format of service `prefix`, or undefined when it is. */
export function arnFormatError(format: string, prefix: string): string | undefined {
  if (format.length > MAX_ARN_FORMAT_LENGTH) return `is longer than ${MAX_ARN_FORMAT_LENGTH} characters`;
  const parts = format.split(':');
  if (parts.length < 6) return 'must have six colon-separated components: arn:${Partition}:<service>:<region>:<account>:<resource>';
  const [arn, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (arn !== 'arn') return 'must start with "arn:"';
  if (partition !== '${Partition}') return 'must have ${Partition} as its partition (the second component)';
  if (service !== prefix) return `must name the service "${prefix}" as its third component, not "${service}"`;
  if (region !== '' && region !== '${Region}') return 'must have ${Region} or nothing as its region (the fourth component)';
  if (account !== '' && account !== '${Account}') return 'must have ${Account} or nothing as its account (the fifth component)';
  if (resource === '') return 'must have a resource (the sixth component)';
  const literal = resource.replace(VARIABLE, '');
  if (literal.includes('$') || literal.includes('{') || literal.includes('}')) return 'has a variable that is not of the form ${Name} (letters and digits)';
  if (!LITERAL.test(literal)) return 'has a character that is not allowed in an ARN (wildcards * and ? included)';
  return undefined;
}

/** A compiled format: its pattern and how specific it is. */
export interface CompiledArnFormat {
  readonly format: string;
  readonly pattern: RegExp;
  /** Characters of literal text (the more, the more specific). */
  readonly literalLength: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The pattern of a well-formed format: `${Partition}` matches one partition (`aws`, `aws-cn`, …), `${Region}`
 * and `${Account}` one component (an account is 12 digits), a resource variable any non-empty text.
 */
export function compileArnFormat(format: string): CompiledArnFormat {
  const parts = format.split(':');
  const resource = parts.slice(5).join(':');
  const head = [
    'arn',
    '[a-z][a-z0-9-]*',
    escape(parts[2]!),
    parts[3] === '' ? '' : '[a-z0-9-]+',
    parts[4] === '' ? '' : '\\d{12}',
  ].join(':');
  const body = resource
    .split(/\$\{[A-Za-z][A-Za-z0-9]*\}/)
    .map(escape)
    .join('.+');
  return { format, pattern: new RegExp(`^${head}:${body}$`, 's'), literalLength: resource.replace(VARIABLE, '').length };
}
