/**
 * The package's entry points for a SaaS (`edge-iam/middleware`, `edge-iam/decisions`, `edge-iam/plan`) resolve by name, and
 * a SaaS app typed with `IamVariables` gets a typed principal from `c.get('iam')`.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { DECISION_API_VERSION, MAX_BATCH_ITEMS, type DecisionService } from 'edge-iam/decisions';
import { bindingTransport, httpsTransport, iamAuthorizer, type IamVariables } from 'edge-iam/middleware';
import { compilePlan, planToSql } from 'edge-iam/plan';

describe('package exports', () => {
  it('resolve edge-iam/middleware and edge-iam/decisions, and type the context for the SaaS', async () => {
    expect(DECISION_API_VERSION).toBe(1);
    expect(MAX_BATCH_ITEMS).toBe(30);
    const app = new Hono<{ Bindings: { IAM: DecisionService }; Variables: IamVariables }>();
    app.use(iamAuthorizer({ service: 'acme', region: 'us-east-1', transport: bindingTransport((c) => c.env.IAM), unmatched: 'pass' }));
    app.get('/', (c) => {
      // Compile-time: these are typed (a wrong property name does not compile).
      const account: string | undefined = c.get('iam')?.accountId;
      const tags: Readonly<Record<string, string>> | undefined = c.get('iam')?.tags;
      return c.json({ account: account ?? null, tags: tags ?? null });
    });
    expect(await (await app.request('/')).json()).toEqual({ account: null, tags: null });
    expect(typeof httpsTransport({ endpoint: 'https://iam.example.com', accessKeyId: 'AKIA', secretAccessKey: 's' }).authorize).toBe('function');
  });

  it('resolve edge-iam/plan: a plan applied in memory and as SQL agree', () => {
    const plan = { kind: 'Filter' as const, allow: [{ resources: ['arn:aws:acme:us-east-1:111122223333:project/team-a-*'] }], deny: [], exact: true };
    expect(compilePlan(plan)('arn:aws:acme:us-east-1:111122223333:project/team-a-1')).toBe(true);
    expect(compilePlan(plan)('arn:aws:acme:us-east-1:111122223333:project/team-b-1')).toBe(false);
    const sql = planToSql(plan, { arn: 'p.arn' });
    expect(sql.exact).toBe(true);
    expect(sql.params).toContain('arn:aws:acme:us-east-1:111122223333:project/team-a-*');
  });

  it('refuses a bad configuration when the middleware is made, not at the first request', () => {
    const transport = httpsTransport({ endpoint: 'https://iam.example.com', accessKeyId: 'AKIA', secretAccessKey: 's' });
    expect(() => iamAuthorizer({ service: 'acme corp', region: 'us-east-1', transport })).toThrow(TypeError);
    expect(() => iamAuthorizer({ service: 'acme', region: '', transport })).toThrow(TypeError);
    expect(() => iamAuthorizer({ service: 'acme', region: 'us-east-1', transport, routes: { 'GET /x/:id': { action: 'acme:Get', resource: 'x/${y}' } } })).toThrow(/not a parameter/);
    expect(() => httpsTransport({ endpoint: 'iam.example.com', accessKeyId: 'AKIA', secretAccessKey: 's' })).toThrow(TypeError);
  });
});
