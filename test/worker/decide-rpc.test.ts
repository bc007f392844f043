/**
 * The decision service over a service binding's RPC (src/rpc/decision-entrypoint.ts), called through the
 * Worker's own loopback binding to its named entrypoint (`exports.DecisionEntrypoint`): real RPC, the
 * arguments and answers structured-cloned as a SaaS Worker's would be.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { DecisionService } from '../../src/core/decision/contract';
import { signed } from './decide-support';
import { newAccount } from './support';

const rpc = (exports as unknown as { DecisionEntrypoint: DecisionService }).DecisionEntrypoint;

describe('DecisionEntrypoint', () => {
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
