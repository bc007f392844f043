/**
 * The decision path attacked (issue 9, review): inputs a SaaS (or a tenant through it) can shape to turn a
 * deny into an allow or to reach another tenant. Each case here is one the other decision tests
 * (decide-*.test.ts) do not cover: request facts that are not what they claim, resource policies that name
 * principals loosely or are built to exhaust the parser, ARNs against the deployment's own compiled
 * catalog (not the tests' stand-in), and prototype keys.
 * Spec: IAM User Guide, "AWS global condition context keys" (aws:SourceIp is the requester's IP address),
 * "IAM JSON policy elements: Principal", "Cross-account policy evaluation logic".
 */
import { AwsClient } from 'aws4fetch';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorize, by, installAcme, projectArn, REGION } from './decide-support';
import { advanceClock, call, clockNow, dispatch, iamOk, keysOf, newAccount, operator, policy, userWithKey, type Keys } from './support';

/** Declares a service through the operator API, past the catalog cache's TTL (5 s). */
async function declare(doc: object): Promise<void> {
  const res = await operator('PUT', `/services/${(doc as { Name: string }).Name}`, doc);
  if (res.status !== 200 && res.status !== 201) throw new Error(`declare: ${res.status} ${await res.text()}`);
  advanceClock(5_001);
}

const allowAll = (action: string) => ({ Effect: 'Allow', Action: action, Resource: '*' });
const decisionOf = (out: Awaited<ReturnType<typeof authorize>>) => (out.ok ? out.decision : `${out.error.code} ${out.error.status}`);

let a: { accountId: string; root: Keys };
let b: { accountId: string; root: Keys };
let alice: Keys;
beforeAll(async () => {
  [a, b] = await Promise.all([newAccount(), newAccount()]);
  alice = await userWithKey(a.root, 'alice');
  await iamOk(a.root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'acme', PolicyDocument: policy(allowAll('acme:*')) });
});

