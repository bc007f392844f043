/**
 * @module Validate: a policy document against IAM's rules for its kind, as IAM checks them when it
 * stores a policy. IAM answers one MalformedPolicyDocument message, the first problem in a fixed order
 * of checks; `CHECKS` below is that order, one row per check (the reading in `parse.ts` is check zero,
 * "Syntax errors in policy."). `validatePolicy` returns every finding in that order; `checkPolicy`
 * returns the one IAM reports. Size quotas are in `limits.ts`.
 *
 * The order and the messages are AWS's as quoted in public reports (each case of the corpus
 * test/unit/policy/validator-corpus.json names its source): version, then the legacy parser (Effect
 * letter case, date values, short ARNs), Sid characters and uniqueness, presence of actions, presence of
 * resources, the resource format, the action vendors. Where a public report fixes no position (where a
 * Principal is refused, principal values) the row is placed where the corpus marks it "reconstructed".
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { err, ok, type Result } from '../result';
import { parseOperator } from './conditions';
import { isPolicyDate } from './date-grammar';
import { LEGACY_PARSE_ERROR, normalizePolicy, readPolicy, SYNTAX_ERROR } from './parse';
import { resourceFailsLegacyParsing, resourceFormatError } from './resource-arn';
import type { PolicyDocument, PolicyKind, PrincipalBlock, Statement, ValidationError } from './types';

/** AWS's MalformedPolicyDocument messages, verbatim. */
export const MESSAGES = {
  version: 'Policy document must be version 2012-10-17 or greater.',
  principalNotAllowed: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  prohibited: (field: string) => `Has prohibited field ${field}`,
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  sidFormat: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  vendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  invalidVendor: (vendor: string) => `Vendor ${vendor} is not valid`,
  invalidPrincipal: (key: string, v: string) => `Invalid principal in policy: "${key.toUpperCase()}":"${v}"`,
  /** A Principal whose every list is empty (`"AWS": []`), in the words of IAM's inner exception. */
  noPrincipals: 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  syntax: SYNTAX_ERROR,
  legacy: LEGACY_PARSE_ERROR,
} as const;

/** Kinds that are permissions (no Principal): managed and inline identity policies, boundaries, session policies. */
const IDENTITY_KINDS: ReadonlySet<PolicyKind> = new Set(['managed', 'identity', 'boundary', 'session']);
/**
 * Kinds stored as managed policies (CreatePolicy, CreatePolicyVersion; a boundary is a managed policy):
 * they need `"Version": "2012-10-17"`; inline, trust and session policies may omit it or use 2008-10-17.
 */
const VERSION_REQUIRED: ReadonlySet<PolicyKind> = new Set(['managed', 'boundary']);

const SID = /^[0-9A-Za-z]*$/;
/** Characters of a service prefix ("s3", "aws-portal", "s3.s", "i*" are accepted; "a a" is not). */
const VENDOR = /^[a-zA-Z0-9.*?-]+$/;
const AWS_PRINCIPAL =
  /^(?:\d{12}|arn:aws[a-z-]*:iam::\d{12}:(?:root|user\/[^*?]+|role\/[^*?]+)|arn:aws[a-z-]*:sts::\d{12}:(?:assumed-role\/[^*?/]+\/[^*?]+|federated-user\/[^*?]+))$/;
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

const malformed = (path: string, message: string): ValidationError => ({ path, message, code: 'MalformedPolicyDocument' });

/** What every check sees. */
interface CheckInput {
  readonly doc: PolicyDocument;
  readonly kind: PolicyKind;
  readonly partition: string;
  /** Legacy-parser findings made while reading: leading white space (`$`), an Effect's letter case. */
  readonly effectCase: readonly ValidationError[];
}

/** One row of IAM's order of checks. */
interface Check {
  readonly name: string;
  readonly run: (input: CheckInput) => ValidationError[];
}

const statementPath = (doc: PolicyDocument, i: number) => (doc.statements.length === 1 ? '$.Statement' : `$.Statement[${i}]`);

/** Runs `f` for each statement with its path, collecting the findings. */
const eachStatement = (doc: PolicyDocument, f: (st: Statement, path: string) => ValidationError[] | ValidationError | undefined) =>
  doc.statements.flatMap((st, i) => f(st, statementPath(doc, i)) ?? []);

