/**
 * @module ARN formats of a catalog's resource types (`arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}`):
 * their well-formedness, and matching an ARN against them (compiled once per service version).
 *
 * A format has the six components of an ARN (`arn:partition:service:region:account-id:resource`, IAM User
 * Guide, "IAM identifiers", ARN format): `arn`, `${Partition}`, the service prefix itself, `${Region}` or
 * nothing, `${Account}` or nothing (s3's `arn:${Partition}:s3:::${BucketName}` has neither), then the
 * resource, literal text and `${Variable}`s, two variables never side by side (nothing would tell them
 * apart). A variable matches non-empty text up to the character that follows it in the format (`${BucketName}/`
 * stops at the first `/`), the last one any non-empty text (`${ObjectName}` may hold slashes): every pattern
 * matches in linear time, whatever ARN a tenant makes the SaaS check (no backtracking between variables).
 * When an ARN matches several formats (`project/p1/document/d1` matches both `project/${ProjectId}` and
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
  if (/\}\$\{/.test(resource)) return 'has two variables side by side (nothing between them tells them apart)';
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
/** A character for a bracket expression. */
const escapeInClass = (c: string) => c.replace(/[\\\]^-]/g, '\\$&');

/**
 * The pattern of a well-formed format: `${Partition}` matches one partition (`aws`, `aws-cn`, …), `${Region}`
 * one region, `${Account}` twelve digits, a resource variable non-empty text without the character that
 * follows it in the format (the last one, any non-empty text).
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
  // Literal text at even indexes, variables at odd ones (split with a capture group).
  const pieces = resource.split(/(\$\{[A-Za-z][A-Za-z0-9]*\})/);
  const body = pieces
    .map((part, i) => {
      if (i % 2 === 0) return escape(part);
      const next = pieces[i + 1] ?? '';
      return next === '' ? '.+' : `[^${escapeInClass(next[0]!)}]+`;
    })
    .join('');
  return { format, pattern: new RegExp(`^${head}:${body}$`, 's'), literalLength: resource.replace(VARIABLE, '').length };
}
