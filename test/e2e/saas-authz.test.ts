/**
 * Authorization of acme's routes by tenants' IAM policies, end to end: a role session allowed through
 * its role (AssumeRole via this service's STS, the session's keys used with curl and
 * `x-amz-security-token`), `aws:ResourceTag/*`, `aws:RequestTag/*` and acme's own condition key
 * `acme:ProjectVisibility`, an explicit deny, the list page filtered by a plan (and by a batch for rows
 * the plan cannot settle), and tenants kept apart: a project tenant A shares with tenant B by a resource
 * policy is readable by B, and nothing else of A is, nor anything of B by A.
 */
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, iamClient, stsClient, type Credentials } from './support/clients';
import { userWithKey } from './support/aws';
import { createRole, credentialsOf, policy, putUserPolicy, trustAccount } from './support/sts';
import {
  expectRefused,
  expectStatus,
  explicitDeny,
  implicitDeny,
  jsonOf,
  viaAws4fetch,
  viaBotocore,
  viaCurl,
  viaSmithy,
} from './support/acme';

interface Tenant {
  accountId: string;
  root: Credentials;
}
const arnOf = (t: Tenant, id: string) => `arn:aws:acme:us-east-1:${t.accountId}:project/${id}`;

let A: Tenant;
let B: Tenant;
let adminA: Credentials;
let adminB: Credentials;

const newTenant = async (): Promise<Tenant> => {
  const { accountId, credentials } = await createAccountWithRootKeys();
  return { accountId, root: credentials };
};

async function project(who: Credentials, name: string, tags: Record<string, string> = {}, visibility = 'private'): Promise<string> {
  const a = await viaAws4fetch(who, { method: 'POST', path: '/projects', json: { name, tags, visibility } });
  expectStatus(a, 201);
  return jsonOf(a).projectId as string;
}

beforeAll(async () => {
  [A, B] = await Promise.all([newTenant(), newTenant()]);
  for (const [t, set] of [
    [A, (c: Credentials) => (adminA = c)],
    [B, (c: Credentials) => (adminB = c)],
  ] as const) {
    const iam = iamClient(t.root);
    const admin = await userWithKey(iam, 'admin');
    await putUserPolicy(iam, 'admin', policy({ Effect: 'Allow', Action: 'acme:*', Resource: '*' }));
    set(admin.credentials);
  }
});

describe('a role session', () => {
  it('is allowed through its role, and refused what its role does not allow (curl with x-amz-security-token)', async () => {
    const iam = iamClient(A.root);
    const red = await project(adminA, 'red', { team: 'red' });
    const blue = await project(adminA, 'blue', { team: 'blue' });
    const roleArn = await createRole(
      iam,
      'acme-red-editor',
      trustAccount(A.accountId),
      policy(
        { Effect: 'Allow', Action: 'acme:GetProject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } } },
        // Documents carry no tags of their own (the catalog declares no condition keys for them): by ARN.
        { Effect: 'Allow', Action: ['acme:PutDocument', 'acme:GetDocument'], Resource: `${arnOf(A, red)}/document/*` },
        { Effect: 'Allow', Action: 'acme:ListProjects', Resource: '*' },
      ),
    );
    const alice = await userWithKey(iam, 'alice');
    await putUserPolicy(iam, 'alice', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }));
    const out = await stsClient(alice.credentials).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'alice-session' }));
    const session = credentialsOf(out.Credentials);
    expect(session.accessKeyId).toMatch(/^ASIA/);

    const got = await viaCurl(session, { path: `/projects/${red}` });
    expectStatus(got, 200);
    expect(jsonOf(got)).toMatchObject({ projectId: red, tags: { team: 'red' } });
    expectStatus(await viaBotocore(session, { method: 'PUT', path: `/projects/${red}/documents/notes`, text: 'from a role' }), 200);
    expectRefused(await viaBotocore(session, { method: 'PUT', path: `/projects/${blue}/documents/notes`, text: 'from a role' }), {
      status: 403,
      code: 'AccessDeniedException',
      message: implicitDeny(`arn:aws:sts::${A.accountId}:assumed-role/acme-red-editor/alice-session`, 'acme:PutDocument', `${arnOf(A, blue)}/document/notes`),
    });

    const sessionArn = `arn:aws:sts::${A.accountId}:assumed-role/acme-red-editor/alice-session`;
    expectRefused(await viaCurl(session, { path: `/projects/${blue}` }), {
      status: 403,
      code: 'AccessDeniedException',
      message: implicitDeny(sessionArn, 'acme:GetProject', arnOf(A, blue)),
    });
    // alice's own keys have no acme: permission at all.
    expectRefused(await viaCurl(alice.credentials, { path: `/projects/${red}` }), {
      status: 403,
      code: 'AccessDeniedException',
      message: implicitDeny(alice.arn, 'acme:GetProject', arnOf(A, red)),
    });
  });
});

