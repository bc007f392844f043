/**
 * @module The route table: `'GET /projects/:projectId': { action: 'acme:GetProject', resource:
 * 'project/${projectId}' }` compiled once, matched per request, and turned into the action and the
 * resource ARN to decide on. Pure (no Hono, no platform): the middleware hands it a method and a path.
 *
 * Templates use the `${Name}` variables of AWS's ARN formats, so a SaaS may paste the `ARNFormats` of its
 * service catalog (`arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}`): `Partition`,
 * `Region` and `Account` are the deployment's and the owner's; every other name is a path parameter of
 * the route, matched without regard to case (`${ProjectId}` is `:projectId`). A template that names a
 * parameter its route does not have is refused when the table is compiled, not at the first request.
 * Spec: Service Authorization Reference, "Simplified AWS service information for programmatic access"
 * (ARNFormats); IAM User Guide, "IAM identifiers" (ARN grammar).
 */

/** One route's decision: what the request is asking to do, and to which resource. */
export interface RouteRule {
  /** `acme:GetProject`, or `GetProject` (the middleware's service prefix is added). */
  action: string;
  /**
   * The resource: `*`, a full ARN template (`arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}`),
   * or only its resource part (`project/${projectId}`), which becomes
   * `arn:${Partition}:<service>:${Region}:${Account}:<part>`. Default `*`.
   */
  resource?: string;
  /**
   * The account that owns the resource, when a path parameter names it (`${accountId}`) or it is fixed.
   * Default: the caller's own account. An owner that must be looked up (the SaaS's database) is the
   * `resolve` callback's job.
   */
  account?: string;
}

/** A route table: `'METHOD /path'` (METHOD `*` for any) to a rule or to an action alone (resource `*`). */
export type RouteTable = Readonly<Record<string, RouteRule | string>>;

/** A compiled route. */
export interface CompiledRoute {
  /** The table key, as written (`GET /projects/:projectId`). */
  readonly pattern: string;
  readonly method: string;
  readonly segments: readonly Segment[];
  readonly action: string;
  readonly resource: readonly TemplatePart[] | '*';
  readonly account: readonly TemplatePart[] | undefined;
}

type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'rest' };
type TemplatePart = { kind: 'text'; value: string } | { kind: 'var'; name: string };

/** A route that matched: its rule and the path parameters (percent-decoded). */
export interface RouteMatch {
  readonly route: CompiledRoute;
  readonly params: Readonly<Record<string, string>>;
}

/** An action as AWS writes them: `vendor:Name`, letters, digits and hyphens in the vendor. */
export const ACTION_PATTERN = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;
const RESERVED = new Set(['partition', 'region', 'account']);
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A configuration mistake in the table: raised by `compileRoutes`, so it fails at start, not per request. */
export class RouteTableError extends Error {
  override readonly name = 'RouteTableError';
}

function parseTemplate(template: string, params: ReadonlySet<string>, where: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('${', at);
    if (open === -1) {
      parts.push({ kind: 'text', value: template.slice(at) });
      break;
    }
    if (open > at) parts.push({ kind: 'text', value: template.slice(at, open) });
    const close = template.indexOf('}', open);
    if (close === -1) throw new RouteTableError(`${where}: unclosed \${ in '${template}'`);
    const name = template.slice(open + 2, close).toLowerCase();
    if (!RESERVED.has(name) && !params.has(name)) {
      throw new RouteTableError(`${where}: '${template}' uses \${${template.slice(open + 2, close)}}, which is not a parameter of the route`);
    }
    parts.push({ kind: 'var', name });
    at = close + 1;
  }
  return parts;
}

function parsePath(path: string, where: string): Segment[] {
  if (!path.startsWith('/')) throw new RouteTableError(`${where}: the path must start with /`);
  const raw = path === '/' ? [] : path.slice(1).split('/');
  return raw.map((s, i): Segment => {
    if (s === '*') {
      if (i !== raw.length - 1) throw new RouteTableError(`${where}: * is allowed only as the last segment`);
      return { kind: 'rest' };
    }
    if (s.startsWith(':')) {
      const name = s.slice(1);
      if (!PARAM_NAME.test(name)) throw new RouteTableError(`${where}: bad parameter name ':${name}'`);
      return { kind: 'param', name };
    }
    return { kind: 'static', value: s };
  });
}

