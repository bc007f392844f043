/**
 * A deactivated access key stops working on acme: at once for a caller that passes the bookmark of the
 * write (`x-iam-bookmark` of UpdateAccessKey's answer, forwarded by acme to the decision), and without it
 * within the documented propagation bound (the isolate's key cache, 5 s, plus replica lag: none locally),
 * polled, never slept through whole. A detached policy likewise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, iamClient, queryAction, type Credentials } from './support/clients';
import { sleep, userWithKey } from './support/aws';
import { policy, putUserPolicy } from './support/sts';
import { expectRefused, expectStatus, jsonOf, viaAws4fetch } from './support/acme';

/** The documented bound (README, "The SaaS data plane": key cache TTL 5 s + replica lag, none locally) and a margin for a loaded machine. */
const BOUND_MS = 5_000;
const MARGIN_MS = 3_000;
const INVALID_TOKEN = 'The security token included in the request is invalid.';

let root: Credentials;
let projectId: string;

beforeAll(async () => {
  ({ credentials: root } = await createAccountWithRootKeys());
  const admin = await userWithKey(iamClient(root), 'owner');
  await putUserPolicy(iamClient(root), 'owner', policy({ Effect: 'Allow', Action: 'acme:*', Resource: '*' }));
  const made = await viaAws4fetch(admin.credentials, { method: 'POST', path: '/projects', json: { name: 'p' } });
  expectStatus(made, 201);
  projectId = jsonOf(made).projectId;
});

/** A user allowed acme:GetProject, with its key, its access already used once (the isolate's caches warm). */
async function warmUser(name: string): Promise<Credentials> {
  const u = await userWithKey(iamClient(root), name);
  await putUserPolicy(iamClient(root), name, policy({ Effect: 'Allow', Action: 'acme:GetProject', Resource: '*' }));
  // Until the grant is visible (the policy set is cached too), then the caches hold it.
  const deadline = Date.now() + BOUND_MS + MARGIN_MS;
  for (;;) {
    const a = await viaAws4fetch(u.credentials, { path: `/projects/${projectId}` });
    if (a.status === 200) break;
    if (Date.now() > deadline) throw new Error(`the new user was never allowed: ${a.status} ${a.body}`);
    await sleep(200);
  }
  return u.credentials;
}

async function deactivate(name: string, key: Credentials): Promise<string> {
  const res = await queryAction(root, 'iam', { Action: 'UpdateAccessKey', UserName: name, AccessKeyId: key.accessKeyId, Status: 'Inactive' });
  expect(res.status, await res.clone().text()).toBe(200);
  const bookmark = res.headers.get('x-iam-bookmark');
  expect(bookmark).toBeTruthy();
  return bookmark!;
}

describe('a deactivated key', () => {
  it('is refused at once by a request carrying the bookmark of the write', async () => {
    const key = await warmUser('bookmarked');
    const bookmark = await deactivate('bookmarked', key);
    const a = await viaAws4fetch(key, { path: `/projects/${projectId}`, headers: { 'x-iam-bookmark': bookmark } });
    expectRefused(a, { status: 403, code: 'AccessDeniedException', message: INVALID_TOKEN });
  });

  it('is refused without a bookmark within the documented bound', async () => {
    const key = await warmUser('unbookmarked');
    await deactivate('unbookmarked', key);
    const t0 = Date.now();
    let last;
    for (;;) {
      last = await viaAws4fetch(key, { path: `/projects/${projectId}` });
      if (last.status !== 200) break;
      if (Date.now() - t0 > BOUND_MS + MARGIN_MS) break;
      await sleep(250);
    }
    expectRefused(last, { status: 403, code: 'AccessDeniedException', message: INVALID_TOKEN });
    expect(Date.now() - t0).toBeLessThanOrEqual(BOUND_MS + MARGIN_MS);
  });
});

describe('a removed policy', () => {
  it('stops allowing at once with the bookmark of the write', async () => {
    const key = await warmUser('detached');
    const res = await queryAction(root, 'iam', { Action: 'DeleteUserPolicy', UserName: 'detached', PolicyName: 'inline' });
    expect(res.status).toBe(200);
    const bookmark = res.headers.get('x-iam-bookmark')!;
    expect(bookmark).toBeTruthy();
    const a = await viaAws4fetch(key, { path: `/projects/${projectId}`, headers: { 'x-iam-bookmark': bookmark } });
    expectRefused(a, { status: 403, code: 'AccessDeniedException' });
  });
});