describe('condition keys', () => {
  let tagged: Credentials;
  let taggedArn: string;
  beforeAll(async () => {
    const iam = iamClient(A.root);
    const u = await userWithKey(iam, 'tagged');
    tagged = u.credentials;
    taggedArn = u.arn;
    await putUserPolicy(
      iam,
      'tagged',
      policy(
        { Effect: 'Allow', Action: ['acme:GetProject', 'acme:DeleteProject', 'acme:UntagProject', 'acme:GetDocument'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'green' } } },
        { Effect: 'Allow', Action: 'acme:CreateProject', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'green' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost'] } } },
        { Effect: 'Allow', Action: 'acme:ListProjects', Resource: '*' },
        { Sid: 'NoPublicDeletes', Effect: 'Deny', Action: 'acme:DeleteProject', Resource: '*', Condition: { StringEquals: { 'acme:ProjectVisibility': 'public' } } },
      ),
    );
  });

  it('aws:ResourceTag: allowed on a green project, refused on another, and refused once the tag is removed', async () => {
    const green = await project(adminA, 'g', { team: 'green' });
    const other = await project(adminA, 'o', { team: 'orange' });
    expectStatus(await viaSmithy(tagged, { path: `/projects/${green}` }), 200);
    // A document carries its project's tags.
    for (const id of [green, other]) expectStatus(await viaAws4fetch(adminA, { method: 'PUT', path: `/projects/${id}/documents/doc`, text: id }), 200);
    expect((await viaSmithy(tagged, { path: `/projects/${green}/documents/doc` })).body).toBe(green);
    expectRefused(await viaSmithy(tagged, { path: `/projects/${other}/documents/doc` }), {
      status: 403,
      code: 'AccessDeniedException',
      message: implicitDeny(taggedArn, 'acme:GetDocument', `${arnOf(A, other)}/document/doc`),
    });
    expectRefused(await viaSmithy(tagged, { path: `/projects/${other}` }), {
      status: 403,
      code: 'AccessDeniedException',
      message: implicitDeny(taggedArn, 'acme:GetProject', arnOf(A, other)),
    });
    expectStatus(await viaAws4fetch(tagged, { method: 'DELETE', path: `/projects/${green}/tags?tagKeys=team` }), 204);
    expectRefused(await viaSmithy(tagged, { path: `/projects/${green}` }), { status: 403, code: 'AccessDeniedException' });
  });

  it('aws:RequestTag and aws:TagKeys decide what may be created', async () => {
    expectStatus(await viaAws4fetch(tagged, { method: 'POST', path: '/projects', json: { name: 'ok', tags: { team: 'green', cost: '7' } } }), 201);
    expectRefused(await viaAws4fetch(tagged, { method: 'POST', path: '/projects', json: { name: 'no', tags: { team: 'red' } } }), { status: 403, code: 'AccessDeniedException' });
    expectRefused(await viaAws4fetch(tagged, { method: 'POST', path: '/projects', json: { name: 'no', tags: { team: 'green', secret: 'x' } } }), { status: 403, code: 'AccessDeniedException' });
  });

  it('acme:ProjectVisibility: an explicit deny wins over the allow', async () => {
    const pub = await project(adminA, 'pub', { team: 'green' }, 'public');
    const priv = await project(adminA, 'priv', { team: 'green' }, 'private');
    expectRefused(await viaAws4fetch(tagged, { method: 'DELETE', path: `/projects/${pub}` }), {
      status: 403,
      code: 'AccessDeniedException',
      message: explicitDeny(taggedArn, 'acme:DeleteProject', arnOf(A, pub)),
    });
    expectStatus(await viaAws4fetch(tagged, { method: 'DELETE', path: `/projects/${priv}` }), 204);
    expectStatus(await viaAws4fetch(adminA, { path: `/projects/${pub}` }), 200);
  });

  it('the list page shows exactly the projects the caller may read', async () => {
    const iam = iamClient(A.root);
    const lister = await userWithKey(iam, 'lister');
    await putUserPolicy(
      iam,
      'lister',
      policy(
        { Effect: 'Allow', Action: 'acme:ListProjects', Resource: '*' },
        { Effect: 'Allow', Action: 'acme:GetProject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/list': 'yes' } } },
      ),
    );
    const yes1 = await project(adminA, 'y1', { list: 'yes' });
    const yes2 = await project(adminA, 'y2', { list: 'yes' });
    const no = await project(adminA, 'n', { list: 'no' });
    // Not tagged for the lister, but its resource policy names the lister: decided per row (batch).
    const byPolicy = await project(adminA, 'rp');
    const rp = policy({ Effect: 'Allow', Principal: { AWS: lister.arn }, Action: 'acme:GetProject', Resource: arnOf(A, byPolicy) });
    expectStatus(await viaAws4fetch(adminA, { method: 'PUT', path: `/projects/${byPolicy}/policy`, json: { policy: rp } }), 204);

    const list = await viaAws4fetch(lister.credentials, { path: '/projects?maxResults=100' });
    expectStatus(list, 200);
    // The plan was acme's SQL (exact), and only the project with a resource policy needed its own decision.
    expect({ plan: list.headers['x-acme-list-plan'], batched: list.headers['x-acme-list-batched'] }).toEqual({ plan: 'sql', batched: '1' });
    const ids = jsonOf(list).projects.map((p: { projectId: string }) => p.projectId);
    expect(ids).toEqual(expect.arrayContaining([yes1, yes2, byPolicy]));
    expect(ids).not.toContain(no);
    // Every listed project is one the lister can read on its own (no over-listing).
    for (const id of ids) expectStatus(await viaAws4fetch(lister.credentials, { path: `/projects/${id}` }), 200);
    expectRefused(await viaAws4fetch(lister.credentials, { path: `/projects/${no}` }), { status: 403, code: 'AccessDeniedException' });
  });
});

