/**
 * `aws cloudtrail lookup-events` (the AWS CLI v1 on PATH, botocore's JSON 1.1 client) against the local
 * server's IAM endpoint: the account's IAM calls by lookup attribute and time range, the CLI's automatic
 * pagination over `--page-size` pages and `--max-items`, one `--max-results` page and its `--next-token`, CloudTrail's errors, and the other CloudTrail
 * commands refused cleanly; LookupEvents' 2 calls/s, answered with the ThrottlingException botocore retries.
 */
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, iamClient, runAwsCli, type Credentials } from './support/clients';

let accountId: string;
let root: Credentials;
let start: string;

interface Page {
  Events: { EventId: string; EventName: string; ReadOnly: string; EventTime: number; Username: string; Resources: { ResourceType: string; ResourceName: string }[]; CloudTrailEvent: string }[];
  NextToken?: string;
}

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
  start = new Date(Date.now() - 60_000).toISOString();
  const iam = iamClient(root);
  for (const n of ['trail-a', 'trail-b', 'trail-c']) await iam.send(new CreateUserCommand({ UserName: n }));
});

const byName = ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateUser'];

describe('aws cloudtrail lookup-events', () => {
  it('finds the IAM calls by event name and time range, following NextToken over one-event pages (--page-size)', async () => {
    const r = await runAwsCli([...byName, '--start-time', start, '--page-size', '1'], root);
    expect(r.code, r.stderr).toBe(0);
    const page = r.json as Page;
    expect(page.NextToken).toBeUndefined();
    expect(page.Events.map((e) => JSON.parse(e.CloudTrailEvent).requestParameters.userName)).toEqual(['trail-c', 'trail-b', 'trail-a']);
    const [first] = page.Events;
    expect(first).toMatchObject({ EventName: 'CreateUser', ReadOnly: 'false', Username: 'root', Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'trail-c' }] });
    // CLI v1 prints timestamps as the wire carries them (cli_timestamp_format "none"): JSON 1.1's epoch seconds.
    expect(typeof first!.EventTime).toBe('number');
    expect(first!.EventTime * 1000).toBeGreaterThan(Date.parse(start));
    const record = JSON.parse(first!.CloudTrailEvent);
    expect(record).toMatchObject({ eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1', recipientAccountId: accountId, eventID: first!.EventId, userIdentity: { type: 'Root', accountId } });
  });

  it('answers one page for --max-results (the CLI then does not paginate), its NextToken resuming', async () => {
    const r = await runAwsCli([...byName, '--start-time', start, '--max-results', '1'], root);
    expect(r.code, r.stderr).toBe(0);
    const page = r.json as Page;
    expect(page.Events.map((e) => JSON.parse(e.CloudTrailEvent).requestParameters.userName)).toEqual(['trail-c']);
    const next = await runAwsCli([...byName, '--start-time', start, '--max-results', '2', '--next-token', page.NextToken!], root);
    expect(next.code, next.stderr).toBe(0);
    expect((next.json as Page).Events.map((e) => JSON.parse(e.CloudTrailEvent).requestParameters.userName)).toEqual(['trail-b', 'trail-a']);
    // The token belongs to its query: without --start-time it is another query.
    const other = await runAwsCli([...byName, '--next-token', page.NextToken!], root);
    expect(other.stderr).toContain('InvalidNextTokenException');
  });

  it('stops at --max-items with a NextToken the CLI resumes from', async () => {
    const r = await runAwsCli([...byName, '--max-items', '2'], root);
    expect(r.code, r.stderr).toBe(0);
    const page = r.json as Page;
    expect(page.Events).toHaveLength(2);
    expect(page.NextToken).toEqual(expect.any(String));
    const rest = await runAwsCli([...byName, '--max-items', '2', '--starting-token', page.NextToken!], root);
    expect(rest.code, rest.stderr).toBe(0);
    expect((rest.json as Page).Events.map((e) => JSON.parse(e.CloudTrailEvent).requestParameters.userName)).toEqual(['trail-a']);
  });

  it('is throttled past two lookups a second per account, an error the CLI retries', async () => {
    const { credentials } = await createAccountWithRootKeys();
    const iam = iamClient(credentials);
    for (let i = 0; i < 6; i++) await iam.send(new CreateUserCommand({ UserName: `paged-${i}` }));
    // One-event pages follow each other faster than two a second: without retries, a page is refused.
    const once = await runAwsCli([...byName, '--page-size', '1'], credentials, { env: { AWS_MAX_ATTEMPTS: '1' } });
    expect(once.code).not.toBe(0);
    expect(once.stderr).toContain('(ThrottlingException)');
    expect(once.stderr).toContain('Rate exceeded');
    // With its default retries, the CLI waits and reads every page.
    const retried = await runAwsCli([...byName, '--page-size', '1'], credentials);
    expect(retried.code, retried.stderr).toBe(0);
    expect((retried.json as Page).Events.map((e) => JSON.parse(e.CloudTrailEvent).requestParameters.userName)).toEqual([5, 4, 3, 2, 1, 0].map((i) => `paged-${i}`));
  });

  it("answers CloudTrail's errors and refuses the other commands", async () => {
    const now = new Date().toISOString();
    const reversed = await runAwsCli(['cloudtrail', 'lookup-events', '--start-time', now, '--end-time', start], root);
    expect(reversed.code).not.toBe(0);
    expect(reversed.stderr).toContain('InvalidTimeRangeException');
    const two = await runAwsCli(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateUser', 'AttributeKey=Username,AttributeValue=root'], root);
    expect(two.code).not.toBe(0);
    expect(two.stderr).toContain('InvalidLookupAttributesException');
    const trails = await runAwsCli(['cloudtrail', 'describe-trails'], root);
    expect(trails.code).not.toBe(0);
    expect(trails.stderr).toContain('UnsupportedOperationException');
    const noKey = await runAwsCli(['cloudtrail', 'lookup-events'], { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) });
    expect(noKey.stderr).toContain('UnrecognizedClientException');
  });
});
