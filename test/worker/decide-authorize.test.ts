import { beforeAll, describe, expect, it } from 'vitest';
import { authorize, projectArn, signed } from './decide-support';
import { iamOk, newAccount, policy, userWithKey, type Keys } from './support';


describe('authorize', () => {
  let account: string;
  let root: Keys;
  beforeAll(async () => {
    ({ accountId: account, root } = await newAccount());
  });

  it('allows a user whose identity policy allows the action', async () => {
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: 'acme:GetProject', Resource: '*' }) });
    const out = await authorize({ service: 'acme', region: 'us-east-1', caller: { request: await signed(alice) }, action: 'acme:GetProject', resource: projectArn(account) });
    expect(out, JSON.stringify(out)).toMatchObject({ ok: true, decision: 'Allow', principal: { accountId: account, type: 'User', userName: 'alice' } });
  });
});
