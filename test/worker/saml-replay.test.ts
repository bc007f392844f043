/**
 * SAML assertions with OneTimeUse are accepted once (issue 7 §7: "a signed SAML response is accepted again
 * and again while valid"). One SamlReplayDO per IdP keeps the assertion IDs until the assertion expires,
 * so the refusal holds across isolates, providers and accounts, and under concurrent calls; expired IDs
 * are purged.
 * The whole AssumeRoleWithSAML flow with freshly signed responses is in test/e2e/federation.test.ts.
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { samlReplayStub } from '../../src/storage/saml-replay-do';

describe('SAML assertion IDs consumed in the IdP replay object (one per issuer, for every account)', () => {
  const replayOf = (issuer: string) => samlReplayStub(env.SAML_REPLAY, issuer);

  it('accepts an ID once per issuer, whoever asks; another issuer has its own IDs', async () => {
    const issuer = `https://idp-${crypto.randomUUID()}.example/saml`;
    const now = Date.now();
    const until = now + 300_000;
    expect(await replayOf(issuer).consume('_a1', until, now)).toBe('ok');
    expect(await replayOf(issuer).consume('_a1', until, now)).toBe('replayed');
    expect(await replayOf(`${issuer}/other`).consume('_a1', until, now)).toBe('ok');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => replayOf(issuer).consume('_race', until, now)));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
  });

  it('forgets IDs once their assertion has expired', async () => {
    const issuer = `https://idp-${crypto.randomUUID()}.example/saml`;
    // The request's time is given, so the assertion expires without waiting: 50 ms later it is forgotten.
    const now = Date.now();
    expect(await replayOf(issuer).consume('_short', now + 50, now)).toBe('ok');
    expect(await replayOf(issuer).consume('_short', now + 50, now + 49)).toBe('replayed');
    expect(await replayOf(issuer).consume('_later', now + 300_000, now + 50)).toBe('ok');
    const ids = await runInDurableObject(replayOf(issuer) as unknown as DurableObjectStub, (_o, state) => state.storage.sql.exec('SELECT assertion_id FROM used').toArray());
    expect(ids).toEqual([{ assertion_id: '_later' }]);
  });
});
