/**
 * The decision path attacked (issue 9, review): inputs a SaaS (or a tenant through it) can shape to turn a
 * deny into an allow or to reach another tenant. Each case here is one the other decision tests
 * (decide-*.test.ts) do not cover: request facts that are not what they claim, resource policies that name
 * principals loosely or are built to exhaust the parser, ARNs against the deployment's own compiled
 * catalog (not the tests' stand-in), and prototype keys.
 * Spec: IAM User Guide, "AWS global condition context keys" (aws:SourceIp is the requester's IP address),
 * "IAM JSON policy elements: Principal", "Cross-account policy evaluation logic".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { authorize, by, projectArn, REGION } from './decide-support';
import { iamOk, newAccount, policy, userWithKey, type Keys } from './support';

const allowAll = (action: string) => ({ Effect: 'Allow', Action: action, Resource: '*' });
const decisionOf = (out: Awaited<ReturnType<typeof authorize>>) => (out.ok ? out.decision : `${out.error.code} ${out.error.status}`);

let a: { accountId: string; root: Keys };
let b: { accountId: string; root: Keys };
let alice: Keys;
beforeAll(async () => {
  [a, b] = await Promise.all([newAccount(), newAccount()]);
  alice = await userWithKey(a.root, 'alice');
  await iamOk(a.root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'acme', PolicyDocument: policy(allowAll('acme:*')) });
});

describe('request facts', () => {
  it('aws:SourceIp must be an address: a malformed one is refused, never a NotIpAddress deny skipped', async () => {
    const ivy = await userWithKey(a.root, 'ivy');
    await iamOk(a.root, 'PutUserPolicy', {
      UserName: 'ivy',
      PolicyName: 'office-only',
      PolicyDocument: policy(allowAll('acme:*'), { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
    });
    const list = { action: 'acme:ListProjects', resource: '*' };
    const from = async (sourceIp?: string) => decisionOf(await authorize(await by(ivy, { ...list, ...(sourceIp === undefined ? {} : { facts: { sourceIp } }) })));
    expect(await from('10.1.2.3')).toBe('Allow');
    expect(await from('192.0.2.1')).toBe('ExplicitDeny');
    // No address at all: the deny applies (NotIpAddress on an absent key), as it must.
    expect(await from()).toBe('ExplicitDeny');
    // Not addresses (the IP operators match nothing against them, NotIpAddress included): refused.
    for (const bad of ['garbage', '1.2.3.999', '010.1.2.3', ' 10.1.2.3', '10.1.2.3 ', '10.1.2.3/8', '::::', '']) {
      expect(await from(bad), JSON.stringify(bad)).toBe('ValidationException 400');
    }
    expect(await from('2001:db8::1')).toBe('ExplicitDeny');
  });
});
