/**
 * The decision service over a service binding's RPC (src/rpc/decision-entrypoint.ts), called through the
 * Worker's own loopback binding to its named entrypoint (`exports.DecisionEntrypoint`): real RPC, the
 * arguments and answers structured-cloned as a SaaS Worker's would be.
 */
import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DecisionService } from '../../src/core/decision/contract';
import { installAcme, projectArn, signed } from './decide-support';
import { iamOk, newAccount, policy, userWithKey } from './support';

const rpc = (exports as unknown as { DecisionEntrypoint: DecisionService }).DecisionEntrypoint;

// The acme catalog before any call reads the catalog (the RPC runs on the platform clock).
beforeAll(() => installAcme());

describe('DecisionEntrypoint', () => {
  it('authenticates and decides through the binding: allow, deny with message, batch, plan, principal token', async () => {
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'rpc-user');
    await iamOk(root, 'PutUserPolicy', { UserName: 'rpc-user', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'acme:Get*', Resource: '*' }) });
    const scope = { service: 'acme', region: 'us-east-1', caller: { request: await signed(user) } };
    const allowed = await rpc.authorize({ ...scope, action: 'acme:GetProject', resource: projectArn(accountId) });
    expect(allowed).toMatchObject({ ok: true, version: 1, decision: 'Allow', principal: { arn: `arn:aws:iam::${accountId}:user/rpc-user`, type: 'User' } });
    const denied = await rpc.authorize({ ...scope, action: 'acme:DeleteProject', resource: projectArn(accountId) });
    expect(denied).toMatchObject({
      ok: true,
      decision: 'ImplicitDeny',
      message: `User: arn:aws:iam::${accountId}:user/rpc-user is not authorized to perform: acme:DeleteProject on resource: ${projectArn(accountId)} because no identity-based policy allows the acme:DeleteProject action`,
      encodedMessage: expect.any(String),
    });
    const who = await rpc.authenticate(scope);
    if (!who.ok) throw new Error(JSON.stringify(who));
    const batch = await rpc.batchAuthorize({
      service: 'acme',
      region: 'us-east-1',
      caller: { principalToken: who.principal.principalToken },
      items: [
        { action: 'acme:GetProject', resource: projectArn(accountId) },
        { action: 'acme:ListProjects', resource: '*' },
      ],
    });
    expect(batch).toMatchObject({ ok: true, results: [{ decision: 'Allow' }, { decision: 'ImplicitDeny' }] });
    expect(await rpc.planResources({ ...scope, action: 'acme:GetDocument' })).toMatchObject({ ok: true, kind: 'Allow', exact: true });
  });

  it('answers every method, version 1 when absent, UnsupportedVersion for a newer one', async () => {
    const unsupported = { code: 'UnsupportedVersion', message: 'Decision API version 9 is not supported; this IAM Worker speaks versions 1 to 1.', status: 400 };
    const v9 = { version: 9 } as never;
    expect(await rpc.authenticate(v9)).toEqual({ ok: false, version: 1, error: unsupported });
    expect(await rpc.authorize(v9)).toEqual({ ok: false, version: 1, error: unsupported });
    expect(await rpc.batchAuthorize(v9)).toEqual({ ok: false, version: 1, error: unsupported });
    expect(await rpc.planResources(v9)).toEqual({ ok: false, version: 1, error: unsupported });
  });

  it('never throws on bad input: errors in AWS shape', async () => {
    for (const input of [undefined, null, 'x', 42, [], {}]) {
      const out = await rpc.authorize(input as never);
      expect(out, String(input)).toMatchObject({ ok: false, version: 1, error: { code: 'ValidationException', status: 400 } });
    }
    const { root } = await newAccount();
    // A service the deployment's catalog does not declare.
    const out = await rpc.authorize({ service: 'unknownsaas', region: 'us-east-1', caller: { request: await signed(root, { service: 'unknownsaas' }) }, action: 'unknownsaas:Get', resource: '*' });
    expect(out).toMatchObject({ ok: false, error: { code: 'ValidationException', message: "Service 'unknownsaas' is not declared in this deployment's service catalog.", status: 400 } });
  });
});
