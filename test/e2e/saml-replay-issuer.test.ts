/**
 * A OneTimeUse SAML assertion is accepted once per issuing IdP, not once per provider or account that trusts
 * the IdP (security review of issue 7, L2). The attack: a Role attribute may list role/provider pairs under
 * several providers and accounts; with the used IDs kept per (provider, account) the one assertion was
 * accepted once for each. Two accounts (and two providers in one) register the same IdP metadata; one
 * signed assertion names roles of all three; only its first use gets credentials.
 */
import { randomUUID } from 'node:crypto';
import { CreateSAMLProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { b64, makeKey, metadata, NOW as SUPPORT_NOW, response, sign as signSaml, type TestKey } from '../unit/saml/support';
import { expectSdkError, sdkError } from './support/aws';
import { createAccountWithRootKeys, endpoint, iamClient, REGION } from './support/clients';
import { createRole, policy } from './support/sts';

const SAML_AUD = 'https://signin.aws.amazon.com/saml';
/** The one IdP every provider here trusts (its entityID is the support's ENTITY_ID). */
let idpKey: TestKey;
/** role ARN, provider ARN pairs: account A's two providers and account B's one. */
const pairs: [string, string][] = [];

beforeAll(async () => {
  idpKey = makeKey(2048, 'Shared IdP');
  for (const [account, names] of [['A', ['IdP1', 'IdP2']], ['B', ['IdP1']]] as const) {
    const { credentials } = await createAccountWithRootKeys();
    const iam = iamClient(credentials);
    for (const name of names) {
      const providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: name, SAMLMetadataDocument: metadata([idpKey.certBase64]) }))).SAMLProviderArn!;
      const trust = policy({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML' });
      pairs.push([await createRole(iam, `fed-${account}-${name}`, trust, policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' })), providerArn]);
    }
  }
});

/** One signed response, OneTimeUse, whose Role attribute lists every pair. */
function sharedAssertion(): string {
  const now = Date.now();
  let xml = response({
    roles: pairs.map(([role, provider]) => `${role},${provider}`),
    audience: SAML_AUD,
    recipient: SAML_AUD,
    notBefore: now - 60_000,
    notOnOrAfter: now + 300_000,
    subjectNotOnOrAfter: now + 300_000,
    assertionId: `_a${randomUUID()}`,
    responseId: `_r${randomUUID()}`,
    oneTimeUse: true,
  });
  xml = xml.replaceAll(new Date(SUPPORT_NOW - 10_000).toISOString(), new Date(now - 5_000).toISOString());
  return b64(signSaml(xml, idpKey, { target: 'assertion' }));
}

const assume = (assertion: string, [role, provider]: [string, string]) =>
  new STSClient({ endpoint: endpoint(), region: REGION, maxAttempts: 1 }).send(new AssumeRoleWithSAMLCommand({ RoleArn: role, PrincipalArn: provider, SAMLAssertion: assertion }));

const replayed = {
  name: 'InvalidIdentityTokenException',
  code: 'InvalidIdentityToken',
  status: 400,
  message: 'Invalid SAML response: the assertion has OneTimeUse and was already used.',
};

describe('OneTimeUse across the providers and accounts trusting one IdP', () => {
  it('accepts the assertion once, whichever provider or account it is presented to', async () => {
    const once = sharedAssertion();
    expect((await assume(once, pairs[0]!)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    // Another provider of the same account, then a provider of another account.
    expectSdkError(await sdkError(assume(once, pairs[1]!)), replayed);
    expectSdkError(await sdkError(assume(once, pairs[2]!)), replayed);
  });

  it('lets exactly one of concurrent uses under different accounts through', async () => {
    const raced = sharedAssertion();
    const outcomes = await Promise.allSettled([0, 1, 2, 0, 1, 2].map((i) => assume(raced, pairs[i]!)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });
});
