/**
 * @module ValidatePolicy's checks of one document: reads the JSON keeping positions, then walks the policy
 * grammar element by element, reporting each finding with the path and span of what it is about. Findings
 * come in document order. Only checks whose outcome follows from the document, the policy type and AWS's
 * published data (policy grammar, Service Authorization Reference, global condition keys) are made.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { policySize } from '../policy/parse';
import { MANAGED_POLICY_SIZE_MAX_CHARS, TRUST_POLICY_SIZE_MAX_CHARS } from '../policy/limits';
import { checkActions, checkRedundantActions, type ActionSet } from './actions';
import { checkCondition } from './conditions';
import { child, items, locate, locateKey, Run, type AnalyzerPolicyType, type At } from './context';
import type { Finding } from './findings';
import { readJsonWithPositions, type JsonNode } from './json-positions';
import { checkPrincipals } from './principals';
import { checkPrivilegedActions, type StatementParts } from './privilege-checks';
import { checkRedundantResources, checkResources } from './resources';

export type { AnalyzerPolicyType } from './context';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
/** Policy size quota of SCPs (Organizations User Guide, "Quotas": 5,120 characters). */
const SCP_SIZE_MAX_CHARS = 5_120;
const SID = /^[0-9A-Za-z]*$/;
/** Resource policy size quotas this check knows (Amazon S3 User Guide: "Bucket policies are limited to 20 KB"). */
const RESOURCE_POLICY_SIZE_MAX_CHARS: Readonly<Record<string, number>> = { 'AWS::S3::Bucket': 20_480 };

/** What ValidatePolicy is asked. */
export interface ValidateRequest {
  readonly policyDocument: string;
  readonly policyType: AnalyzerPolicyType;
  readonly validatePolicyResourceType?: string;
}

/** Every finding of a policy document, in document order. */
export function validatePolicyDocument(req: ValidateRequest): Finding[] {
  const run = new Run(req.policyType, req.validatePolicyResourceType);
  const read = readJsonWithPositions(req.policyDocument);
  if (!read.ok) {
    const at = read.error.at;
    run.add('JSON_SYNTAX_ERROR', [{ path: [], span: { start: at, end: at } }], { index: at.offset, line: at.line, column: at.column });
    return run.findings;
  }
  const root: At = { node: read.root, path: [] };
  if (root.node.kind !== 'object') {
    run.add('DATA_TYPE_MISMATCH', [locate(root)], { type: 'Object' });
    return run.findings;
  }
  const members = new Map(root.node.members.map((m) => [m.key, m]));
  for (const m of root.node.members) if (!TOP_LEVEL.has(m.key)) run.add('INVALID_POLICY_ELEMENT', [locateKey(root, m.key, m.keySpan)], { element: m.key });

  const version = members.get('Version');
  if (!version) run.add('MISSING_VERSION', [locate(root)]);
  else if (version.value.kind !== 'string') run.add('DATA_TYPE_MISMATCH', [locate(child(root, 'Version', version.value))], { type: 'String' });
  else if (!VERSIONS.has(version.value.value)) run.add('INVALID_VERSION', [locate(child(root, 'Version', version.value))], { version: version.value.value });
  else run.version = version.value.value;
  const id = members.get('Id');
  if (id && id.value.kind !== 'string') run.add('DATA_TYPE_MISMATCH', [locate(child(root, 'Id', id.value))], { type: 'String' });

  const size = policySize(req.policyDocument);
  if (req.policyType === 'IDENTITY_POLICY' && size > MANAGED_POLICY_SIZE_MAX_CHARS) run.add('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', [locate(root)], { size, quota: MANAGED_POLICY_SIZE_MAX_CHARS });
  // The default quota of a role trust policy; it may be raised, which the warning's wording allows for.
  if (run.trust && size > TRUST_POLICY_SIZE_MAX_CHARS) run.add('POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', [locate(root)]);
  const resourceQuota = req.policyType === 'RESOURCE_POLICY' && req.validatePolicyResourceType ? RESOURCE_POLICY_SIZE_MAX_CHARS[req.validatePolicyResourceType] : undefined;
  if (resourceQuota !== undefined && size > resourceQuota) run.add('POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', [locate(root)], { size, quota: resourceQuota });
  if (req.policyType === 'SERVICE_CONTROL_POLICY' && size > SCP_SIZE_MAX_CHARS) run.add('POLICY_SIZE_EXCEEDS_SCP_QUOTA', [locate(root)], { size, quota: SCP_SIZE_MAX_CHARS });

  const statement = members.get('Statement');
  if (!statement) {
    run.add('MISSING_STATEMENT', [locate(root)]);
    return run.findings;
  }
  const stAt = child(root, 'Statement', statement.value);
  if (statement.value.kind !== 'object' && statement.value.kind !== 'array') {
    run.add('DATA_TYPE_MISMATCH', [locate(stAt)], { type: 'Array' });
    return run.findings;
  }
  const statements = items(stAt);
  if (statement.value.kind === 'array' && statements.length === 0) run.add('MISSING_STATEMENT', [locate(stAt)]);
  const sids = new Map<string, At>();
  // Statements by a cheap signature (their action and resource strings); only those that share one are
  // compared in full, so a policy of many distinct statements pays for no canonical form.
  const bySignature = new Map<string, { at: At; canonical?: string }[]>();
  statements.forEach((s) => {
    checkStatement(run, s, sids);
    const sig = signature(s.node);
    if (sig === undefined) return;
    const same = bySignature.get(sig) ?? [];
    if (same.length > 0) {
      const mine = canonicalStatement(s.node);
      for (const o of same) o.canonical ??= canonicalStatement(o.at.node);
      if (same.some((o) => o.canonical === mine)) run.add('REDUNDANT_STATEMENT', [locate(s)]);
      same.push({ at: s, canonical: mine });
    } else same.push({ at: s });
    bySignature.set(sig, same);
  });
  return run.findings;
}