describe('request facts', () => {
  it('aws:SourceIp must be an address: a malformed one is refused, never a NotIpAddress deny skipped', async () => {
    const ivy = await userWithKey(a.root, 'ivy');
    await iamOk(a.root, 'PutUserPolicy', {
      UserName: 'ivy',
      PolicyName: 'office-only',
      PolicyDocument: policy(allowAll('acme:*'), { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
    });
    const list = { action: 'acme:ListProjects', resource: '*' };
    const from = async (sourceIp?: string) => decisionOf(await authorize(await by(ivy, { ...list, ...(sourceIp === undefined ? {} : { facts: { sourceIp } }) })));
    expect(await from('10.1.2.3')).toBe('Allow');
    expect(await from('192.0.2.1')).toBe('ExplicitDeny');
    // No address at all: the deny applies (NotIpAddress on an absent key), as it must.
    expect(await from()).toBe('ExplicitDeny');
    // Not addresses (the IP operators match nothing against them, NotIpAddress included): refused.
    for (const bad of ['garbage', '1.2.3.999', '010.1.2.3', ' 10.1.2.3', '10.1.2.3 ', '10.1.2.3/8', '::::', '']) {
      expect(await from(bad), JSON.stringify(bad)).toBe('ValidationException 400');
    }
    expect(await from('2001:db8::1')).toBe('ExplicitDeny');
  });
});

describe("the SaaS's typed condition keys", () => {
  // A SaaS's list action takes a page size (Numeric), a flag (Bool), a cut-off (Date) and a client address (IPAddress).
  const TYPED = {
    Name: 'typed',
    Actions: [{ Name: 'ListProjects', ActionConditionKeys: ['typed:PageSize', 'typed:Archived', 'typed:Since', 'typed:ClientIp', 'typed:Label'] }],
    ConditionKeys: [
      { Name: 'typed:PageSize', Types: ['Numeric'] },
      { Name: 'typed:Archived', Types: ['Bool'] },
      { Name: 'typed:Since', Types: ['Date'] },
      { Name: 'typed:ClientIp', Types: ['IPAddress'] },
      { Name: 'typed:Label', Types: ['String'] },
    ],
    Resources: [],
  };

  it('a value its type cannot read is refused, never a Numeric, Bool, Date or IP deny skipped', async () => {
    const tom = await userWithKey(a.root, 'tom');
    const deny = (operator: string, key: string, value: string) => ({ Effect: 'Deny', Action: 'typed:ListProjects', Resource: '*', Condition: { [operator]: { [key]: value } } });
    await iamOk(a.root, 'PutUserPolicy', {
      UserName: 'tom',
      PolicyName: 'limits',
      PolicyDocument: policy(
        allowAll('typed:*'),
        deny('NumericGreaterThan', 'typed:PageSize', '100'),
        deny('Bool', 'typed:Archived', 'true'),
        deny('DateLessThan', 'typed:Since', '2020-01-01T00:00:00Z'),
        deny('NotIpAddress', 'typed:ClientIp', '10.0.0.0/8'),
      ),
    });
    await declare(TYPED);
    const list = async (context: Record<string, string | string[]>) =>
      decisionOf(await authorize(await by(tom, { service: 'typed', action: 'typed:ListProjects', resource: '*', context: { 'typed:ClientIp': '10.0.0.1', ...context } }, { service: 'typed' })));
    expect(await list({ 'typed:PageSize': '50', 'typed:Archived': 'false', 'typed:Since': '2024-05-01T00:00:00Z', 'typed:Label': 'any text' })).toBe('Allow');
    expect(await list({ 'typed:PageSize': '500' })).toBe('ExplicitDeny');
    expect(await list({ 'typed:Archived': 'TRUE' })).toBe('ExplicitDeny');
    expect(await list({ 'typed:Since': '2019-12-31T00:00:00Z' })).toBe('ExplicitDeny');
    expect(await list({ 'typed:ClientIp': '192.0.2.1' })).toBe('ExplicitDeny');
    const unreadable: Record<string, string | string[]>[] = [
      { 'typed:PageSize': '1e9' },
      { 'typed:PageSize': '500 ' },
      { 'typed:PageSize': '0x1f4' },
      { 'typed:PageSize': ['50', 'Infinity'] },
      { 'typed:Archived': 'yes' },
      { 'typed:Since': 'yesterday' },
      { 'typed:ClientIp': '10.0.0.1.5' },
    ];
    for (const context of unreadable) expect(await list(context), JSON.stringify(context)).toBe('ValidationException 400');
  });
});

describe("ARNs against the deployment's compiled acme catalog", () => {
  // The formats' `${Account}` is twelve digits: an ARN without an owner never reads as the caller's own.
  it('an ARN without an account or region, in another case, or shaped as another type is refused', async () => {
    const get = async (resource: string) => decisionOf(await authorize(await by(alice, { action: 'acme:GetProject', resource })));
    expect(await get(projectArn(a.accountId))).toBe('Allow');
    for (const resource of [
      `arn:aws:acme:${REGION}::project/p1`,
      `arn:aws:acme::${b.accountId}:project/p1`,
      `arn:aws:acme:${REGION}:${a.accountId}:PROJECT/p1`,
      `arn:aws:ACME:${REGION}:${a.accountId}:project/p1`,
      `arn:aws:acme:${REGION}:${a.accountId}:project/`,
      // A project id holding '/document/' (an encoded slash in a path parameter) is a document's ARN.
      `arn:aws:acme:${REGION}:${a.accountId}:project/p1/document/d1`,
    ]) {
      expect(await get(resource), resource).toBe('ValidationException 400');
    }
    // Another tenant's project: refused without a resource policy, whatever alice's own policy allows.
    expect(await get(projectArn(b.accountId))).toBe('ImplicitDeny');
  });
});

describe('resource policies shaped to reach another tenant', () => {
  const shared = () => projectArn(b.accountId, 'shared');
  const grant = (principal: unknown) => policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'acme:*', Resource: '*' });

  it('principals named loosely (wildcards, a partial or padded account, ROOT) are malformed, never a match', async () => {
    for (const principal of [`arn:aws:iam::*:root`, `arn:aws:iam::${a.accountId}:*`, `arn:aws:iam::${a.accountId}:user/*`, `${a.accountId.slice(0, 11)}*`, ` ${a.accountId}`, `arn:aws:iam::${a.accountId}:ROOT`]) {
      const out = await authorize(await by(alice, { action: 'acme:GetProject', resource: shared(), resourcePolicy: grant(principal) }));
      expect(out, principal).toMatchObject({ ok: false, error: { code: 'MalformedPolicyDocument', status: 400 } });
    }
  });

  it("naming another tenant's user directly still needs that user's own identity policy", async () => {
    const nora = await userWithKey(a.root, 'nora');
    const resourcePolicy = grant(`arn:aws:iam::${a.accountId}:user/nora`);
    expect(decisionOf(await authorize(await by(nora, { action: 'acme:GetProject', resource: shared(), resourcePolicy })))).toBe('ImplicitDeny');
    expect(decisionOf(await authorize(await by(alice, { action: 'acme:GetProject', resource: shared(), resourcePolicy: grant(`arn:aws:iam::${a.accountId}:user/alice`) })))).toBe('Allow');
  });

  it('an account id closed and given again to a new tenant does not inherit a grant written before it existed', async () => {
    const x = await newAccount();
    const resourcePolicy = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${x.accountId}:root` }, Action: 'acme:GetProject', Resource: '*' });
    advanceClock(1_000);
    expect((await operator('DELETE', `/accounts/${x.accountId}`)).status).toBe(200);
    advanceClock(5_001);
    // The operator creates a new tenant under the freed id: its user is allowed acme:* by its own admin.
    const successor = await newAccount(x.accountId);
    const eve = await userWithKey(successor.root, 'eve');
    await iamOk(successor.root, 'PutUserPolicy', { UserName: 'eve', PolicyName: 'acme', PolicyDocument: policy(allowAll('acme:*')) });
    const created = Date.parse(((await (await operator('GET', `/accounts/${x.accountId}`)).json()) as { createdAt: string }).createdAt);
    const writtenAt = new Date(created - 1).toISOString();
    const get = async (extra: object) => decisionOf(await authorize(await by(eve, { action: 'acme:GetProject', resource: shared(), resourcePolicy, ...extra })));
    // Written before the successor existed: B's grant to the old tenant is not the successor's.
    expect(await get({ resourcePolicyWrittenAt: writtenAt })).toBe('ImplicitDeny');
    // Written (again) after it was created: B means this tenant now.
    expect(await get({ resourcePolicyWrittenAt: new Date(created + 1).toISOString() })).toBe('Allow');
    // Without the time, an account id names whoever holds it now (the contract's documented limit).
    expect(await get({})).toBe('Allow');
    // Malformed, or without a policy: refused.
    expect(await get({ resourcePolicyWrittenAt: 'yesterday' })).toBe('ValidationException 400');
    expect(decisionOf(await authorize(await by(eve, { action: 'acme:GetProject', resource: shared(), resourcePolicyWrittenAt: writtenAt })))).toBe('ValidationException 400');
  });

  it('a policy built to exhaust the parser (deep nesting) is malformed, not a failure', async () => {
    const deep = (inner: string) => `{"Version":"2012-10-17","Statement":${inner}}`;
    for (const resourcePolicy of [deep('['.repeat(5000) + ']'.repeat(5000)), deep(`[{"Effect":"Allow","Principal":"*","Action":"acme:*","Resource":"*","Condition":{"StringEquals":{"acme:x":${'['.repeat(6000)}${']'.repeat(6000)}}}}]`)]) {
      const out = await authorize(await by(alice, { action: 'acme:GetProject', resource: shared(), resourcePolicy }));
      expect(out).toMatchObject({ ok: false, error: { code: 'MalformedPolicyDocument', status: 400 } });
    }
  });
});

describe('principal tokens and session tokens are not each other, nor another service', () => {
  it("acme's token is refused for beta, a session token is no principal token, a principal token no session token", async () => {
    await installAcme();
    await declare({ Name: 'beta', Actions: [{ Name: 'ListThings' }], Resources: [] });
    const first = await authorize(await by(alice, { action: 'acme:ListProjects', resource: '*' }));
    if (!first.ok) throw new Error(JSON.stringify(first));
    const token = first.principal.principalToken;
    const asBeta = await authorize({ service: 'beta', region: REGION, caller: { principalToken: token }, action: 'beta:ListThings', resource: '*' });
    expect(asBeta).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId', status: 403 } });

    const issued = await call(alice, 'GetSessionToken', {}, 'sts');
    expect(issued.status, issued.xml).toBe(200);
    const session = keysOf(issued.result.Credentials);
    expect(decisionOf(await authorize(await by(session, { action: 'acme:ListProjects', resource: '*' })))).toBe('Allow');
    const list = { action: 'acme:ListProjects', resource: '*' };
    const sessionAsPrincipal = await authorize({ service: 'acme', region: REGION, caller: { principalToken: session.sessionToken }, ...list });
    expect(sessionAsPrincipal).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId', status: 403 } });
    // The principal token in x-amz-security-token, with the session's own key and secret: no session.
    const principalAsSession = await authorize(await by({ ...session, sessionToken: token }, list));
    expect(principalAsSession).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId', status: 403 } });
  });
});

describe('the HTTPS decision API: bodies built to hurt', () => {
  /** A raw body, signed by a service credential for acme. */
  async function postRaw(text: string) {
    const res = await operator('POST', '/service-credentials', { services: ['acme'], description: 'attacks' });
    const cred = (await res.json()) as { accessKeyId: string; secretAccessKey: string };
    const client = new AwsClient({ ...cred, service: 'decisions', region: REGION });
    const req = await client.sign('https://iam.test/decisions/v1/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
      aws: { datetime: new Date(clockNow()).toISOString().replace(/[:-]|\.\d{3}/g, '') },
    });
    const answer = await dispatch(req);
    return { status: answer.status, body: (await answer.json()) as { __type: string; ok: boolean } };
  }

  it('oversized, deeply nested, prototype keys and non-string values: AWS errors, never a 500 or a decision', async () => {
    await installAcme();
    const input = await by(alice, { action: 'acme:GetProject', resource: projectArn(a.accountId) });
    const text = JSON.stringify(input);
    expect((await postRaw(text)).body).toMatchObject({ ok: true, decision: 'Allow' });
    // Past the 1 MiB body limit.
    expect(await postRaw(text.replace('"action"', `"pad":"${'x'.repeat(1_100_000)}","action"`))).toMatchObject({ status: 413, body: { __type: 'RequestEntityTooLarge' } });
    // Nesting 100 000 deep, where the context is read (a recursive reader would overflow).
    expect(await postRaw(text.replace('"action"', `"context":${'['.repeat(100_000)}${']'.repeat(100_000)},"action"`))).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    expect(await postRaw(text.replace('"action"', `"context":{"acme:ProjectVisibility":${'['.repeat(100_000)}${']'.repeat(100_000)}},"action"`))).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    // `__proto__` where the context, the caller and the headers are read: an own key, refused or ignored.
    expect(await postRaw(text.replace('"action"', '"context":{"__proto__":{"aws:SourceIp":"10.0.0.1"}},"action"'))).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    const protoService = JSON.stringify({ __proto__: null, ...input }).replace('"service":"acme"', '"__proto__":{"service":"acme"}');
    expect(await postRaw(protoService)).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    // Values of the wrong JSON type where strings are expected.
    for (const [from, to] of [['"action":"acme:GetProject"', '"action":["acme:GetProject"]'], ['"region":"us-east-1"', '"region":{"toString":"us-east-1"}'], ['"method":"GET"', '"method":7']]) {
      expect(await postRaw(text.replace(from!, to!)), to).toMatchObject({ status: 400, body: { __type: 'ValidationException', ok: false } });
    }
  });
});
