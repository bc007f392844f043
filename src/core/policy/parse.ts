/**
 * @module Parse: policy JSON text (or an already-decoded value) → normalized `PolicyDocument`.
 * Every string-or-array element becomes an array, `"Principal": "*"` becomes `{ AWS: ['*'] }`, a single
 * statement object becomes a one-element list, and JSON booleans/numbers in conditions become strings.
 * Structural problems (wrong JSON types, an object naming a member twice, unknown fields, an unknown
 * `Version`, an unknown condition operator with keys) are IAM's first check, answered with the generic
 * "Syntax errors in policy."; the later checks, in IAM's order, are in `validate.ts`.
 *
 * Two readings: `readPolicyValue` keeps resources as written (the validator quotes and measures them);
 * `parsePolicyValue` also applies IAM's normalization of short resource ARNs ("arn:aws:svc" is padded
 * to six segments with `*`), which is the form evaluation matches against.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { err, ok, type Result } from '../result';
import { parseOperator } from './conditions';
import { firstDuplicateKey } from './json-keys';
import { padResource } from './resource-arn';
import type {
  ConditionBlock,
  Effect,
  PolicyDocument,
  PolicyVersion,
  PrincipalBlock,
  Statement,
  ValidationError,
} from './types';

/** AWS's message for any document it cannot read structurally. */
export const SYNTAX_ERROR = 'Syntax errors in policy.';
/** AWS's message for a document that reads but fails its older, stricter parser (e.g. `"Effect": "allow"`). */
export const LEGACY_PARSE_ERROR = 'The policy failed legacy parsing';

const TOP_LEVEL_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
/** The two values the Version element may take ("Version": "2012-10-17" | "2008-10-17"). */
const VERSIONS: ReadonlySet<string> = new Set(['2012-10-17', '2008-10-17']);

/**
 * Counts the characters IAM charges against the size quotas: everything except whitespace outside
 * JSON string literals ("IAM doesn't count white space when calculating the size of a policy").
 */
export function policySize(text: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      n++;
      if (c === 0x5c /* \ */) { i++; n++; } else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) { inString = true; n++; }
    else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) n++;
  }
  return n;
}

const syntax = (path: string): ValidationError => ({ path, message: SYNTAX_ERROR, code: 'MalformedPolicyDocument' });
const legacy = (path: string): ValidationError => ({ path, message: LEGACY_PARSE_ERROR, code: 'MalformedPolicyDocument' });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a first reading finds: the document as written (when it is structurally sound) and any finding. */
export interface PolicyReading {
  /** Present when there is no syntax error; resources are as written (not padded). */
  readonly doc?: PolicyDocument;
  /** Structural problems ("Syntax errors in policy."); a non-empty list means no `doc`. */
  readonly syntax: readonly ValidationError[];
  /**
   * What the legacy parser refuses that was found while reading (it reports them later, in IAM's order):
   * text that starts with white space, statements whose `Effect` is `allow`/`DENY`….
   */
  readonly effectCase: readonly ValidationError[];
}

/** Reads policy JSON text without normalizing resources (the validator's input). */
export function readPolicy(text: string): PolicyReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { syntax: [syntax('$')], effectCase: [] };
  }
  // A new or edited policy may not name a member twice; stored ones are read by `parsePolicy`, which
  // keeps JSON's reading (the last of the two), as IAM keeps reading policies saved before the rule.
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) return { syntax: [syntax(`$.${duplicate}`)], effectCase: [] };
  const reading = readPolicyValue(value, policySize(text));
  // Text that starts with white space reads as JSON but fails the legacy parser (the CLI and SDKs
  // answer "The policy failed legacy parsing"; the console, "JSON strings must not have leading spaces").
  if (reading.doc && /^\s/.test(text)) return { ...reading, effectCase: [legacy('$'), ...reading.effectCase] };
  return reading;
}

/** Parses policy JSON text. Invalid JSON or a wrong shape yields every structural error found. */
export function parsePolicy(text: string): Result<PolicyDocument, ValidationError[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err([syntax('$')]);
  }
  return parsePolicyValue(value, policySize(text));
}

/** Normalizes an already-decoded JSON value; `size` defaults to the size of its compact JSON form. */
export function parsePolicyValue(value: unknown, size?: number): Result<PolicyDocument, ValidationError[]> {
  const r = readPolicyValue(value, size);
  return r.doc ? ok(normalizePolicy(r.doc)) : err([...r.syntax]);
}

/** IAM's normalization of a sound document: short resource ARNs padded to six segments. */
export function normalizePolicy(doc: PolicyDocument): PolicyDocument {
  return {
    ...doc,
    statements: doc.statements.map((st) => ({
      ...st,
      ...(st.resource ? { resource: st.resource.map(padResource) } : {}),
      ...(st.notResource ? { notResource: st.notResource.map(padResource) } : {}),
    })),
  };
}