/** The strings of a statement's Effect, Action/NotAction and Resource/NotResource, for grouping. */
function signature(node: JsonNode): string | undefined {
  if (node.kind !== 'object') return undefined;
  const parts: string[] = [];
  // By key, so that the members' order (which does not change the statement's meaning) does not either.
  for (const m of [...node.members].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (m.key === 'Sid' || m.key === 'Condition' || m.key === 'Principal' || m.key === 'NotPrincipal') continue;
    const v = m.value;
    parts.push(m.key, ...(v.kind === 'string' ? [v.value] : v.kind === 'array' ? v.items.map((i) => (i.kind === 'string' ? i.value : '')) : ['']));
  }
  return parts.join('\0');
}

/** A statement's meaning without its Sid, for REDUNDANT_STATEMENT (undefined when it is not an object). */
function canonicalStatement(node: JsonNode): string | undefined {
  if (node.kind !== 'object') return undefined;
  const plain = (n: JsonNode): unknown =>
    n.kind === 'object' ? Object.fromEntries(n.members.map((m) => [m.key, plain(m.value)]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)))
    : n.kind === 'array' ? n.items.map(plain)
    : n.kind === 'null' ? null
    : n.value;
  const { Sid: _sid, ...rest } = plain(node) as Record<string, unknown>;
  return JSON.stringify(rest);
}

/** A string-or-list-of-strings element as its items; a wrong JSON type is reported and yields none. */
function stringList(run: Run, at: At): At[] | undefined {
  const list = items(at);
  const wrong = at.node.kind !== 'string' && at.node.kind !== 'array' ? [at] : list.filter((i) => i.node.kind !== 'string');
  if (wrong.length > 0) {
    for (const w of wrong) run.add('DATA_TYPE_MISMATCH', [locate(w)], { type: 'String' });
    return undefined;
  }
  return list;
}

/** Variable syntax inside a Resource or Condition string (`${aws:username}`). */
function checkVariables(run: Run, at: At): void {
  if (at.node.kind !== 'string') return;
  const text = at.node.value;
  let i = text.indexOf('${');
  while (i >= 0) {
    if (run.version !== '2012-10-17') { run.add('VARIABLE_UNSUPPORTED_IN_VERSION', [locate(at)]); return; }
    const end = text.indexOf('}', i);
    if (end < 0) { run.add('MISSING_BRACE_IN_VARIABLE', [locate(at)]); return; }
    const name = text.slice(i + 2, end).split(',')[0]!;
    if (name.trim() === '') run.add('EMPTY_VARIABLE', [locate(at)]);
    else if (name.includes(' ')) run.add('UNSUPPORTED_SPACE_IN_VARIABLE', [locate(at)]);
    i = text.indexOf('${', end);
  }
}

