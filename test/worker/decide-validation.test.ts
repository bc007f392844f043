/**
 * Bad input on the decision path: every malformed or out-of-catalog call is a clear 400 in AWS's shape,
 * decides nothing (never an Allow) and never fails as a 500. Also batches: one authentication, per-item
 * decisions in order, and the whole batch refused when one item is bad or there are too many.
 * Spec: AVP BatchIsAuthorized (one principal, many requests, 30 at most); Service Authorization Reference
 * (actions, resource types and their ARN formats).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_ITEMS } from '../../src/core/decision/contract';
import { authenticate, authorize, batchAuthorize, by, documentArn, projectArn, REGION, signed } from './decide-support';
import { iamOk, newAccount, policy, userWithKey, type Keys } from './support';

let account: string;
let user: Keys;
beforeAll(async () => {
  const created = await newAccount();
  account = created.accountId;
  user = await userWithKey(created.root, 'v');
  await iamOk(created.root, 'PutUserPolicy', { UserName: 'v', PolicyName: 'all', PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
});

const refusedWith = (code: string, status = 400) => ({ ok: false, version: 1, error: { code, status } });

describe('bad input', () => {
  it('an unknown service, an action of another service or unknown in the catalog', async () => {
    const cases: [object, RegExp][] = [
      [await by(user, { service: 'nope', action: 'nope:GetProject', resource: '*' }, { service: 'nope' }), /Service 'nope' is not declared/],
      [await by(user, { action: 'iam:GetUser', resource: '*' }), /'iam:GetUser' is not an action of service 'acme'/],
      [await by(user, { action: 'acme:NoSuchAction', resource: '*' }), /not an action of service 'acme' in the service catalog/],
      [await by(user, { action: 'GetProject', resource: projectArn('111122223333') }), /not an action of service 'acme'/],
      [await by(user, { action: 'acme:*', resource: '*' }), /not an action of service 'acme'/],
      [await by(user, { action: 42, resource: '*' }), /action must be a string/],
    ];
    for (const [input, message] of cases) {
      const out = await authorize(input);
      expect(out, JSON.stringify(input)).toMatchObject(refusedWith('ValidationException'));
      if (!out.ok) expect(out.error.message).toMatch(message);
    }
  });

  it("a malformed ARN, or one that is not of the action's resource types", async () => {
    const get = (resource: unknown) => by(user, { action: 'acme:GetProject', resource });
    const cases: [unknown, RegExp][] = [
      ['not-an-arn', /is not a valid ARN/],
      ['arn:aws:acme', /is not a valid ARN/],
      [`arn:aws:acme:${REGION}:${account}:`, /is not a valid ARN/],
      [`arn:aws-cn:acme:${REGION}:${account}:project/p1`, /is not in partition 'aws'/],
      [`arn:aws:iam::${account}:user/alice`, /is not a resource of service 'acme'/],
      [`arn:aws:acme:${REGION}:12345:project/p1`, /invalid account id/],
      [`arn:aws:acme:${REGION}:${account}:project/*`, /must name one resource/],
      [`arn:aws:acme:${REGION}:${account}:widget/w1`, /matches none of the ARN formats/],
      [documentArn(account, 'p1', 'd1'), /is a document; acme:GetProject applies to project/],
      ['*', /'\*' is not valid for acme:GetProject: it needs the ARN of a project/],
      ['', /must be a resource ARN or '\*'/],
      [undefined, /must be a resource ARN or '\*'/],
      ['x'.repeat(3000), /must be a resource ARN or '\*'/],
    ];
    for (const [resource, message] of cases) {
      const out = await authorize(await get(resource));
      expect(out, String(resource)).toMatchObject(refusedWith('ValidationException'));
      if (!out.ok) expect(out.error.message).toMatch(message);
    }
    // An action without resource types takes '*' only.
    const list = await authorize(await by(user, { action: 'acme:ListProjects', resource: projectArn(account) }));
    expect(list).toMatchObject(refusedWith('ValidationException'));
    expect(await authorize(await by(user, { action: 'acme:ListProjects', resource: '*' }))).toMatchObject({ ok: true, decision: 'Allow' });
  });

  it('condition keys the SaaS may not set, undeclared SaaS keys and malformed values', async () => {
    const get = (context: unknown) => by(user, { action: 'acme:GetProject', resource: projectArn(account), context });
    const cases: [unknown, RegExp][] = [
      [{ 'aws:username': 'root' }, /cannot be set by the service/],
      [{ 'aws:PrincipalAccount': account }, /cannot be set by the service/],
      [{ 'sts:ExternalId': 'x' }, /cannot be set by the service/],
      [{ 'acme:Undeclared': 'x' }, /is not a condition key of acme:GetProject/],
      [{ 'aws:ResourceTag/': 'x' }, /names no tag/],
      [{ 'aws:ResourceTag/team': 42 }, /must be a string or a list/],
      [{ 'aws:ResourceTag/team': [1] }, /must be a string or a list/],
      [{ 'aws:ResourceTag/team': 'x'.repeat(2000) }, /at most 1024/],
      [Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`aws:ResourceTag/k${i}`, 'v'])), /at most 64 keys/],
      ['context', /must be an object/],
      [['x'], /must be an object/],
    ];
    for (const [context, message] of cases) {
      const out = await authorize(await get(context));
      expect(out, JSON.stringify(context)).toMatchObject(refusedWith('ValidationException'));
      if (!out.ok) expect(out.error.message).toMatch(message);
    }
    // acme:ProjectVisibility is declared for projects, not for documents.
    expect(await authorize(await by(user, { action: 'acme:GetDocument', resource: documentArn(account, 'p', 'd'), context: { 'acme:ProjectVisibility': 'x' } }))).toMatchObject(refusedWith('ValidationException'));
    expect(await authorize(await get({ 'acme:projectvisibility': 'x', 'AWS:ResourceTag/Team': ['a', 'b'] }))).toMatchObject({ ok: true, decision: 'Allow' });
  });

  it('missing or malformed scope fields', async () => {
    const request = await signed(user);
    const item = { action: 'acme:ListProjects', resource: '*' };
    const cases: [unknown, RegExp][] = [
      [null, /must be a JSON object/],
      ['x', /must be a JSON object/],
      [[], /must be a JSON object/],
      [{ region: REGION, caller: { request }, ...item }, /service must be/],
      [{ service: 'ACME', region: REGION, caller: { request }, ...item }, /service must be/],
      [{ service: 'acme', caller: { request }, ...item }, /region must be/],
      [{ service: 'acme', region: REGION, ...item }, /caller is required/],
      [{ service: 'acme', region: REGION, caller: {}, ...item }, /exactly one of request, principalToken and serviceCredential/],
      [{ service: 'acme', region: REGION, caller: { request, principalToken: 'x' }, ...item }, /exactly one of request, principalToken and serviceCredential/],
      [{ service: 'acme', region: REGION, caller: { request: { ...request, url: '/relative' } }, ...item }, /absolute http\(s\) URL/],
      [{ service: 'acme', region: REGION, caller: { request: { ...request, bodySha256: 'abc' } }, ...item }, /bodySha256/],
      [{ service: 'acme', region: REGION, caller: { request: { ...request, method: 'GET /x' } }, ...item }, /method/],
      [{ service: 'acme', region: REGION, caller: { request: { ...request, headers: { 'bad header': 'x' } } }, ...item }, /headers/],
      [{ service: 'acme', region: REGION, caller: { request: { ...request, headers: { a: 1 } } }, ...item }, /headers/],
      [{ service: 'acme', region: REGION, caller: { request }, facts: { sourceIp: 7 }, ...item }, /facts.sourceIp/],
      [{ service: 'acme', region: REGION, caller: { request }, facts: { secureTransport: 'yes' }, ...item }, /facts.secureTransport/],
      [{ service: 'acme', region: REGION, caller: { request }, bookmark: 'not a bookmark', ...item }, /bookmark/],
      [{ service: 'acme', region: REGION, caller: { request }, version: 0, ...item }, /version must be a positive integer/],
      [{ service: 'acme', region: REGION, caller: { request }, version: '1', ...item }, /version must be a positive integer/],
      [{ service: 'acme', region: REGION, caller: { request } }, /action must be a string/],
      [{ service: 'acme', region: REGION, caller: { request }, action: 'acme:ListProjects' }, /resource must be/],
      [{ service: 'acme', region: REGION, caller: { request }, ...item, resourcePolicy: 5 }, /resourcePolicy must be a policy document/],
    ];
    for (const [input, message] of cases) {
      const out = await authorize(input);
      expect(out, JSON.stringify(input)).toMatchObject(refusedWith('ValidationException'));
      if (!out.ok) expect(out.error.message).toMatch(message);
    }
  });

  it('a newer contract version is UnsupportedVersion; absent or 1 is version 1', async () => {
    const input = await by(user, { action: 'acme:ListProjects', resource: '*' });
    expect(await authorize({ ...input, version: 2 })).toEqual({
      ok: false,
      version: 1,
      error: { code: 'UnsupportedVersion', message: 'Decision API version 2 is not supported; this IAM Worker speaks versions 1 to 1.', status: 400 },
    });
    expect(await authorize({ ...input, version: 1 })).toMatchObject({ ok: true, version: 1, decision: 'Allow' });
    expect(await authenticate(input)).toMatchObject({ ok: true, version: 1 });
  });
});

describe('batch authorize', () => {
  it('decides each item in order for one authenticated principal', async () => {
    const { accountId, root } = await newAccount();
    const reader = await userWithKey(root, 'reader');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'reader',
      PolicyName: 'read',
      PolicyDocument: policy({ Effect: 'Allow', Action: 'acme:Get*', Resource: '*' }, { Sid: 'NotSecret', Effect: 'Deny', Action: '*', Resource: projectArn(accountId, 'secret') }),
    });
    const out = await batchAuthorize(
      await by(reader, {
        items: [
          { action: 'acme:GetProject', resource: projectArn(accountId, 'a') },
          { action: 'acme:DeleteProject', resource: projectArn(accountId, 'a') },
          { action: 'acme:GetProject', resource: projectArn(accountId, 'secret') },
          { action: 'acme:GetDocument', resource: documentArn(accountId, 'a', 'd') },
        ],
      }),
    );
    expect(out).toMatchObject({ ok: true, principal: { arn: `arn:aws:iam::${accountId}:user/reader` } });
    if (!out.ok) return;
    expect(out.results.map((r) => r.decision)).toEqual(['Allow', 'ImplicitDeny', 'ExplicitDeny', 'Allow']);
    expect(out.results[1]!.message).toBe(
      `User: arn:aws:iam::${accountId}:user/reader is not authorized to perform: acme:DeleteProject on resource: ${projectArn(accountId, 'a')} because no identity-based policy allows the acme:DeleteProject action`,
    );
    expect(out.results[2]).toMatchObject({ reasons: [{ sid: 'NotSecret', effect: 'Deny' }], encodedMessage: expect.any(String) });
    expect(out.results[0]!.encodedMessage).toBeUndefined();
  });

  it(`refuses an empty batch, more than ${MAX_BATCH_ITEMS} items, and any bad item (naming it), deciding nothing`, async () => {
    const ok = { action: 'acme:ListProjects', resource: '*' };
    const cases: [unknown, RegExp][] = [
      [[], /non-empty list/],
      [undefined, /non-empty list/],
      [Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ok), /at most 30 entries; got 31/],
      [[ok, { action: 'acme:Nope', resource: '*' }], /^items\.1\.action 'acme:Nope'/],
      [[ok, ok, { action: 'acme:GetProject', resource: 'arn:bad' }], /^items\.2\.resource/],
      [[ok, 'x'], /^items\.1 must be an object/],
      [[ok, { ...ok, context: { 'aws:SourceIp': '1.2.3.4' } }], /^items\.1\.context key 'aws:SourceIp' cannot be set/],
    ];
    for (const [items, message] of cases) {
      const out = await batchAuthorize(await by(user, { items }));
      expect(out, JSON.stringify(items)?.slice(0, 200)).toMatchObject(refusedWith('ValidationException'));
      if (!out.ok) expect(out.error.message).toMatch(message);
    }
    const malformed = await batchAuthorize(await by(user, { items: [ok, { action: 'acme:GetProject', resource: projectArn(account), resourcePolicy: '{' }] }));
    expect(malformed).toMatchObject(refusedWith('MalformedPolicyDocument'));
    if (!malformed.ok) expect(malformed.error.message).toMatch(/^items\.1\.resourcePolicy: /);
    expect(await batchAuthorize(await by(user, { items: Array.from({ length: MAX_BATCH_ITEMS }, () => ok) }))).toMatchObject({ ok: true, results: expect.arrayContaining([expect.objectContaining({ decision: 'Allow' })]) });
  });
});