/** `*`, or `arn:` followed by at least five more colon-separated parts (partition … resource). */
export const isArnOrStar = (r: string): boolean => r === '*' || (r.startsWith('arn:') && r.split(':').length >= 6);

/** Legacy parser, conditions: date operators need dates; ARN operators need ARN-shaped values. */
function conditionLegacyErrors(st: Statement, path: string): ValidationError[] {
  const out: ValidationError[] = [];
  for (const [op, keys] of Object.entries(st.condition ?? {})) {
    const parsed = parseOperator(op);
    if (!parsed) continue;
    for (const [key, values] of Object.entries(keys)) {
      const at = `${path}.Condition.${op}.${key}`;
      if (parsed.op.name.startsWith('Date') && values.some((v) => !isPolicyDate(v))) out.push(malformed(at, MESSAGES.legacy));
      // A wildcard or a variable may stand for an ARN.
      if (parsed.op.name.startsWith('Arn') && values.some((v) => !isArnOrStar(v) && !v.includes('${') && !v.includes('*'))) {
        out.push(malformed(at, MESSAGES.legacy));
      }
    }
  }
  return out;
}

const resourceLists = (st: Statement) =>
  [['Resource', st.resource], ['NotResource', st.notResource]] as const;

/**
 * Legacy parser, resources: a statement's resources are read by the legacy parser only while no
 * resource so far (this statement included) had a format error — that one is reported later instead.
 */
function resourceLegacyErrors(input: CheckInput): ValidationError[] {
  const out: ValidationError[] = [];
  let formatErrorSeen = false;
  input.doc.statements.forEach((st, i) => {
    const path = statementPath(input.doc, i);
    for (const [, list] of resourceLists(st)) {
      if (list?.some((r) => resourceFormatError(r, input.partition) !== undefined)) formatErrorSeen = true;
    }
    if (formatErrorSeen) return;
    for (const [field, list] of resourceLists(st)) {
      list?.forEach((r, j) => { if (resourceFailsLegacyParsing(r)) out.push(malformed(`${path}.${field}[${j}]`, MESSAGES.legacy)); });
    }
  });
  return out;
}

/** Principal values: `*`, an account, a user/role/root/session ARN (no partial wildcards), a service, a provider. */
function principalErrors(block: PrincipalBlock, path: string): ValidationError[] {
  if (Object.values(block).every((values) => values.length === 0)) return [malformed(path, MESSAGES.noPrincipals)];
  const out: ValidationError[] = [];
  for (const [key, values] of Object.entries(block)) {
    for (const v of values) {
      const ok =
        key === 'AWS' ? v === '*' || AWS_PRINCIPAL.test(v)
        : key === 'Service' ? v === '*' || SERVICE_PRINCIPAL.test(v)
        : key === 'Federated' || key === 'CanonicalUser' ? v.length > 0
        : false;
      if (!ok) out.push(malformed(`${path}.${key}`, MESSAGES.invalidPrincipal(key, v)));
    }
  }
  return out;
}

/** One action or NotAction value: `*`, or `vendor:name` with one colon and a valid vendor (any name). */
function actionError(a: string): string | undefined {
  if (a === '*') return undefined;
  const parts = a.split(':');
  if (parts.length === 1 || parts[0] === '') return MESSAGES.vendor;
  if (parts.length > 2) return MESSAGES.oneColon;
  const vendor = parts[0]!;
  return vendor !== '*' && !VENDOR.test(vendor) ? MESSAGES.invalidVendor(vendor) : undefined;
}