function checkStatement(run: Run, st: At, sids: Map<string, At>): void {
  if (st.node.kind !== 'object') {
    run.add('DATA_TYPE_MISMATCH', [locate(st)], { type: 'Object' });
    return;
  }
  const m = new Map(st.node.members.map((x) => [x.key, x]));
  const at = (key: string): At | undefined => {
    const x = m.get(key);
    return x ? child(st, key, x.value) : undefined;
  };
  for (const x of st.node.members) if (!STATEMENT.has(x.key)) run.add('INVALID_POLICY_ELEMENT', [locateKey(st, x.key, x.keySpan)], { element: x.key });
  for (const [a, b] of [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const) {
    if (m.has(a) && m.has(b)) run.add('UNSUPPORTED_ELEMENT_COMBINATION', [locateKey(st, b, m.get(b)!.keySpan)], { a, b });
  }

  const sid = at('Sid');
  if (sid) {
    if (sid.node.kind !== 'string') run.add('DATA_TYPE_MISMATCH', [locate(sid)], { type: 'String' });
    else if (sid.node.value === '') run.add('EMPTY_SID_VALUE', [locate(sid)]);
    else {
      if (run.policyType !== 'RESOURCE_POLICY' && !SID.test(sid.node.value)) run.add('UNSUPPORTED_SID', [locate(sid)]);
      if (sids.has(sid.node.value)) run.add(run.policyType === 'RESOURCE_POLICY' ? 'UNIQUE_SIDS_RECOMMENDED' : 'UNIQUE_SIDS_REQUIRED', [locate(sid)]);
      else sids.set(sid.node.value, sid);
    }
  }

  const effectAt = at('Effect');
  let effect: string | undefined;
  if (!effectAt) run.add('MISSING_EFFECT', [locate(st)]);
  else if (effectAt.node.kind !== 'string') run.add('DATA_TYPE_MISMATCH', [locate(effectAt)], { type: 'String' });
  else if (effectAt.node.value !== 'Allow' && effectAt.node.value !== 'Deny') run.add('INVALID_EFFECT', [locate(effectAt)], { effect: effectAt.node.value });
  else effect = effectAt.node.value;


  const actionAt = at('Action');
  const condAt = at('Condition');
  const actionValues = actionAt ? items(actionAt).filter((a) => a.node.kind === 'string') : [];
  checkPrincipals(run, { st, effect, actions: actionValues, condition: condAt }, at('Principal'), at('NotPrincipal'));

  const parts: { -readonly [K in keyof StatementParts]: StatementParts[K] } = { effect };
  const notActionAt = at('NotAction');
  if (!actionAt && !notActionAt) run.add('MISSING_ACTION', [locate(st)]);
  for (const a of [actionAt, notActionAt]) {
    if (!a) continue;
    if (a.node.kind === 'array' && a.node.items.length === 0) { run.add('EMPTY_ARRAY_ACTION', [locate(a)]); continue; }
    const list = stringList(run, a);
    if (!list) continue;
    const granted: ActionSet[] = checkActions(run, list);
    if (a === actionAt) {
      checkRedundantActions(run, list, granted);
      parts.action = { list, granted };
    } else parts.notAction = { list };
  }

  const resourceAt = at('Resource');
  const notResourceAt = at('NotResource');
  if (run.trust) {
    for (const r of [resourceAt, notResourceAt]) if (r) run.add('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', [locate(r)]);
  } else {
    if (!resourceAt && !notResourceAt) run.add('MISSING_RESOURCE', [locate(st)]);
    for (const r of [resourceAt, notResourceAt]) {
      if (!r) continue;
      if (r.node.kind === 'array' && r.node.items.length === 0) { run.add('EMPTY_ARRAY_RESOURCE', [locate(r)]); continue; }
      const list = stringList(run, r);
      if (!list) continue;
      list.forEach((x) => checkVariables(run, x));
      checkResources(run, list);
      checkRedundantResources(run, list);
      if (r === resourceAt) parts.resource = { list };
      else parts.notResource = r;
    }
  }

  if (condAt) {
    checkCondition(run, condAt);
    if (condAt.node.kind === 'object') {
      for (const op of condAt.node.members) {
        if (op.value.kind !== 'object') continue;
        for (const k of op.value.members) for (const v of items(child(child(condAt, op.key, op.value), k.key, k.value))) checkVariables(run, v);
      }
    }
    parts.condition = condAt;
  }
  checkPrivilegedActions(run, parts);
}