/** Reads an already-decoded JSON value (see `readPolicy`). */
export function readPolicyValue(value: unknown, size?: number): PolicyReading {
  const errors: ValidationError[] = [];
  const effectCase: ValidationError[] = [];
  if (!isObject(value)) return { syntax: [syntax('$')], effectCase };
  for (const k of Object.keys(value)) if (!TOP_LEVEL_FIELDS.has(k)) errors.push(syntax(`$.${k}`));
  let version: PolicyVersion | undefined;
  if (value.Version !== undefined) {
    // An unknown version is a syntax error ("Version": "2013-10-17" → "Syntax errors in policy.").
    if (typeof value.Version === 'string' && VERSIONS.has(value.Version)) version = value.Version as PolicyVersion;
    else errors.push(syntax('$.Version'));
  }
  if (value.Id !== undefined && typeof value.Id !== 'string') errors.push(syntax('$.Id'));
  const raw = value.Statement;
  // INVARIANT: a document must have Statement, as an object or a non-empty list of objects.
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0) errors.push(syntax('$.Statement'));
  const statements: Statement[] = [];
  list.forEach((s, i) => {
    const st = readStatement(s, Array.isArray(raw) ? `$.Statement[${i}]` : '$.Statement', errors, effectCase);
    if (st) statements.push(st);
  });
  if (errors.length > 0) return { syntax: errors, effectCase: [] };
  return {
    doc: {
      ...(version ? { version } : {}),
      ...(typeof value.Id === 'string' ? { id: value.Id } : {}),
      statements,
      size: size ?? policySize(JSON.stringify(value)),
    },
    syntax: [],
    effectCase,
  };
}

/** `Allow` / `Deny` in any letter case (IAM's first parser reads both; its legacy parser wants exact case). */
function readEffect(v: unknown): Effect | undefined {
  if (typeof v !== 'string') return undefined;
  const lc = v.toLowerCase();
  return lc === 'allow' ? 'Allow' : lc === 'deny' ? 'Deny' : undefined;
}

/**
 * Reads one statement, pushing a syntax error for each malformed element. Returns undefined when
 * any element of this statement was malformed (the document is then rejected as a whole anyway).
 */
function readStatement(s: unknown, path: string, errors: ValidationError[], effectCase: ValidationError[]): Statement | undefined {
  if (!isObject(s)) { errors.push(syntax(path)); return undefined; }
  const before = errors.length;
  for (const k of Object.keys(s)) if (!STATEMENT_FIELDS.has(k)) errors.push(syntax(`${path}.${k}`));
  if (s.Sid !== undefined && typeof s.Sid !== 'string') errors.push(syntax(`${path}.Sid`));
  const effect = readEffect(s.Effect);
  if (!effect) errors.push(syntax(`${path}.Effect`));
  else if (s.Effect !== effect) effectCase.push(legacy(`${path}.Effect`));
  // Both members of a pair in one statement is a structural error.
  if (s.Action !== undefined && s.NotAction !== undefined) errors.push(syntax(path));
  if (s.Resource !== undefined && s.NotResource !== undefined) errors.push(syntax(path));
  if (s.Principal !== undefined && s.NotPrincipal !== undefined) errors.push(syntax(path));
  const out: {
    -readonly [K in keyof Statement]: Statement[K];
  } = { effect: effect ?? 'Deny' };
  if (typeof s.Sid === 'string') out.sid = s.Sid;
  const strList = (field: 'Action' | 'NotAction' | 'Resource' | 'NotResource') => {
    const v = s[field];
    if (v === undefined) return undefined;
    const arr = stringList(v);
    if (!arr) errors.push(syntax(`${path}.${field}`));
    return arr;
  };
  const action = strList('Action'); if (action) out.action = action;
  const notAction = strList('NotAction'); if (notAction) out.notAction = notAction;
  const resource = strList('Resource'); if (resource) out.resource = resource;
  const notResource = strList('NotResource'); if (notResource) out.notResource = notResource;
  for (const field of ['Principal', 'NotPrincipal'] as const) {
    if (s[field] === undefined) continue;
    const p = principalBlock(s[field]);
    if (!p) errors.push(syntax(`${path}.${field}`));
    else if (field === 'Principal') out.principal = p;
    else out.notPrincipal = p;
  }
  if (s.Condition !== undefined) {
    const c = conditionBlock(s.Condition);
    if (!c) errors.push(syntax(`${path}.Condition`));
    else if (Object.keys(c).length > 0) out.condition = c;
  }
  return errors.length === before ? out : undefined;
}

/** `"x"` → `['x']`; a list of strings stays; anything else is a syntax error (undefined). */
function stringList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.slice() as string[];
  return undefined;
}

/** `"*"` → `{ AWS: ['*'] }`; an object of string-or-list values stays; anything else is malformed. */
function principalBlock(v: unknown): PrincipalBlock | undefined {
  if (v === '*') return { AWS: ['*'] };
  if (!isObject(v) || Object.keys(v).length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, raw] of Object.entries(v)) {
    const list = stringList(raw);
    if (!list) return undefined;
    out[k] = list;
  }
  return out;
}

/**
 * Condition values may be strings, booleans or numbers (or lists of them); all become strings. An
 * operator IAM does not know is accepted with an empty block (it constrains nothing and is dropped) and
 * is a syntax error with keys.
 */
function conditionBlock(v: unknown): ConditionBlock | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (const [op, keys] of Object.entries(v)) {
    if (!isObject(keys)) return undefined;
    const inner: Record<string, string[]> = {};
    for (const [key, raw] of Object.entries(keys)) {
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((x) => typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number')) return undefined;
      inner[key] = list.map(String);
    }
    if (!parseOperator(op)) {
      if (Object.keys(inner).length > 0) return undefined;
      continue;
    }
    out[op] = inner;
  }
  return out;
}
