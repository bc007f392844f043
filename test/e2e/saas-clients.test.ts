/**
 * The example SaaS (examples/acme) called by its tenants with the tools they already have: curl's
 * `--aws-sigv4`, aws4fetch, the AWS SDK's SignatureV4 and botocore's SigV4Auth, each signing for service
 * `acme`. Allowed calls answer; denied ones get AWS's AccessDenied message; a user without policies is
 * refused; bad signatures (tampered, expired, replayed with another body, signed for `iam`, another
 * region, none at all) are refused with AWS's codes and never reach acme's handlers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, iamClient, type Credentials } from './support/clients';
import { amzDate, userWithKey } from './support/aws';
import { policy, putUserPolicy } from './support/sts';
import {
  CLIENTS,
  expectRefused,
  expectStatus,
  implicitDeny,
  jsonOf,
  send,
  signedByAws4fetch,
  signedBySmithy,
  viaAws4fetch,
  viaCurl,
  type Answer,
} from './support/acme';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

let accountId: string;
let writer: Credentials;
let reader: Credentials;
let nobody: Credentials;
let readerArn: string;
let nobodyArn: string;
const projectArn = (id: string) => `arn:aws:acme:us-east-1:${accountId}:project/${id}`;

beforeAll(async () => {
  const { accountId: id, credentials: root } = await createAccountWithRootKeys();
  accountId = id;
  const iam = iamClient(root);
  const w = await userWithKey(iam, 'writer');
  const r = await userWithKey(iam, 'reader');
  const n = await userWithKey(iam, 'nobody');
  writer = w.credentials;
  reader = r.credentials;
  nobody = n.credentials;
  readerArn = r.arn;
  nobodyArn = n.arn;
  await putUserPolicy(iam, 'writer', policy({ Effect: 'Allow', Action: 'acme:*', Resource: '*' }));
  await putUserPolicy(
    iam,
    'reader',
    policy(
      { Effect: 'Allow', Action: ['acme:GetProject', 'acme:GetDocument'], Resource: `arn:aws:acme:us-east-1:${accountId}:project/*` },
      { Effect: 'Allow', Action: 'acme:ListProjects', Resource: '*' },
    ),
  );
});

const create = async (name: string, tags: Record<string, string> = {}): Promise<string> => {
  const a = await viaAws4fetch(writer, { method: 'POST', path: '/projects', json: { name, tags } });
  expectStatus(a, 201);
  return jsonOf(a).projectId as string;
};

describe.each(Object.entries(CLIENTS))('tenants call acme with %s', (_name, call) => {
  it('creates, reads, writes and lists as its policies allow', async () => {
    const made = await call(writer, { method: 'POST', path: '/projects', json: { name: 'by client', tags: { team: 'red' } } });
    expectStatus(made, 201);
    const p = jsonOf(made);
    expect(p).toMatchObject({ accountId, name: 'by client', visibility: 'private', tags: { team: 'red' }, arn: projectArn(p.projectId) });

    const put = await call(writer, { method: 'PUT', path: `/projects/${p.projectId}/documents/readme.md`, text: '# hello\n', headers: { 'content-type': 'text/markdown' } });
    expectStatus(put, 200);
    const got = await call(reader, { path: `/projects/${p.projectId}/documents/readme.md` });
    expectStatus(got, 200);
    expect(got.body).toBe('# hello\n');
    expect(got.headers['content-type']).toBe('text/markdown');

    const list = await call(reader, { path: '/projects?maxResults=100' });
    expectStatus(list, 200);
    expect(jsonOf(list).projects.map((x: { projectId: string }) => x.projectId)).toContain(p.projectId);
  });

  it("refuses a denied action with AWS's AccessDenied message, and changes nothing", async () => {
    const id = await create('keep me');
    const del = await call(reader, { method: 'DELETE', path: `/projects/${id}` });
    expectRefused(del, { status: 403, code: 'AccessDeniedException', message: implicitDeny(readerArn, 'acme:DeleteProject', projectArn(id)) });
    expectStatus(await call(reader, { path: `/projects/${id}` }), 200);
  });

  it('refuses a user without policies everything', async () => {
    const id = await create('private');
    expectRefused(await call(nobody, { path: `/projects/${id}` }), {
      status: 403,
      code: 'AccessDeniedException',
      message: implicitDeny(nobodyArn, 'acme:GetProject', projectArn(id)),
    });
    expectRefused(await call(nobody, { path: '/projects' }), {
      status: 403,
      code: 'AccessDeniedException',
      message: implicitDeny(nobodyArn, 'acme:ListProjects', '*'),
    });
  });
});

describe('bad signatures never reach acme', () => {
  let id: string;
  beforeAll(async () => {
    id = await create('target');
  });
  const path = () => `/projects/${id}/documents/d1`;

  it('refuses a request whose body was changed after signing', async () => {
    const req = await signedByAws4fetch(writer, { method: 'PUT', path: path(), text: 'original' });
    const a = await send({ ...req, body: 'tampered' });
    expectRefused(a, { status: 403, code: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
    // Nothing was written.
    expectStatus(await viaAws4fetch(writer, { path: path() }), 404);
  });

  it('refuses a request whose path was changed after signing', async () => {
    const other = await create('other');
    const req = await signedByAws4fetch(writer, { method: 'DELETE', path: `/projects/${other}` });
    const a = await send({ ...req, url: req.url.replace(other, id) });
    expectRefused(a, { status: 403, code: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
    expectStatus(await viaAws4fetch(writer, { path: `/projects/${id}` }), 200);
  });

  it('refuses a replayed request sent again with another body, and accepts the original once', async () => {
    const req = await signedByAws4fetch(writer, { method: 'PUT', path: path(), text: 'v1' });
    expectStatus(await send(req), 200);
    expectRefused(await send({ ...req, body: 'v2 from an attacker' }), { status: 403, code: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
    const now = await viaAws4fetch(writer, { path: path() });
    expect(now.body).toBe('v1');
  });

  it('refuses an expired signature (20 minutes old)', async () => {
    const when = new Date(Date.now() - 20 * 60_000);
    const a = await send(await signedBySmithy(writer, { path: `/projects/${id}` }, { signingDate: when }));
    expectRefused(a, { status: 403, code: 'InvalidSignatureException', message: new RegExp(`^Signature expired: ${amzDate(when)} is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)$`) });
  });

  it('refuses a request signed for iam but sent to acme', async () => {
    const a = await send(await signedByAws4fetch(writer, { path: `/projects/${id}` }, { service: 'iam' }));
    expectRefused(a, { status: 403, code: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'acme'." });
  });

  it('refuses a request signed for another region', async () => {
    const a = await send(await signedByAws4fetch(writer, { path: `/projects/${id}` }, { region: 'eu-west-1' }));
    expectRefused(a, { status: 403, code: 'InvalidSignatureException', message: "Credential should be scoped to a valid region, not 'eu-west-1'."  });
  });

  it('refuses an unsigned request and a forged key', async () => {
    const unsigned: Answer = await send({ url: `${(await signedByAws4fetch(writer, { path: '/projects' })).url}`, method: 'GET', headers: {} });
    expectRefused(unsigned, { status: 403, code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    const forged = await viaCurl({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, { path: `/projects/${id}` });
    expectRefused(forged, { status: 403, code: 'AccessDeniedException', message: 'The security token included in the request is invalid.' });
    // acme reads its database before the signature is verified (resolveFirst), but a forged caller learns
    // nothing from it: not that a body is invalid, nor that a project does not exist.
    const fake = { accessKeyId: writer.accessKeyId, secretAccessKey: 'not-the-secret-of-this-key-000000000000' };
    expectRefused(await viaAws4fetch(fake, { method: 'POST', path: '/projects', json: { name: 'x', tags: { 'aws:bad': 'y' } } }), { status: 403, code: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
    expectRefused(await viaAws4fetch(fake, { path: '/projects/p-00000000000000ff' }), { status: 403, code: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
    // The real key gets the 400 and the 404.
    expectRefused(await viaAws4fetch(writer, { method: 'POST', path: '/projects', json: { name: 'x', tags: { 'aws:bad': 'y' } } }), { status: 400, code: 'ValidationException', message: 'Tag keys beginning with aws: are reserved.' });
    expectRefused(await viaAws4fetch(writer, { path: '/projects/p-00000000000000ff' }), { status: 404, code: 'ResourceNotFoundException', message: 'Project p-00000000000000ff does not exist.' });
  });

  it('accepts a presigned URL (query-string form) and refuses it once its expiry passed', async () => {
    const fresh = await signedByAws4fetch(writer, { path: `/projects/${id}` }, { signQuery: true });
    expect(fresh.url).toContain('X-Amz-Signature=');
    expectStatus(await send({ url: fresh.url, method: 'GET', headers: {} }), 200);
    const old = await signedByAws4fetch(writer, { path: `/projects/${id}` }, { signQuery: true, datetime: amzDate(new Date(Date.now() - 2 * 86_400_000)) });
    expectRefused(await send({ url: old.url, method: 'GET', headers: {} }), { status: 403, code: 'InvalidSignatureException', message: /^Signature expired: \d{8}T\d{6}Z is now earlier than/ });
  });
});
