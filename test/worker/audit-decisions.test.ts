/**
 * The SaaS's decisions in the caller's account's trail when the call asks (`record: true`): one event per
 * decision (eventSource `acme.amazonaws.com`, eventName the action, AccessDenied for a denial, the resource
 * in LookupEvents' resources), a batch's in one send sharing its request id, nothing without the flag; the
 * middleware's `record` option sets it for the request and the later decisions of its client.
 */
import { describe, expect, it } from 'vitest';
import { fromSource, settledTrail, storedEvents, trailOf } from './audit-support';
import { authorize, batchAuthorize, by, projectArn } from './decide-support';
import { saasApp, putAcmeCatalog, run, signed } from './middleware-support';
import { AwsClient } from 'aws4fetch';
import { clockNow, dispatch, iamOk, newAccount, operator, policy, userWithKey } from './support';
import { signed as signedForAcme } from './decide-support';

const ACME = fromSource('acme.amazonaws.com');
const allowGet = policy({ Effect: 'Allow', Action: ['acme:GetProject', 'acme:ListProjects'], Resource: '*' });

async function aliceAllowedToRead() {
  const { accountId, root } = await newAccount();
  const alice = await userWithKey(root, 'alice');
  await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read', PolicyDocument: allowGet });
  const userId = (await iamOk(root, 'GetUser', { UserName: 'alice' })).User.UserId;
  return { accountId, alice, userId };
}

describe('recorded decisions', () => {
  it('authorize with record: an Allow and an AccessDenied, as CloudTrail records calls to a service', async () => {
    const { accountId, alice, userId } = await aliceAllowedToRead();
    const facts = { sourceIp: '203.0.113.9', userAgent: 'acme-cli/2.0' };
    const allowed = await authorize(await by(alice, { action: 'acme:GetProject', resource: projectArn(accountId), record: true, facts }));
    expect(allowed).toMatchObject({ ok: true, decision: 'Allow' });
    const denied = await authorize(await by(alice, { action: 'acme:DeleteProject', resource: projectArn(accountId), record: true, facts }));
    expect(denied).toMatchObject({ ok: true, decision: 'ImplicitDeny' });

    const [get, del] = await trailOf(accountId, 2, ACME);
    expect(get).toEqual({
      eventVersion: '1.11',
      userIdentity: { type: 'IAMUser', principalId: userId, arn: `arn:aws:iam::${accountId}:user/alice`, accountId, accessKeyId: alice.accessKeyId, userName: 'alice' },
      eventTime: expect.any(String),
      eventSource: 'acme.amazonaws.com',
      eventName: 'GetProject',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.9',
      userAgent: 'acme-cli/2.0',
      requestParameters: null,
      responseElements: null,
      additionalEventData: { decision: 'Allow' },
      requestID: expect.any(String),
      eventID: expect.any(String),
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
    });
    expect(del).toMatchObject({ eventName: 'DeleteProject', readOnly: false, errorCode: 'AccessDenied', errorMessage: denied.ok ? denied.message : '', additionalEventData: { decision: 'ImplicitDeny' } });
    const stored = (await storedEvents(accountId)).filter((e) => e.eventSource === 'acme.amazonaws.com');
    expect(stored.map((e) => e.resources)).toEqual([[{ type: 'Acme::Project', name: projectArn(accountId) }], [{ type: 'Acme::Project', name: projectArn(accountId) }]]);
    expect(stored.map((e) => e.username)).toEqual(['alice', 'alice']);
  });

  it('batchAuthorize with record: one event per item sharing the call request id; without record, nothing', async () => {
    const { accountId, alice } = await aliceAllowedToRead();
    const items = ['p1', 'p2', 'p3'].map((id) => ({ action: 'acme:GetProject', resource: projectArn(accountId, id) }));
    expect(await batchAuthorize(await by(alice, { items }))).toMatchObject({ ok: true });
    expect(await authorize(await by(alice, { action: 'acme:GetProject', resource: projectArn(accountId), record: false }))).toMatchObject({ ok: true });
    expect(await batchAuthorize(await by(alice, { items, record: true }))).toMatchObject({ ok: true });
    const recorded = await settledTrail(accountId, ACME);
    expect(recorded.map((r) => r.eventName)).toEqual(['GetProject', 'GetProject', 'GetProject']);
    expect(new Set(recorded.map((r) => r.requestID)).size).toBe(1);
    expect(new Set(recorded.map((r) => r.eventID)).size).toBe(3);
  });

  it('refuses a record flag that is not a boolean, deciding nothing', async () => {
    const { alice, accountId } = await aliceAllowedToRead();
    const out = await authorize(await by(alice, { action: 'acme:GetProject', resource: projectArn(accountId), record: 'yes' }));
    expect(out).toMatchObject({ ok: false, error: { code: 'ValidationException', message: 'record must be true or false.', status: 400 } });
  });

  it('the middleware records when told to, for the request and its client batch', async () => {
    await putAcmeCatalog();
    const { accountId, alice } = await aliceAllowedToRead();
    const { app } = saasApp({ record: (c) => c.req.path.startsWith('/projects') });
    expect((await run(app, signed(alice, '/projects/p1'))).status).toBe(200);
    expect((await run(app, signed(alice, '/projects'))).status).toBe(200);
    const recorded = await trailOf(accountId, 6, ACME);
    // GET /projects/p1, then GET /projects's own decision and its four batch decisions.
    expect(recorded.map((r) => `${r.eventName} ${r.errorCode ?? 'ok'}`).sort()).toEqual(
      ['GetProject ok', 'ListProjects ok', 'GetProject ok', 'DeleteProject AccessDenied', 'GetProject ok', 'DeleteProject AccessDenied'].sort(),
    );
  });

  it('the HTTPS decision API records when the body says record: true', async () => {
    const { accountId, alice } = await aliceAllowedToRead();
    const issued = await operator('POST', '/service-credentials', { services: ['acme'], description: 'audit test' });
    const cred = (await issued.json()) as { accessKeyId: string; secretAccessKey: string };
    const client = new AwsClient({ ...cred, service: 'decisions', region: 'us-east-1' });
    const body = JSON.stringify({ service: 'acme', region: 'us-east-1', caller: { request: await signedForAcme(alice) }, action: 'acme:GetProject', resource: projectArn(accountId), record: true });
    const req = await client.sign('https://iam.test/decisions/v1/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-iam-bookmark': issued.headers.get('x-iam-bookmark') ?? '' },
      body,
      aws: { datetime: new Date(clockNow()).toISOString().replace(/[:-]|\.\d{3}/g, '') },
    });
    const res = await dispatch(req);
    expect(await res.json()).toMatchObject({ ok: true, decision: 'Allow' });
    const [event] = await trailOf(accountId, 1, ACME);
    expect(event).toMatchObject({ eventName: 'GetProject', eventSource: 'acme.amazonaws.com', userIdentity: { userName: 'alice' }, additionalEventData: { decision: 'Allow' } });
  });
});
