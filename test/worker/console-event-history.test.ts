/**
 * The console's Event history (issue 11 §1): the account's events newest first through LookupEvents as the
 * signed-in principal, filtered by a lookup attribute and a time range, 50 a page with Next and Previous,
 * each event's record viewable; a principal without cloudtrail:LookupEvents sees CloudTrail's refusal in
 * place of the list; bad filters get CloudTrail's errors; what events carry is shown escaped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { auditEventOf } from '../../src/services/audit/event';
import type { StoredEvent } from '../../src/core/audit/event';
import { iamOk, policy, type Keys } from './support';
import { DAY_MS, fakeClock, pacedClock } from './audit-upkeep-support';
import { accountWithRoot, Browser, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const PAGE = '/console/iam/event-history';
/** The recorded STS events: a minute apart, ending a month ago (well inside retention, whenever this runs). */
const COUNT = 60;
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 86_400_000;
const XSS = '<img src=x onerror=alert(1)>';

let accountId: string;
let root: Keys;
let admin: Browser;
let auditor: Browser;
let nobody: Browser;
let sts: StoredEvent[];
let hostile: StoredEvent;

function stsEvent(i: number): StoredEvent {
  return auditEventOf({
    eventId: crypto.randomUUID(),
    eventSource: 'sts.amazonaws.com',
    eventName: i % 3 === 0 ? 'AssumeRole' : 'GetCallerIdentity',
    identity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${accountId}:user/alice`, accountId, accessKeyId: `AKIAEXAMPLE${i}`, userName: 'alice' },
    recipientAccountId: accountId,
    facts: { requestId: `req-${i}`, now: new Date(T0 + i * 60_000), region: 'us-east-1', sourceIp: '192.0.2.1', userAgent: 'aws-cli/1.45' },
    request: i % 3 === 0 ? { RoleArn: `arn:aws:iam::${accountId}:role/r${i}`, RoleSessionName: 's' } : {},
    readOnly: i % 3 !== 0,
    resources: i % 3 === 0 ? [{ type: 'AWS::IAM::Role', name: `arn:aws:iam::${accountId}:role/r${i}` }] : [],
  });
}

const text = async (res: Response) => res.text();
/** The event ids of a page's table rows, in order. */
const idsOn = (html: string) => [...html.matchAll(/event-history\/event\?id=([0-9a-f-]{36})"/g)].map((m) => m[1]);
const idsOf = (events: StoredEvent[]) => events.map((e) => e.eventId);
/** An href of the page, unescaped for following. */
const hrefOf = (html: string, id: string) => {
  const m = new RegExp(`href="([^"]*)"[^>]*id="${id}"|id="${id}"[^>]*href="([^"]*)"`).exec(html) ?? new RegExp(`<a href="([^"]*)" rel="[a-z]+" id="${id}"`).exec(html);
  return m ? (m[1] ?? m[2])!.replace(/&amp;/g, '&') : undefined;
};
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19);

beforeAll(async () => {
  let email: string;
  ({ accountId, root, email } = await accountWithRoot());
  sts = Array.from({ length: COUNT }, (_, i) => stsEvent(i));
  hostile = auditEventOf({
    eventId: crypto.randomUUID(),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    identity: { type: 'IAMUser', principalId: 'AIDAHOSTILE', arn: `arn:aws:iam::${accountId}:user/x`, accountId, userName: XSS },
    recipientAccountId: accountId,
    facts: { requestId: 'req-x', now: new Date(T0 - 60_000), region: 'us-east-1', sourceIp: '192.0.2.9', userAgent: '<script>alert(2)</script>' },
    request: null,
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
  });
  const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
  expect(await stub.recordEvents(accountId, [hostile, ...sts])).toMatchObject({ recorded: COUNT + 1 });
  admin = await signedIn(accountId, email, ROOT_PW, true);
  await userWithPassword(root, 'auditor');
  await iamOk(root, 'PutUserPolicy', { UserName: 'auditor', PolicyName: 'trail', PolicyDocument: policy({ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }) });
  await userWithPassword(root, 'nobody');
  [auditor, nobody] = await Promise.all([signedIn(accountId, 'auditor', USER_PW), signedIn(accountId, 'nobody', USER_PW)]);
  // The pages are read faster than a person reads them: paced under LookupEvents' rate limit.
  await pacedClock(accountId);
});