describe('batch decisions', () => {
  it("GET /projects/{id}/permissions: a UI's buttons in one batch, as the caller's policies and the project's say", async () => {
    const iam = iamClient(A.root);
    const viewer = await userWithKey(iam, 'viewer');
    await putUserPolicy(
      iam,
      'viewer',
      policy(
        { Effect: 'Allow', Action: ['acme:GetProject', 'acme:ListDocuments', 'acme:TagProject'], Resource: '*' },
        { Effect: 'Deny', Action: 'acme:TagProject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/locked': 'yes' } } },
      ),
    );
    const open = await project(adminA, 'open');
    const locked = await project(adminA, 'locked', { locked: 'yes' });
    const rp = policy({ Effect: 'Allow', Principal: { AWS: viewer.arn }, Action: 'acme:DeleteProject', Resource: arnOf(A, open) });
    expectStatus(await viaAws4fetch(adminA, { method: 'PUT', path: `/projects/${open}/policy`, json: { policy: rp } }), 204);

    const a = await viaSmithy(viewer.credentials, { path: `/projects/${open}/permissions` });
    expectStatus(a, 200);
    expect(jsonOf(a).allowed).toEqual({
      GetProject: true,
      DeleteProject: true, // by the project's resource policy
      GetProjectPolicy: false,
      PutProjectPolicy: false,
      TagProject: true,
      UntagProject: false,
      ListDocuments: true,
    });
    const b = await viaSmithy(viewer.credentials, { path: `/projects/${locked}/permissions` });
    expectStatus(b, 200);
    expect(jsonOf(b).allowed).toMatchObject({ GetProject: true, DeleteProject: false, TagProject: false, ListDocuments: true });
    // And each button's answer is what the action itself gets.
    expectRefused(await viaSmithy(viewer.credentials, { method: 'POST', path: `/projects/${locked}/tags`, json: { tags: { a: 'b' } } }), {
      status: 403,
      code: 'AccessDeniedException',
      message: explicitDeny(viewer.arn, 'acme:TagProject', arnOf(A, locked)),
    });
    expectStatus(await viaSmithy(viewer.credentials, { method: 'POST', path: `/projects/${open}/tags`, json: { tags: { a: 'b' } } }), 204);
  });
});

