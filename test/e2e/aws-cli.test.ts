/**
 * The AWS CLI on PATH (v1, botocore) against the local server: it signs `content-type;host;x-amz-date`,
 * parses the XML with botocore's own model and prints JSON. Exit code 0 on success; a service error
 * exits non-zero (254 in current CLIs, 255 in older ones) with "An error occurred (<Code>)" on stderr.
 */
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, GetUserCommand, ListAccessKeysCommand, ListAttachedUserPoliciesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, iamClient, runAwsCli, type CliResult, type Credentials } from './support/clients';
import { sdkError } from './support/aws';

let accountId: string;
let root: Credentials;

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
});

/** Runs the CLI as root and expects success; returns its parsed JSON output. */
async function cliOk(args: string[], creds: Credentials = root): Promise<CliResult> {
  const r = await runAwsCli(args, creds);
  expect(r.code, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/;

describe('aws CLI', () => {
  it('prints the root identity for `aws sts get-caller-identity`', async () => {
    const r = await cliOk(['sts', 'get-caller-identity']);
    expect(r.json).toEqual({ UserId: accountId, Account: accountId, Arn: `arn:aws:iam::${accountId}:root` });
  });

  it('creates a user with a path and tags with `aws iam create-user`', async () => {
    const r = await cliOk(['iam', 'create-user', '--user-name', 'cli-user', '--path', '/cli/', '--tags', 'Key=team,Value=ops']);
    const user = (r.json as { User: Record<string, unknown> }).User;
    expect(user).toMatchObject({
      Path: '/cli/',
      UserName: 'cli-user',
      Arn: `arn:aws:iam::${accountId}:user/cli/cli-user`,
      Tags: [{ Key: 'team', Value: 'ops' }],
    });
    expect(user.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(user.CreateDate).toMatch(ISO_SECONDS);
  });

  it('lists users with `aws iam list-users`, following Markers with --page-size', async () => {
    // Set-up through the SDK (faster than three CLI runs); the listing is the CLI's.
    const iam = iamClient(root);
    for (const n of ['cli-page-a', 'cli-page-b', 'cli-page-c']) await iam.send(new CreateUserCommand({ UserName: n }));
    const all = await cliOk(['iam', 'list-users']);
    const names = (all.json as { Users: { UserName: string; Arn: string }[] }).Users.map((u) => u.UserName);
    expect([...names].sort()).toEqual(['cli-page-a', 'cli-page-b', 'cli-page-c', 'cli-user']);
    // --page-size 1 makes the CLI send MaxItems=1 and follow each Marker; the result must be identical.
    const paged = await cliOk(['iam', 'list-users', '--page-size', '1']);
    expect((paged.json as { Users: { UserName: string }[] }).Users.map((u) => u.UserName)).toEqual(names);
    // --max-items 2 stops after two and hands back a NextToken.
    const limited = await cliOk(['iam', 'list-users', '--max-items', '2']);
    const lj = limited.json as { Users: unknown[]; NextToken?: string };
    expect(lj.Users).toHaveLength(2);
    expect(lj.NextToken).toEqual(expect.any(String));
  });

  it('creates a working access key with `aws iam create-access-key`', async () => {
    const r = await cliOk(['iam', 'create-access-key', '--user-name', 'cli-user']);
    const key = (r.json as { AccessKey: Record<string, string> }).AccessKey;
    expect(key).toMatchObject({ UserName: 'cli-user', Status: 'Active' });
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.SecretAccessKey).toHaveLength(40);
    expect(key.CreateDate).toMatch(ISO_SECONDS);
    const who = await cliOk(['sts', 'get-caller-identity'], {
      accessKeyId: key.AccessKeyId!,
      secretAccessKey: key.SecretAccessKey!,
    });
    expect(who.json).toMatchObject({ Account: accountId, Arn: `arn:aws:iam::${accountId}:user/cli/cli-user` });
  });

  it('tags a user with `aws iam tag-user` and lists them with `aws iam list-user-tags`', async () => {
    const tag = await cliOk(['iam', 'tag-user', '--user-name', 'cli-user', '--tags', 'Key=env,Value=prod', 'Key=TEAM,Value=sre']);
    expect(tag.stdout.trim()).toBe('');
    // TEAM replaced the tag `team` set at creation (keys are case-insensitive) and took its new spelling.
    const r = await cliOk(['iam', 'list-user-tags', '--user-name', 'cli-user']);
    expect(r.json).toEqual({
      Tags: [
        { Key: 'TEAM', Value: 'sre' },
        { Key: 'env', Value: 'prod' },
      ],
    });
  });

  it('refuses `aws iam delete-user` of a user holding a key with DeleteConflict, then deletes it once the key is gone', async () => {
    const conflict = await runAwsCli(['iam', 'delete-user', '--user-name', 'cli-user'], root);
    expect([254, 255]).toContain(conflict.code);
    expect(conflict.stderr).toContain('An error occurred (DeleteConflict) when calling the DeleteUser operation');
    expect(conflict.stderr).toContain('Cannot delete entity, must delete access keys first.');

    // Remove the key through the SDK, then the CLI's delete-user succeeds with no output.
    const iam = iamClient(root);
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: 'cli-user' }))).AccessKeyMetadata!;
    expect(keys).toHaveLength(1);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'cli-user', AccessKeyId: keys[0]!.AccessKeyId! }));
    const del = await cliOk(['iam', 'delete-user', '--user-name', 'cli-user']);
    expect(del.stdout.trim()).toBe('');
    const e = await sdkError(iam.send(new GetUserCommand({ UserName: 'cli-user' })));
    expect(e.Code).toBe('NoSuchEntity');
  });

  it('generates and reads the credential report with `aws iam generate-credential-report` and `get-credential-report`', async () => {
    const started = await cliOk(['iam', 'generate-credential-report']);
    expect((started.json as { State: string }).State).toBe('STARTED');
    const report = (await cliOk(['iam', 'get-credential-report'])).json as { Content: string; ReportFormat: string; GeneratedTime: string };
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime).toMatch(ISO_SECONDS);
    // The CLI prints the blob in base64, as botocore received it.
    const lines = Buffer.from(report.Content, 'base64').toString('utf8').split('\n');
    expect(lines[0]).toMatch(/^user,arn,user_creation_time,password_enabled,.*,cert_2_last_rotated$/);
    expect(lines[1]).toMatch(new RegExp(`^<root_account>,arn:aws:iam::${accountId}:root,`));
    expect(lines.some((l) => l.startsWith(`cli-page-a,arn:aws:iam::${accountId}:user/cli-page-a,`))).toBe(true);
  });

  it('reports a user\'s last access with `aws iam generate-service-last-accessed-details` and `get-service-last-accessed-details`', async () => {
    // Set-up and the user's one call through the SDK; the report is the CLI's (the job is complete at once).
    const iam = iamClient(root);
    await iam.send(new CreateUserCommand({ UserName: 'cli-la' }));
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: 'cli-la', PolicyName: 'get', PolicyDocument: doc }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'cli-la' }))).AccessKey!;
    await iamClient({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new GetUserCommand({}));
    const userArn = `arn:aws:iam::${accountId}:user/cli-la`;
    const job = (await cliOk(['iam', 'generate-service-last-accessed-details', '--arn', userArn, '--granularity', 'ACTION_LEVEL'])).json as { JobId: string };
    expect(job.JobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const r = (await cliOk(['iam', 'get-service-last-accessed-details', '--job-id', job.JobId])).json as Record<string, any>;
    expect(r).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', IsTruncated: false });
    expect(r.ServicesLastAccessed).toEqual([
      {
        ServiceName: 'AWS Identity and Access Management',
        ServiceNamespace: 'iam',
        LastAuthenticated: expect.stringMatching(ISO_SECONDS),
        LastAuthenticatedEntity: userArn,
        LastAuthenticatedRegion: 'us-east-1',
        TotalAuthenticatedEntities: 1,
        TrackedActionsLastAccessed: [{ ActionName: 'GetUser', LastAccessedEntity: userArn, LastAccessedTime: expect.stringMatching(ISO_SECONDS), LastAccessedRegion: 'us-east-1' }],
      },
    ]);
  });

  it('creates a service-linked role for the catalog service acme, and reads an absent feature\'s error code', async () => {
    const created = (await cliOk(['iam', 'create-service-linked-role', '--aws-service-name', 'acme.amazonaws.com'])).json as { Role: Record<string, string> };
    expect(created.Role).toMatchObject({ RoleName: 'AWSServiceRoleForAcme', Path: '/aws-service-role/acme.amazonaws.com/', Arn: `arn:aws:iam::${accountId}:role/aws-service-role/acme.amazonaws.com/AWSServiceRoleForAcme` });
    // botocore maps the code to the model's OrganizationNotFoundException (no `error` trait: the shape's name).
    const features = await runAwsCli(['iam', 'list-organizations-features'], root);
    expect(features.code).not.toBe(0);
    expect(features.stderr).toContain('An error occurred (OrganizationNotFoundException) when calling the ListOrganizationsFeatures operation');
  });

  it('attaches an AWS-managed policy of the seeded catalog by ARN with `aws iam attach-user-policy`', async () => {
    // Any of AWS's ~1,600 managed policies, as infrastructure code names them (catalog/aws-managed-policies/).
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
    const iam = iamClient(root);
    await iam.send(new CreateUserCommand({ UserName: 'cli-s3-reader' }));
    const r = await cliOk(['iam', 'attach-user-policy', '--user-name', 'cli-s3-reader', '--policy-arn', arn]);
    expect(r.stdout.trim()).toBe('');
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'cli-s3-reader' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: arn }]);
  });

  it('shows AWS\'s ValidationError for an invalid user name', async () => {
    const r = await runAwsCli(['iam', 'create-user', '--user-name', 'bad name!'], root);
    expect([254, 255]).toContain(r.code);
    expect(r.stderr).toContain(
      "An error occurred (ValidationError) when calling the CreateUser operation: 1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  it('fails with SignatureDoesNotMatch in stderr for a profile whose secret is wrong', async () => {
    const wrong = { accessKeyId: root.accessKeyId, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const results = await Promise.all([['sts', 'get-caller-identity'], ['iam', 'list-users']].map((args) => runAwsCli(args, wrong)));
    for (const r of results) {
      expect([254, 255]).toContain(r.code);
      expect(r.stdout.trim()).toBe('');
      expect(r.stderr).toContain('An error occurred (SignatureDoesNotMatch)');
    }
  });

  it('fails with InvalidClientTokenId in stderr for a profile whose key id is unknown', async () => {
    const r = await runAwsCli(['iam', 'list-users'], { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: root.secretAccessKey });
    expect([254, 255]).toContain(r.code);
    expect(r.stderr).toContain('An error occurred (InvalidClientTokenId) when calling the ListUsers operation: The security token included in the request is invalid.');
  });
});