/** IAM's checks after reading, in the order it applies them. */
export const CHECKS: readonly Check[] = [
  {
    name: 'version',
    run: ({ doc, kind }) => (VERSION_REQUIRED.has(kind) && doc.version !== '2012-10-17' ? [malformed('$.Version', MESSAGES.version)] : []),
  },
  {
    name: 'principal placement',
    run: ({ doc, kind }) =>
      eachStatement(doc, (st, path) => {
        const out: ValidationError[] = [];
        if (IDENTITY_KINDS.has(kind)) {
          if (st.principal || st.notPrincipal) out.push(malformed(path, MESSAGES.principalNotAllowed));
          return out;
        }
        if (!st.principal && !st.notPrincipal) out.push(malformed(path, MESSAGES.missingPrincipal));
        if (kind === 'trust') {
          if (st.notPrincipal) out.push(malformed(`${path}.NotPrincipal`, MESSAGES.prohibited('NotPrincipal')));
          // The role is the resource of its trust policy.
          if (st.resource) out.push(malformed(`${path}.Resource`, MESSAGES.prohibited('Resource')));
          if (st.notResource) out.push(malformed(`${path}.NotResource`, MESSAGES.prohibited('NotResource')));
        }
        return out;
      }),
  },
  {
    name: 'legacy parser',
    run: (input) => [
      // Leading white space (path `$`) is IAM's rule for the policies it stores; a resource policy is
      // read by its own service's parser, which has no such rule.
      ...input.effectCase.filter((e) => input.kind !== 'resource' || e.path !== '$'),
      ...eachStatement(input.doc, conditionLegacyErrors),
      ...(input.kind === 'trust' ? [] : resourceLegacyErrors(input)),
    ],
  },
  {
    name: 'Sid characters',
    run: ({ doc, kind }) =>
      kind === 'resource' ? [] : eachStatement(doc, (st, path) => (st.sid !== undefined && !SID.test(st.sid) ? malformed(`${path}.Sid`, MESSAGES.sidFormat) : undefined)),
  },
  {
    name: 'Sid uniqueness',
    run: ({ doc }) => {
      const seen = new Set<string>();
      return eachStatement(doc, (st, path) => {
        if (st.sid === undefined || st.sid === '') return undefined;
        const dup = seen.has(st.sid);
        seen.add(st.sid);
        return dup ? malformed(`${path}.Sid`, MESSAGES.duplicateSid) : undefined;
      });
    },
  },
  {
    name: 'actions present',
    run: ({ doc }) => eachStatement(doc, (st, path) => ((st.action ?? st.notAction ?? []).length === 0 ? malformed(path, MESSAGES.missingActions) : undefined)),
  },
  {
    name: 'resources present',
    run: ({ doc, kind }) =>
      kind === 'trust' ? [] : eachStatement(doc, (st, path) => ((st.resource ?? st.notResource ?? []).length === 0 ? malformed(path, MESSAGES.missingResources) : undefined)),
  },
  {
    name: 'resource format',
    run: ({ doc, kind, partition }) =>
      kind === 'trust'
        ? []
        : eachStatement(doc, (st, path) =>
            resourceLists(st).flatMap(([field, list]) =>
              (list ?? []).flatMap((r, j) => {
                const message = resourceFormatError(r, partition);
                return message ? [malformed(`${path}.${field}[${j}]`, message)] : [];
              }),
            ),
          ),
  },
  {
    name: 'action vendors',
    run: ({ doc }) =>
      eachStatement(doc, (st, path) =>
        ([['Action', st.action], ['NotAction', st.notAction]] as const).flatMap(([field, list]) =>
          (list ?? []).flatMap((a, j) => {
            const message = actionError(a);
            return message ? [malformed(`${path}.${field}[${j}]`, message)] : [];
          }),
        ),
      ),
  },
  {
    name: 'principal values',
    run: ({ doc, kind }) =>
      IDENTITY_KINDS.has(kind)
        ? []
        : eachStatement(doc, (st, path) => [
            ...(st.principal ? principalErrors(st.principal, `${path}.Principal`) : []),
            ...(st.notPrincipal ? principalErrors(st.notPrincipal, `${path}.NotPrincipal`) : []),
          ]),
  },
];

/**
 * Every problem of a document (as read, resources not yet padded) for one policy kind, in IAM's order
 * of checks: the first is the one IAM reports. Empty when the document is valid.
 */
export function validatePolicy(doc: PolicyDocument, kind: PolicyKind, partition = 'aws', effectCase: readonly ValidationError[] = []): ValidationError[] {
  const input: CheckInput = { doc, kind, partition, effectCase };
  return CHECKS.flatMap((c) => c.run(input));
}

/**
 * Reads and validates policy text for a kind: the write-time check behind `MalformedPolicyDocument`.
 * The error is the one problem IAM reports; the value is the normalized document (short ARNs padded).
 */
export function checkPolicy(text: string, kind: PolicyKind, partition = 'aws'): Result<PolicyDocument, ValidationError[]> {
  const read = readPolicy(text);
  if (!read.doc) return err(read.syntax.slice(0, 1));
  const errors = validatePolicy(read.doc, kind, partition, read.effectCase);
  return errors.length ? err(errors.slice(0, 1)) : ok(normalizePolicy(read.doc));
}