describe('console event history', () => {
  it('lists the newest events first, IAM calls included, and is in the navigation', async () => {
    const res = await admin.get(PAGE);
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain('<a href="/console/iam/event-history" aria-current="page">Event history</a>');
    // The newest events: the IAM calls that set up the users (recorded by the object), then the STS ones.
    expect(html).toMatch(/<td><a href="\/console\/iam\/event-history\/event\?id=[0-9a-f-]{36}">PutUserPolicy<\/a><\/td><td>20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/td><td>root<\/td><td>iam.amazonaws.com<\/td>/);
    const ids = idsOn(html);
    expect(ids).toHaveLength(50);
    const stsShown = ids.filter((id) => sts.some((e) => e.eventId === id));
    expect(stsShown).toEqual(idsOf(sts).reverse().slice(0, stsShown.length));
    // An AssumeRole row shows its resource's type and name.
    expect(html).toContain(`<td><div>AWS::IAM::Role</div></td><td><div>arn:aws:iam::${accountId}:role/r57</div></td>`);
  });

  it('filters by each kind of lookup attribute and by a time range', async () => {
    const byName = await text(await auditor.get(`${PAGE}?key=EventName&value=AssumeRole`));
    expect(idsOn(byName)).toEqual(idsOf(sts.filter((_, i) => i % 3 === 0)).reverse());
    expect(byName).toMatch(/<option value="EventName" selected="">Event name<\/option>/);
    const byKey = await text(await auditor.get(`${PAGE}?key=AccessKeyId&value=AKIAEXAMPLE7`));
    expect(idsOn(byKey)).toEqual([sts[7]!.eventId]);
    const readOnly = await text(await auditor.get(`${PAGE}?key=ReadOnly&value=false&start=${utc(T0 - 3_600_000)}&end=${utc(T0 + 10 * 60_000)}`));
    expect(idsOn(readOnly)).toEqual([sts[9]!, sts[6]!, sts[3]!, sts[0]!, hostile].map((e) => e.eventId));
    const range = await text(await auditor.get(`${PAGE}?start=${utc(T0 + 60_000)}&end=${utc(T0 + 3 * 60_000).slice(0, 16)}`));
    expect(idsOn(range)).toEqual(idsOf([sts[3]!, sts[2]!, sts[1]!]));
    expect(range).toContain(`<input id="start" name="start" type="datetime-local" step="1" value="${utc(T0 + 60_000)}"/>`);
    // A key with no value filters nothing, as AWS's console before a value is typed.
    expect(idsOn(await text(await auditor.get(`${PAGE}?key=Username&value=&end=${utc(T0 + 60 * 60_000)}`)))).toHaveLength(50);
  });

  it('pages through with Next and Previous, keeping the filters', async () => {
    const first = await text(await auditor.get(`${PAGE}?key=EventSource&value=sts.amazonaws.com`));
    expect(idsOn(first)).toEqual(idsOf(sts).reverse().slice(0, 50));
    expect(first).not.toContain('id="previous-page"');
    const next = hrefOf(first, 'next-page')!;
    expect(next).toContain('key=EventSource&value=sts.amazonaws.com');
    const second = await text(await auditor.get(next));
    expect(idsOn(second)).toEqual(idsOf(sts).reverse().slice(50));
    expect(second).not.toContain('id="next-page"');
    const back = await text(await auditor.get(hrefOf(second, 'previous-page')!));
    expect(idsOn(back)).toEqual(idsOn(first));
    expect(back).not.toContain('id="previous-page"');
  });

  it("shows an event's record, and says so for an id that is not in the trail", async () => {
    const list = await text(await auditor.get(`${PAGE}?key=EventId&value=${sts[3]!.eventId}`));
    expect(idsOn(list)).toEqual([sts[3]!.eventId]);
    const res = await auditor.get(`${PAGE}/event?id=${sts[3]!.eventId}`);
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain('<h1>Event AssumeRole</h1>');
    expect(html).toContain(`<dd id="event-id">${sts[3]!.eventId}</dd>`);
    const pre = /<pre id="event-record-json" tabindex="0">([\s\S]*?)<\/pre>/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(JSON.parse(pre)).toEqual(JSON.parse(sts[3]!.record));
    expect(pre).toContain('\n  "eventVersion": ');
    const missing = await auditor.get(`${PAGE}/event?id=${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(await text(missing)).toContain('No event with this ID is in this account&#39;s event history.');
  });

  it("shows CloudTrail's refusal in place of the list to a principal without cloudtrail:LookupEvents", async () => {
    const res = await nobody.get(PAGE);
    expect(res.status).toBe(403);
    const html = await text(res);
    expect(html).toContain(`<strong>AccessDenied</strong>: <span class="message">User: arn:aws:iam::${accountId}:user/nobody is not authorized to perform: cloudtrail:LookupEvents on resource: `);
    expect(html).not.toContain('id="events"');
    expect(idsOn(html)).toEqual([]);
    const one = await nobody.get(`${PAGE}/event?id=${sts[0]!.eventId}`);
    expect(one.status).toBe(403);
    expect(await text(one)).not.toContain(sts[0]!.eventId.slice(0, 8) + '</dd>');
  });

  it("answers bad filters with CloudTrail's errors", async () => {
    const reversed = await auditor.get(`${PAGE}?start=${utc(T0)}&end=${utc(T0 - 60_000)}`);
    expect(reversed.status).toBe(400);
    expect(await text(reversed)).toContain('<strong>InvalidTimeRangeException</strong>');
    const garbled = await auditor.get(`${PAGE}?start=yesterday`);
    expect([garbled.status, (await text(garbled)).includes('<strong>InvalidTimeRangeException</strong>')]).toEqual([400, true]);
    const key = await auditor.get(`${PAGE}?key=Colour&value=blue`);
    expect([key.status, (await text(key)).includes('<strong>InvalidLookupAttributesException</strong>')]).toEqual([400, true]);
    const token = await auditor.get(`${PAGE}?token=bm90LWEtdG9rZW4`);
    expect([token.status, (await text(token)).includes('<strong>InvalidNextTokenException</strong>')]).toEqual([400, true]);
    // A token of one filter does not page another.
    const first = await text(await auditor.get(`${PAGE}?key=EventSource&value=sts.amazonaws.com`));
    const moved = new URL(hrefOf(first, 'next-page')!, 'https://x');
    moved.searchParams.set('value', 'iam.amazonaws.com');
    expect((await auditor.get(`${moved.pathname}${moved.search}`)).status).toBe(400);
  });

  it('shows what events carry escaped: a user name and a user agent that are markup', async () => {
    const list = await text(await admin.get(`${PAGE}?key=EventName&value=ConsoleLogin`));
    expect(idsOn(list)).toContain(hostile.eventId);
    expect(list).toContain('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(list).not.toContain(XSS);
    const one = await text(await admin.get(`${PAGE}/event?id=${hostile.eventId}`));
    expect(one).toContain('<dd id="event-username">&lt;img src=x onerror=alert(1)&gt;</dd>');
    expect(one).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(one).not.toContain('<script>alert');
    expect(one).not.toContain(XSS);
  });

  it("shows LookupEvents' throttling in place of the list past two pages a second, which the API shares", async () => {
    // The object's clock stands still, past the paced one (this test is the file's last: the others are paced).
    await fakeClock(accountId, Date.now() + 2 * DAY_MS);
    const pages = [await auditor.get(PAGE), await admin.get(PAGE), await auditor.get(PAGE)];
    expect(pages.map((p) => p.status)).toEqual([200, 200, 400]);
    const html = await text(pages[2]!);
    expect(html).toContain('<strong>ThrottlingException</strong>');
    expect(html).toContain('Rate exceeded');
    expect(idsOn(html)).toEqual([]);
  });
});
