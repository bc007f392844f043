/**
 * CloudTrail's LookupEvents over AWS JSON 1.1 on the IAM endpoint: every lookup attribute, time ranges,
 * pagination bound to its parameters, CloudTrail's errors, `cloudtrail:LookupEvents` authorization (allow,
 * implicit and explicit deny), each account seeing only its own trail, the model's other operations
 * refused cleanly, and the operator's read of any account's trail.
 */
import { describe, expect, it } from 'vitest';
import { cloudTrail, eventually, pacedAccount, lookupOk, operatorEvents, TARGET } from './cloudtrail-support';
import { advanceClock, call, clockNow, dispatch, iamOk, operator, policy, userWithKey } from './support';

const attr = (AttributeKey: string, AttributeValue: string) => ({ LookupAttributes: [{ AttributeKey, AttributeValue }] });
const names = (page: { Events: any[] }) => page.Events.map((e) => e.EventName);

describe('LookupEvents', () => {
  it('finds events by each attribute, newest first, and records itself as a read-only CloudTrail event', async () => {
    const { accountId, root } = await pacedAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:Get*', 'cloudtrail:LookupEvents'], Resource: '*' }) });
    await iamOk(alice, 'GetUser');
    // A read's event comes through the audit queue (storage/account/deferred-events.ts): waited for through
    // the operator's read, which is no event itself.
    await eventually(() => operatorEvents(accountId, { attributeKey: 'EventName', attributeValue: 'GetUser' }), (r) => r.body.Events?.length === 1);
    advanceClock(1);
    await iamOk(root, 'CreateGroup', { GroupName: 'devs' });

    const all = await lookupOk(root);
    expect(names(all)).toEqual(['CreateGroup', 'GetUser', 'PutUserPolicy', 'CreateAccessKey', 'CreateUser']);
    const times = all.Events.map((e) => e.EventTime as number);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(typeof times[0]).toBe('number');

    expect(names(await lookupOk(root, attr('EventName', 'GetUser')))).toEqual(['GetUser']);
    expect(names(await lookupOk(root, attr('Username', 'alice')))).toEqual(['GetUser']);
    expect(names(await lookupOk(root, attr('AccessKeyId', alice.accessKeyId)))).toEqual(['GetUser']);
    expect(names(await lookupOk(root, attr('ResourceType', 'AWS::IAM::Group')))).toEqual(['CreateGroup']);
    expect(names(await lookupOk(root, attr('ResourceName', 'devs')))).toEqual(['CreateGroup']);
    expect(names(await lookupOk(root, attr('EventId', all.Events[2].EventId)))).toEqual(['PutUserPolicy']);
    // The lookups so far are events too: read-only, from cloudtrail.amazonaws.com.
    const lookups = await lookupOk(root, attr('EventSource', 'cloudtrail.amazonaws.com'));
    expect(lookups.Events.length).toBe(7);
    expect(lookups.Events.every((e) => e.EventName === 'LookupEvents' && e.ReadOnly === 'true')).toBe(true);
    const rec = JSON.parse(lookups.Events[0].CloudTrailEvent);
    expect(rec).toMatchObject({ eventSource: 'cloudtrail.amazonaws.com', readOnly: true, responseElements: null, requestParameters: { lookupAttributes: [{ attributeKey: 'EventId', attributeValue: all.Events[2].EventId }] } });
    expect(names(await lookupOk(root, attr('ReadOnly', 'false')))).toEqual(['CreateGroup', 'PutUserPolicy', 'CreateAccessKey', 'CreateUser']);
    expect(names(await lookupOk(root, attr('EventSource', 'iam.amazonaws.com')))).toEqual(['CreateGroup', 'GetUser', 'PutUserPolicy', 'CreateAccessKey', 'CreateUser']);
    expect(await lookupOk(root, attr('EventName', 'DeleteUser'))).toEqual({ Events: [] });
  });

  it('keeps to the time range, pages with a NextToken bound to the query, and refuses a token reused elsewhere', async () => {
    const { root } = await pacedAccount();
    const t0 = clockNow() / 1000;
    for (const n of [1, 2, 3, 4, 5]) {
      await iamOk(root, 'CreateUser', { UserName: `u${n}` });
      advanceClock(10_000);
    }
    const q = { ...attr('EventName', 'CreateUser') };
    // u2..u4: from 10 s to 30 s after the first.
    const ranged = await lookupOk(root, { ...q, StartTime: t0 + 9, EndTime: t0 + 31 });
    expect(ranged.Events.map((e) => JSON.parse(e.CloudTrailEvent).requestParameters.userName)).toEqual(['u4', 'u3', 'u2']);
    // ISO 8601 strings are accepted too.
    expect((await lookupOk(root, { ...q, StartTime: new Date((t0 + 39) * 1000).toISOString() })).Events).toHaveLength(1);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await lookupOk(root, { ...q, MaxResults: 2, ...(token ? { NextToken: token } : {}) });
      seen.push(...page.Events.map((e) => JSON.parse(e.CloudTrailEvent).requestParameters.userName));
      token = page.NextToken;
      pages++;
      if (token) {
        expect(token).not.toMatch(/[{}":]/);
        // The same token with other parameters, or garbled, is refused.
        expect((await cloudTrail(root, 'LookupEvents', { ...attr('EventName', 'GetUser'), MaxResults: 2, NextToken: token })).body.__type).toBe('InvalidNextTokenException');
        expect((await cloudTrail(root, 'LookupEvents', { ...q, StartTime: t0, NextToken: token })).body.__type).toBe('InvalidNextTokenException');
        expect((await cloudTrail(root, 'LookupEvents', { ...q, NextToken: token.slice(0, -2) + 'zz' })).body.__type).toBe('InvalidNextTokenException');
      }
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(['u5', 'u4', 'u3', 'u2', 'u1']);
    // A page of exactly the remaining events has no NextToken.
    expect((await lookupOk(root, { ...q, MaxResults: 5 })).NextToken).toBeUndefined();
  });

  it("answers CloudTrail's errors in the JSON protocol's form", async () => {
    const { root } = await pacedAccount();
    const err = async (body: unknown, type: string) => {
      const r = await cloudTrail(root, 'LookupEvents', body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(r.body.__type).toBe(type);
      expect(typeof r.body.message).toBe('string');
      return r.body.message as string;
    };
    expect(await err({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'Username', AttributeValue: 'b' }] }, 'InvalidLookupAttributesException')).toMatch(/more than one/);
    await err(attr('Colour', 'blue'), 'InvalidLookupAttributesException');
    await err(attr('EventName', ''), 'InvalidLookupAttributesException');
    await err(attr('EventName', '_'.repeat(1001)), 'InvalidLookupAttributesException');
    await err(attr('ReadOnly', 'maybe'), 'InvalidLookupAttributesException');
    await err({ LookupAttributes: [{ AttributeKey: 'EventName' }] }, 'InvalidLookupAttributesException');
    await err({ MaxResults: 0 }, 'InvalidMaxResultsException');
    await err({ MaxResults: 51 }, 'InvalidMaxResultsException');
    const now = clockNow() / 1000;
    await err({ StartTime: now, EndTime: now - 60 }, 'InvalidTimeRangeException');
    await err({ EventCategory: 'data' }, 'InvalidEventCategoryException');
    await err({ NextToken: 'not-a-token' }, 'InvalidNextTokenException');
    await err({ MaxResults: 'ten' }, 'SerializationException');
    await err({ StartTime: 'yesterday' }, 'SerializationException');
    await err('{"LookupAttributes":', 'SerializationException');
    expect(await lookupOk(root, attr('EventName', '_'.repeat(1000)))).toEqual({ Events: [] });
    // No Insights events are kept.
    await iamOk(root, 'CreateUser', { UserName: 'x' });
    expect(await lookupOk(root, { EventCategory: 'insight' })).toEqual({ Events: [] });
    // Failed lookups are events too, with the error they answered.
    const failedOf = (page: { Events: any[] }) => page.Events.map((e) => JSON.parse(e.CloudTrailEvent).errorCode).filter(Boolean);
    const failed = failedOf(await eventually(() => lookupOk(root, attr('EventSource', 'cloudtrail.amazonaws.com')), (page) => failedOf(page).length >= 2));
    expect(failed).toContain('InvalidMaxResultsException');
    expect(failed).toContain('InvalidTimeRangeException');
  });

  it('is authorized as cloudtrail:LookupEvents: allowed, implicitly denied, explicitly denied', async () => {
    const { accountId, root } = await pacedAccount();
    const bob = await userWithKey(root, 'bob');
    const denied = await cloudTrail(bob, 'LookupEvents');
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      __type: 'AccessDeniedException',
      message: `User: arn:aws:iam::${accountId}:user/bob is not authorized to perform: cloudtrail:LookupEvents on resource: * because no identity-based policy allows the cloudtrail:LookupEvents action`,
    });
    expect(denied.headers.get('x-iam-authorization-message')).toBeTruthy();

    // The refusal changed nothing: its event comes with the object's next batch (root's lookups are root's events).
    await eventually(() => lookupOk(root, attr('Username', 'bob')), (page) => page.Events.length > 0);
    await iamOk(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'ct', PolicyDocument: policy({ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }) });
    const allowed = await lookupOk(bob, attr('Username', 'bob'));
    expect(allowed.Events.map((e) => [e.EventName, JSON.parse(e.CloudTrailEvent).errorCode ?? 'ok'])).toEqual([['LookupEvents', 'AccessDenied']]);

    await iamOk(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'no-trail', PolicyDocument: policy({ Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*' }) });
    const explicit = await cloudTrail(bob, 'LookupEvents');
    expect(explicit.body.__type).toBe('AccessDeniedException');
    expect(explicit.body.message).toContain('with an explicit deny in an identity-based policy');

    // A boundary that does not allow it limits an Allow.
    await iamOk(root, 'DeleteUserPolicy', { UserName: 'bob', PolicyName: 'no-trail' });
    const boundary = (await iamOk(root, 'CreatePolicy', { PolicyName: 'iam-only', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) })).Policy.Arn;
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'bob', PermissionsBoundary: boundary });
    expect((await cloudTrail(bob, 'LookupEvents')).body.__type).toBe('AccessDeniedException');
  });

  it('shows each account only its own trail', async () => {
    const a = await pacedAccount();
    const b = await pacedAccount();
    await iamOk(a.root, 'CreateUser', { UserName: 'only-in-a' });
    await iamOk(b.root, 'CreateUser', { UserName: 'only-in-b' });
    const aEvents = await lookupOk(a.root, attr('EventName', 'CreateUser'));
    const bEvents = await lookupOk(b.root, attr('EventName', 'CreateUser'));
    expect(aEvents.Events.map((e) => JSON.parse(e.CloudTrailEvent).recipientAccountId)).toEqual([a.accountId]);
    expect(bEvents.Events.map((e) => JSON.parse(e.CloudTrailEvent).recipientAccountId)).toEqual([b.accountId]);
    expect(await lookupOk(a.root, attr('EventId', bEvents.Events[0].EventId))).toEqual({ Events: [] });
    expect(await lookupOk(a.root, attr('ResourceName', 'only-in-b'))).toEqual({ Events: [] });
  });

  it('refuses the other operations cleanly, unknown targets, unsigned and mis-scoped requests', async () => {
    const { root } = await pacedAccount();
    for (const op of ['DescribeTrails', 'CreateTrail', 'StartLogging']) {
      const r = await cloudTrail(root, op, {});
      expect(r.status).toBe(400);
      expect(r.body.__type).toBe('UnsupportedOperationException');
      expect(r.body.message).toContain('not available');
    }
    expect((await cloudTrail(root, 'FlyToTheMoon')).body.__type).toBe('UnknownOperationException');
    expect((await cloudTrail(root, 'LookupEvents', {}, 'iam')).body.__type).toBe('InvalidSignatureException');
    const unsigned = await dispatch('https://iam.test/', { method: 'POST', headers: { 'x-amz-target': `${TARGET}.LookupEvents`, 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.status).toBeLessThan(500);
    expect(((await unsigned.json()) as any).__type).toBe('MissingAuthenticationTokenException');
    const forged = await cloudTrail({ accessKeyId: root.accessKeyId, secretAccessKey: 'x'.repeat(40) }, 'LookupEvents');
    expect(forged.body.__type).toBe('InvalidSignatureException');
    const unknownKey = await cloudTrail({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }, 'LookupEvents');
    expect(unknownKey.body.__type).toBe('UnrecognizedClientException');
    // The Query API is unchanged beside it.
    expect((await call(root, 'GetUser')).status).toBe(200);
  });

  it("gives the operator any account's trail, in the same pages and with the same errors", async () => {
    const { accountId, root } = await pacedAccount();
    for (const n of [1, 2, 3]) await iamOk(root, 'CreateUser', { UserName: `op${n}` });
    const first = await operatorEvents(accountId, { attributeKey: 'EventName', attributeValue: 'CreateUser', maxResults: '2' });
    expect(first.status).toBe(200);
    expect(first.body.Events.map((e: any) => JSON.parse(e.CloudTrailEvent).requestParameters.userName)).toEqual(['op3', 'op2']);
    expect(first.body.Events[0].EventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    const second = await operatorEvents(accountId, { attributeKey: 'EventName', attributeValue: 'CreateUser', maxResults: '2', nextToken: first.body.NextToken });
    expect(second.body.Events.map((e: any) => JSON.parse(e.CloudTrailEvent).requestParameters.userName)).toEqual(['op1']);
    expect(second.body.NextToken).toBeUndefined();
    // The operator's reads are not events of the account.
    expect((await lookupOk(root, attr('EventSource', 'cloudtrail.amazonaws.com'))).Events).toHaveLength(0);

    const now = new Date(clockNow());
    expect((await operatorEvents(accountId, { startTime: now.toISOString(), endTime: new Date(now.getTime() - 1000).toISOString() })).body).toMatchObject({ code: 'InvalidTimeRangeException' });
    expect((await operatorEvents(accountId, { maxResults: '99' })).body.code).toBe('InvalidMaxResultsException');
    expect((await operatorEvents(accountId, { attributeKey: 'EventName' })).status).toBe(400);
    expect((await operatorEvents(accountId, { startTime: 'soon' })).status).toBe(400);
    expect((await operatorEvents('000000000001')).status).toBe(404);
    const unauth = await dispatch(`https://iam.test/operator/accounts/${accountId}/events`);
    expect(unauth.status).toBe(401);
    expect((await operator('GET', `/accounts/${accountId}/events?startTime=${Math.floor(clockNow() / 1000) - 3600}`)).status).toBe(200);
  });
});

