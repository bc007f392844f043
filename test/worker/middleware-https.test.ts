/**
 * The middleware over the HTTPS transport: the SaaS's app asks the IAM Worker's signed JSON decision API
 * (src/http/decision-api.ts, reached through the Worker's own fetch handler) with an operator-issued
 * service credential. Allowed and denied as over the binding; a credential the IAM Worker refuses never
 * lets a request through.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { httpsTransport } from '../../src/middleware';
import { projectArn, putAcmeCatalog, run, saasApp, signed } from './middleware-support';
import { dispatch, iamOk, newAccount, operator, policy, userWithKey, type Keys } from './support';

let account: string;
let alice: Keys;
let credential: { accessKeyId: string; secretAccessKey: string };

const overHttps = (creds: { accessKeyId: string; secretAccessKey: string }) =>
  httpsTransport({ endpoint: 'https://iam.test', ...creds, fetch: (r) => dispatch(r) });

beforeAll(async () => {
  await putAcmeCatalog();
  const res = await operator('POST', '/service-credentials', { services: ['acme'], description: 'acme backend' });
  expect(res.status).toBe(201);
  credential = (await res.json()) as typeof credential;
  let root: Keys;
  ({ accountId: account, root } = await newAccount());
  alice = await userWithKey(root, 'alice');
  await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: ['acme:GetProject', 'acme:ListProjects'], Resource: '*' }) });
});

describe('httpsTransport', () => {
  it('allows with the principal on the context, and denies with AWS message and the encoded message', async () => {
    const { app } = saasApp({ transport: overHttps(credential) });
    const ok = await run(app, signed(alice, '/projects/p1'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.iam).toMatchObject({ accountId: account, arn: `arn:aws:iam::${account}:user/alice`, type: 'User' });
    const denied = await run(app, signed(alice, '/projects/p1', { method: 'DELETE' }));
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      __type: 'AccessDeniedException',
      message: `User: arn:aws:iam::${account}:user/alice is not authorized to perform: acme:DeleteProject on resource: ${projectArn(account, 'p1')} because no identity-based policy allows the acme:DeleteProject action`,
      encodedAuthorizationMessage: expect.any(String),
    });
  });

  it("answers a tenant's bad signature as over the binding, and the helpers work over HTTPS", async () => {
    const { app } = saasApp({ transport: overHttps(credential) });
    const bad = await run(app, signed({ ...alice, secretAccessKey: credential.secretAccessKey }, '/projects/p1'));
    expect(bad).toMatchObject({ status: 403, body: { __type: 'InvalidSignatureException' } });
    const list = await run(app, signed(alice, '/projects'));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.decisions).toEqual(['acme:GetProject project/p1 Allow', 'acme:DeleteProject project/p1 ImplicitDeny', 'acme:GetProject project/p2 Allow', 'acme:DeleteProject project/p2 ImplicitDeny']);
  });

  it('never lets a request through with a credential the IAM Worker refuses, and never shows it to the tenant', async () => {
    const wrongSecret = await run(saasApp({ transport: overHttps({ ...credential, secretAccessKey: 'x'.repeat(40) }) }).app, signed(alice, '/projects/p1'));
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.body.__type).toBe('InvalidSignatureException');

    const res = await operator('POST', '/service-credentials', { services: ['othersaas'] });
    const foreign = (await res.json()) as typeof credential;
    const other = saasApp({ transport: overHttps(foreign) });
    const r = await run(other.app, signed(alice, '/projects/p1'));
    expect(r).toMatchObject({ status: 503, body: { __type: 'ServiceUnavailableException' } });
    expect(JSON.stringify(r.body)).not.toContain(foreign.accessKeyId);
    expect(String(other.errors[0])).toContain('refused the service credential');

    const unreachable = saasApp({ transport: httpsTransport({ endpoint: 'https://iam.test', ...credential, fetch: async () => new Response('<html>502</html>', { status: 502 }) }) });
    const down = await run(unreachable.app, signed(alice, '/projects/p1'));
    expect(down).toMatchObject({ status: 503, body: { __type: 'ServiceUnavailableException' } });
    expect(unreachable.errors).toHaveLength(1);
  });
});
