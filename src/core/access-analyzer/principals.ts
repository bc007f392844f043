/**
 * @module Checks of Principal / NotPrincipal and of what role trust policies and other resource policies
 * grant to them: placement (UNSUPPORTED_PRINCIPAL, SCP_SYNTAX_ERROR_PRINCIPAL, MISSING_PRINCIPAL), shape
 * (INVALID_PRINCIPAL_FORMAT, INVALID_PRINCIPAL_KEY, empty blocks and lists), values (wildcards, service
 * principal format, unique ids instead of ARNs, federated principals), and the trust-policy checks of
 * federation (MISMATCHED_ACTION_FOR_PRINCIPAL, OIDC and GitHub conditions, IAM Roles Anywhere's actions,
 * assumed-role principals made redundant by their role).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { child, items, locate, locateKey, type At, type Run } from './context';
import { globRegExp, hasWildcard } from './glob';

const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;
const SAML_PROVIDER = /^arn:[^:]+:iam::\d{12}:saml-provider\/.+$/;
const OIDC_PROVIDER = /^arn:[^:]+:iam::\d{12}:oidc-provider\/(.+)$/;
/** A provider named by its domain (`accounts.google.com`, `cognito-identity.amazonaws.com`), with an optional path. */
const DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:\/\S*)?$/;
const ASSUMED_ROLE = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;
const ROLE = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const GITHUB = 'token.actions.githubusercontent.com';
/** Keys that name the source of a service principal's request (the confused-deputy guard). */
const SOURCE_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];
const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

/** What the principal checks need of a statement besides its principals. */
export interface PrincipalContext {
  readonly st: At;
  readonly effect: string | undefined;
  /** The Action element's values (not NotAction). */
  readonly actions: readonly At[];
  readonly condition: At | undefined;
}

interface Values {
  readonly aws: At[];
  readonly service: At[];
  readonly federated: At[];
}

const str = (at: At): string => (at.node.kind === 'string' ? at.node.value : '');

/** The lower-cased keys of a Condition element, and their value nodes. */
function conditionKeys(cond: At | undefined): Map<string, At[]> {
  const out = new Map<string, At[]>();
  if (!cond || cond.node.kind !== 'object') return out;
  for (const op of cond.node.members) {
    if (op.value.kind !== 'object') continue;
    for (const k of op.value.members) {
      const lc = k.key.toLowerCase();
      out.set(lc, [...(out.get(lc) ?? []), child(child(cond, op.key, op.value), k.key, k.value)]);
    }
  }
  return out;
}

/** Checks one statement's Principal and NotPrincipal. */
export function checkPrincipals(run: Run, ctx: PrincipalContext, principal: At | undefined, notPrincipal: At | undefined): void {
  if (run.principalless) {
    for (const p of [principal, notPrincipal]) {
      if (!p) continue;
      if (run.policyType === 'SERVICE_CONTROL_POLICY') run.add('SCP_SYNTAX_ERROR_PRINCIPAL', [locate(p)]);
      else run.add('UNSUPPORTED_PRINCIPAL', [locate(p)], { policyType: run.policyType });
    }
    return;
  }
  if (!principal && !notPrincipal) run.add('MISSING_PRINCIPAL', [locate(ctx.st)]);
  if (notPrincipal && run.trust) run.add('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', [locate(notPrincipal)]);
  else if (notPrincipal && ctx.effect === 'Allow') run.add('ALLOW_WITH_NOT_PRINCIPAL', [locate(notPrincipal)]);
  if (notPrincipal) valuesOf(run, notPrincipal, ctx);
  if (!principal) return;
  const values = valuesOf(run, principal, ctx);
  if (values && ctx.effect === 'Allow') {
    if (run.trust) checkTrust(run, ctx, values);
    else if (run.resourceType !== undefined) checkServiceSource(run, ctx, values);
  }
}

/** Shape and value checks of one principal block; its values by key when it is well formed. */
function valuesOf(run: Run, p: At, ctx: PrincipalContext): Values | undefined {
  if (p.node.kind === 'string') {
    if (p.node.value !== '*') { run.add('INVALID_PRINCIPAL_FORMAT', [locate(p)]); return undefined; }
    if (run.trust && ctx.effect === 'Allow') run.add('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', [locate(p)]);
    return { aws: [p], service: [], federated: [] };
  }
  if (p.node.kind !== 'object') { run.add('INVALID_PRINCIPAL_FORMAT', [locate(p)]); return undefined; }
  if (p.node.members.length === 0) { run.add('EMPTY_OBJECT_PRINCIPAL', [locate(p)]); return undefined; }
  const out: Values = { aws: [], service: [], federated: [] };
  for (const k of p.node.members) {
    if (!PRINCIPAL_KEYS.has(k.key)) { run.add('INVALID_PRINCIPAL_KEY', [locateKey(p, k.key, k.keySpan)], { key: k.key }); continue; }
    const v = child(p, k.key, k.value);
    if (k.value.kind === 'array' && k.value.items.length === 0) { run.add('EMPTY_ARRAY_PRINCIPAL', [locate(v)]); continue; }
    const list = items(v);
    const wrong = k.value.kind !== 'string' && k.value.kind !== 'array' ? [v] : list.filter((x) => x.node.kind !== 'string');
    if (wrong.length > 0) { for (const w of wrong) run.add('DATA_TYPE_MISMATCH', [locate(w)], { type: 'String' }); continue; }
    for (const x of list) checkValue(run, k.key, x, ctx);
    (k.key === 'AWS' ? out.aws : k.key === 'Service' ? out.service : k.key === 'Federated' ? out.federated : []).push(...list);
  }
  return out;
}

