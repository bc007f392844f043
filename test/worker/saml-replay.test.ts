/**
 * SAML assertions with OneTimeUse are accepted once (issue 7 §7: "a signed SAML response is accepted again
 * and again while valid"). The account's object keeps (provider, assertion ID) until the assertion expires,
 * in its SQLite, so the refusal holds across isolates and under concurrent calls; expired IDs are purged.
 * The whole AssumeRoleWithSAML flow with freshly signed responses is in test/e2e/federation.test.ts.
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AccountDO } from '../../src/storage/account-do';
import { samlReplayStub } from '../../src/storage/saml-replay-do';
import { newAccount, operator, randomAccountId } from './support';

const stubOf = (accountId: string): DurableObjectStub<AccountDO> => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
const inObject = <R>(stub: DurableObjectStub<AccountDO>, fn: (o: AccountDO, state: DurableObjectState) => R): Promise<R> =>
  runInDurableObject(stub as unknown as DurableObjectStub, (o, state) => fn(o as unknown as AccountDO, state));
const rows = (stub: DurableObjectStub<AccountDO>) =>
  inObject(stub, (_o, state) => state.storage.sql.exec('SELECT provider_arn, assertion_id FROM saml_assertions_used ORDER BY assertion_id').toArray());

describe('SAML assertion IDs consumed in the account object', () => {
  it('accepts an ID once per provider and refuses its replay', async () => {
    const { accountId } = await newAccount();
    const provider = `arn:aws:iam::${accountId}:saml-provider/IdP`;
    const until = Date.now() + 300_000;
    expect(await stubOf(accountId).consumeSamlAssertion(provider, '_a1', until)).toBe('ok');
    // Another stub (as another isolate would hold) sees the same state.
    expect(await stubOf(accountId).consumeSamlAssertion(provider, '_a1', until)).toBe('replayed');
    expect(await stubOf(accountId).consumeSamlAssertion(`${provider}2`, '_a1', until)).toBe('ok');
    expect(await stubOf(accountId).consumeSamlAssertion(provider, '_a2', until)).toBe('ok');
  });

  it('lets exactly one of 20 concurrent calls with the same ID through', async () => {
    const { accountId } = await newAccount();
    const provider = `arn:aws:iam::${accountId}:saml-provider/IdP`;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => stubOf(accountId).consumeSamlAssertion(provider, '_race', Date.now() + 300_000)));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'replayed')).toHaveLength(19);
  });

  it('forgets IDs once their assertion has expired (purged by later calls)', async () => {
    const { accountId } = await newAccount();
    const provider = `arn:aws:iam::${accountId}:saml-provider/IdP`;
    const stub = stubOf(accountId);
    expect(await stub.consumeSamlAssertion(provider, '_short', Date.now() + 50)).toBe('ok');
    expect(await stub.consumeSamlAssertion(provider, '_long', Date.now() + 300_000)).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await stub.consumeSamlAssertion(provider, '_later', Date.now() + 300_000)).toBe('ok');
    expect(await rows(stub)).toEqual([
      { provider_arn: provider, assertion_id: '_later' },
      { provider_arn: provider, assertion_id: '_long' },
    ]);
  });

  it('refuses for an account that does not exist or is closed, and writes nothing', async () => {
    const missing = randomAccountId();
    expect(await stubOf(missing).consumeSamlAssertion(`arn:aws:iam::${missing}:saml-provider/IdP`, '_x', Date.now() + 300_000)).toBe('no-account');
    expect(await rows(stubOf(missing))).toEqual([]);
    const { accountId } = await newAccount();
    expect((await operator('DELETE', `/accounts/${accountId}`)).status).toBeLessThan(300);
    expect(await stubOf(accountId).consumeSamlAssertion(`arn:aws:iam::${accountId}:saml-provider/IdP`, '_x', Date.now() + 300_000)).toBe('no-account');
  });
});

describe('SAML assertion IDs consumed in the IdP replay object (one per issuer, for every account)', () => {
  const replayOf = (issuer: string) => samlReplayStub(env.SAML_REPLAY, issuer);

  it('accepts an ID once per issuer, whoever asks; another issuer has its own IDs', async () => {
    const issuer = `https://idp-${crypto.randomUUID()}.example/saml`;
    const until = Date.now() + 300_000;
    expect(await replayOf(issuer).consume('_a1', until)).toBe('ok');
    expect(await replayOf(issuer).consume('_a1', until)).toBe('replayed');
    expect(await replayOf(`${issuer}/other`).consume('_a1', until)).toBe('ok');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => replayOf(issuer).consume('_race', until)));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
  });

  it('forgets IDs once their assertion has expired', async () => {
    const issuer = `https://idp-${crypto.randomUUID()}.example/saml`;
    expect(await replayOf(issuer).consume('_short', Date.now() + 50)).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await replayOf(issuer).consume('_later', Date.now() + 300_000)).toBe('ok');
    const ids = await runInDurableObject(replayOf(issuer) as unknown as DurableObjectStub, (_o, state) => state.storage.sql.exec('SELECT assertion_id FROM used').toArray());
    expect(ids).toEqual([{ assertion_id: '_later' }]);
  });
});