/**
 * Compiles a route table for service `service` (its prefix, `acme`). Throws {@link RouteTableError} on a
 * malformed key, an action of another service, or a template naming an unknown parameter.
 */
export function compileRoutes(table: RouteTable, service: string): CompiledRoute[] {
  return Object.entries(table).map(([pattern, value]) => {
    const m = /^([A-Za-z]+|\*)\s+(\S+)$/.exec(pattern.trim());
    if (!m) throw new RouteTableError(`route '${pattern}': expected 'METHOD /path'`);
    const method = m[1]!.toUpperCase();
    const segments = parsePath(m[2]!, `route '${pattern}'`);
    const params = new Set(segments.flatMap((s) => (s.kind === 'param' ? [s.name.toLowerCase()] : [])));
    const rule: RouteRule = typeof value === 'string' ? { action: value } : value;
    const action = rule.action.includes(':') ? rule.action : `${service}:${rule.action}`;
    if (!ACTION_PATTERN.test(action)) throw new RouteTableError(`route '${pattern}': '${rule.action}' is not an action`);
    if (action.slice(0, action.indexOf(':')).toLowerCase() !== service.toLowerCase()) {
      throw new RouteTableError(`route '${pattern}': ${action} is not an action of ${service}`);
    }
    const resourceTemplate = rule.resource ?? '*';
    let resource: CompiledRoute['resource'] = '*';
    if (resourceTemplate !== '*') {
      const full = resourceTemplate.startsWith('arn:') ? resourceTemplate : `arn:\${Partition}:${service}:\${Region}:\${Account}:${resourceTemplate}`;
      resource = parseTemplate(full, params, `route '${pattern}'`);
    }
    const account = rule.account === undefined ? undefined : parseTemplate(rule.account, params, `route '${pattern}'`);
    return { pattern, method, segments, action, resource, account };
  });
}

/** Decodes one path segment; undefined when it is not valid percent-encoding or holds control characters. */
function decodeSegment(s: string): string | undefined {
  let v: string;
  try {
    v = s.includes('%') ? decodeURIComponent(s) : s;
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(v) ? undefined : v;
}

function matchOne(route: CompiledRoute, parts: readonly string[]): Record<string, string> | undefined | 'bad' {
  const params: Record<string, string> = {};
  const { segments } = route;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.kind === 'rest') return params;
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.kind === 'static') {
      if (part !== seg.value) return undefined;
      continue;
    }
    if (part === '') return undefined;
    const v = decodeSegment(part);
    if (v === undefined) return 'bad';
    params[seg.name.toLowerCase()] = v;
  }
  return parts.length === segments.length ? params : undefined;
}

/**
 * The first route (in table order, as Hono matches) for `method` and the raw `path`; `HEAD` also matches
 * `GET` routes. `'bad'` when a matching route's parameter is not valid percent-encoding (a 400 for the
 * client, never a guess). A trailing `/` is significant, as in Hono's default (strict) mode.
 */
export function matchRoute(routes: readonly CompiledRoute[], method: string, path: string): RouteMatch | undefined | 'bad' {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  const m = method.toUpperCase();
  for (const route of routes) {
    if (route.method !== '*' && route.method !== m && !(m === 'HEAD' && route.method === 'GET')) continue;
    const params = matchOne(route, parts);
    if (params === 'bad') return 'bad';
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

/** What a template's reserved variables stand for in one request. */
export interface TemplateScope {
  partition: string;
  region: string;
  /** The account that owns the resource. */
  account: string;
}

function expand(parts: readonly TemplatePart[], params: Readonly<Record<string, string>>, scope: TemplateScope): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') out += p.value;
    else if (p.name === 'partition') out += scope.partition;
    else if (p.name === 'region') out += scope.region;
    else if (p.name === 'account') out += scope.account;
    else out += params[p.name] ?? '';
  }
  return out;
}

/** The owner account a route names (its `account` template), or undefined for the caller's own. */
export function ownerOf(match: RouteMatch): string | undefined {
  const { account } = match.route;
  return account === undefined ? undefined : expand(account, match.params, { partition: '', region: '', account: '' });
}

/** The action and the resource ARN of a matched route, for a resource owned by `scope.account`. */
export function decisionOf(match: RouteMatch, scope: TemplateScope): { action: string; resource: string } {
  const { route, params } = match;
  return { action: route.action, resource: route.resource === '*' ? '*' : expand(route.resource, params, scope) };
}