describe('tenants apart, and sharing by resource policy', () => {
  let shared: string;
  let unshared: string;
  let bOwn: string;
  let bob: { arn: string; credentials: Credentials };

  beforeAll(async () => {
    shared = await project(adminA, 'shared with B', { team: 'red' });
    unshared = await project(adminA, 'A only', { team: 'red' });
    bOwn = await project(adminB, 'B own');
    await viaAws4fetch(adminA, { method: 'PUT', path: `/projects/${shared}/documents/spec`, text: 'shared doc' });
    await viaAws4fetch(adminA, { method: 'PUT', path: `/projects/${unshared}/documents/spec`, text: 'secret doc' });
    const rp = policy({
      Sid: 'ShareWithB',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${B.accountId}:root` },
      Action: ['acme:GetProject', 'acme:GetDocument'],
      Resource: [arnOf(A, shared), `${arnOf(A, shared)}/*`],
    });
    expectStatus(await viaAws4fetch(adminA, { method: 'PUT', path: `/projects/${shared}/policy`, json: { policy: rp } }), 204);
    const iamB = iamClient(B.root);
    bob = await userWithKey(iamB, 'bob');
    await putUserPolicy(iamB, 'bob', policy({ Effect: 'Allow', Action: ['acme:GetProject', 'acme:GetDocument', 'acme:ListProjects', 'acme:DeleteProject', 'acme:PutDocument', 'acme:GetProjectPolicy'], Resource: '*' }));
  });

  it('B reads the project A shared, and its documents', async () => {
    const got = await viaAws4fetch(bob.credentials, { path: `/projects/${shared}` });
    expectStatus(got, 200);
    expect(jsonOf(got)).toMatchObject({ projectId: shared, accountId: A.accountId });
    const doc = await viaCurl(bob.credentials, { path: `/projects/${shared}/documents/spec` });
    expectStatus(doc, 200);
    expect(doc.body).toBe('shared doc');
  });

  it('B is refused everything else of A, even with acme:* on * in its own account', async () => {
    for (const [method, path, action, resource] of [
      ['GET', `/projects/${unshared}`, 'acme:GetProject', arnOf(A, unshared)],
      ['GET', `/projects/${unshared}/documents/spec`, 'acme:GetDocument', `${arnOf(A, unshared)}/document/spec`],
      ['DELETE', `/projects/${shared}`, 'acme:DeleteProject', arnOf(A, shared)],
      ['PUT', `/projects/${shared}/documents/spec`, 'acme:PutDocument', `${arnOf(A, shared)}/document/spec`],
      ['GET', `/projects/${shared}/policy`, 'acme:GetProjectPolicy', arnOf(A, shared)],
    ] as const) {
      const a = await viaAws4fetch(adminB, { method, path, ...(method === 'PUT' ? { text: 'overwritten by B' } : {}) });
      expectRefused(a, { status: 403, code: 'AccessDeniedException', message: new RegExp(`^User: arn:aws:iam::${B.accountId}:user/admin is not authorized to perform: ${action} on resource: ${resource.replace(/[/.]/g, '\\$&')} because no resource-based policy allows the ${action} action$`) });
    }
    // Nothing changed.
    expect((await viaAws4fetch(adminA, { path: `/projects/${shared}/documents/spec` })).body).toBe('shared doc');
    expectStatus(await viaAws4fetch(adminA, { path: `/projects/${shared}` }), 200);
  });

  it("B's list shows B's projects only; A is refused everything of B", async () => {
    const list = await viaAws4fetch(bob.credentials, { path: '/projects?maxResults=100' });
    expectStatus(list, 200);
    const projects = jsonOf(list).projects as { projectId: string; accountId: string }[];
    expect(projects.map((p) => p.projectId)).toContain(bOwn);
    expect(projects.every((p) => p.accountId === B.accountId)).toBe(true);
    expectRefused(await viaAws4fetch(adminA, { path: `/projects/${bOwn}` }), { status: 403, code: 'AccessDeniedException' });
    expectRefused(await viaAws4fetch(adminA, { method: 'DELETE', path: `/projects/${bOwn}` }), { status: 403, code: 'AccessDeniedException' });
  });

  it('a resource policy naming B does not let B pass through without its own identity policy', async () => {
    const iamB = iamClient(B.root);
    const carol = await userWithKey(iamB, 'carol');
    expectRefused(await viaAws4fetch(carol.credentials, { path: `/projects/${shared}` }), { status: 403, code: 'AccessDeniedException', message: implicitDeny(carol.arn, 'acme:GetProject', arnOf(A, shared)) });
  });
});