function checkValue(run: Run, key: string, at: At, ctx: PrincipalContext): void {
  const value = str(at);
  if (value.includes('${')) { run.add('VARIABLE_UNSUPPORTED_IN_ELEMENT', [locate(at)], { variable: value }); return; }
  if (value === '*' && key === 'AWS') {
    if (run.trust && ctx.effect === 'Allow') run.add('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', [locate(at)]);
    return;
  }
  if (hasWildcard(value) && value !== '*') { run.add('UNSUPPORTED_WILDCARD_IN_PRINCIPAL', [locate(at)], { key }); return; }
  if (key === 'AWS') {
    if (/^AROA[A-Z0-9]{12,}$/.test(value)) run.add('INVALID_ROLE_REFERENCE', [locate(at)], { id: value });
    else if (/^AIDA[A-Z0-9]{12,}$/.test(value)) run.add('INVALID_USER_REFERENCE', [locate(at)], { id: value });
  } else if (key === 'Service') {
    if (value !== '*' && !SERVICE_PRINCIPAL.test(value)) run.add('INVALID_SERVICE_PRINCIPAL_FORMAT', [locate(at)]);
  } else if (key === 'Federated') {
    if (run.policyType === 'RESOURCE_POLICY' && run.resourceType !== undefined && !run.trust) run.add('FEDERATED_PRINCIPAL_NOT_SUPPORTED', [locate(at)]);
    else if (run.trust && !SAML_PROVIDER.test(value) && !OIDC_PROVIDER.test(value) && !DOMAIN.test(value)) run.add('INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', [locate(at)]);
  }
}

/** Whether an Action list grants `action` (exactly or through a wildcard). */
const grants = (actions: readonly At[], action: string): boolean => actions.some((a) => globRegExp(str(a)).test(action));
/** The Action entry naming `action` exactly (case-insensitive). */
const naming = (actions: readonly At[], action: string): At | undefined => actions.find((a) => str(a).toLowerCase() === action.toLowerCase());

/** The host an OIDC principal names (`…:oidc-provider/token.actions.githubusercontent.com` → the host). */
function oidcHost(value: string): string | undefined {
  if (SAML_PROVIDER.test(value)) return undefined;
  const arn = OIDC_PROVIDER.exec(value);
  if (arn) return arn[1];
  return DOMAIN.test(value) && !value.startsWith('arn:') ? value : undefined;
}

function checkTrust(run: Run, ctx: PrincipalContext, values: Values): void {
  const feds = values.federated.map(str);
  const saml = feds.filter((f) => SAML_PROVIDER.test(f));
  const oidc = values.federated.filter((f) => oidcHost(str(f)) !== undefined);
  const mismatch = (action: string, fits: boolean) => {
    const at = naming(ctx.actions, action);
    if (at && feds.length > 0 && !fits) run.add('MISMATCHED_ACTION_FOR_PRINCIPAL', [locate(at)], { action, principals: feds.join(', ') });
  };
  mismatch('sts:AssumeRoleWithSAML', saml.length > 0);
  mismatch('sts:AssumeRoleWithWebIdentity', oidc.length > 0);
  // Only federated principals, and an action no federated principal can call.
  mismatch('sts:AssumeRole', values.aws.length > 0 || values.service.length > 0);

  if (values.service.some((s) => str(s) === 'rolesanywhere.amazonaws.com') && !ROLES_ANYWHERE_ACTIONS.every((a) => grants(ctx.actions, a))) {
    run.add('MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', ctx.actions.length > 0 ? ctx.actions.map(locate) : [locate(ctx.st)]);
  }

  const keys = conditionKeys(ctx.condition);
  for (const f of oidc) {
    const host = oidcHost(str(f))!.toLowerCase();
    if (host === GITHUB) {
      const sub = keys.get(`${GITHUB}:sub`);
      if (!sub) run.add('MISSING_GITHUB_REPO_CONDITION_KEY', [locate(f)]);
      else for (const v of sub.flatMap(items)) if (str(v).includes('*')) run.add('SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', [locate(v)]);
    } else if (![...keys.keys()].some((k) => k.startsWith(`${host}:`))) {
      run.add('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', [locate(f)]);
    }
  }

  const roles = new Set(values.aws.map((a) => ROLE.exec(str(a))).filter((m) => m !== null).map((m) => `${m[2]}/${m[3]}`));
  for (const a of values.aws) {
    const m = ASSUMED_ROLE.exec(str(a));
    if (m && roles.has(`${m[2]}/${m[3]}`)) {
      const role = values.aws.map(str).find((r) => { const x = ROLE.exec(r); return x !== null && x[2] === m[2] && x[3] === m[3]; })!;
      run.add('REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', [locate(a)], { principal: str(a), role });
    }
  }
}

/** RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: a resource policy of a known type granting a service without naming the source. */
function checkServiceSource(run: Run, ctx: PrincipalContext, values: Values): void {
  if (values.service.length === 0) return;
  const keys = conditionKeys(ctx.condition);
  if (SOURCE_KEYS.some((k) => keys.has(k.toLowerCase()))) return;
  run.add('RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', values.service.map(locate));
}
