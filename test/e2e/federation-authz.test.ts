/**
 * AssumeRoleWithWebIdentity authorizes with every key the Service Authorization Reference lists for it that
 * the call carries (issue 7 §2): a trust-policy Deny on the role's tags (aws:ResourceTag/*,
 * iam:ResourceTag/*), the session tags (aws:RequestTag/*, aws:TagKeys), the transitive tag keys
 * (sts:TransitiveTagKeys) or the session name refuses the call, and the same call without the Deny
 * succeeds. A real OIDC issuer on loopback signs the tokens (as in federation.test.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkError } from './support/aws';
import { createAccountWithRootKeys, endpoint, iamClient, REGION } from './support/clients';
import { policy } from './support/sts';

const CLIENT_ID = 'walk-app';
const KID = 'walk-key';

describe('AssumeRoleWithWebIdentity authorizes with the keys the reference lists for it', () => {
  let server: Server;
  let providerArn: string;
  let issuer: string;
  let accountId: string;
  let signingKey: CryptoKey;
  let iam: ReturnType<typeof iamClient>;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signingKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      const port = (server.address() as AddressInfo).port;
      const body =
        req.url === '/.well-known/openid-configuration'
          ? { issuer: `https://127.0.0.1:${port}`, jwks_uri: `http://127.0.0.1:${port}/jwks`, response_types_supported: ['id_token'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] }
          : req.url === '/jwks'
            ? { keys: [jwk] }
            : undefined;
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let root;
    ({ accountId, credentials: root } = await createAccountWithRootKeys());
    iam = iamClient(root);
    providerArn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [CLIENT_ID] }))).OpenIDConnectProviderArn!;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  const token = async () => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: issuer,
      aud: CLIENT_ID,
      sub: 'walker',
      iat: now - 5,
      exp: now + 600,
      'https://aws.amazon.com/tags': { principal_tags: { team: ['red'] }, transitive_tag_keys: ['team'] },
    })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .sign(signingKey);
  };

  /** A role tagged env=prod whose trust policy allows the provider, and denies it when `deny` matches. */
  async function role(name: string, deny?: object): Promise<string> {
    const allow = { Effect: 'Allow', Principal: { Federated: providerArn }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] };
    const statements = deny ? [allow, { Effect: 'Deny', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: deny }] : [allow];
    const created = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: policy(...statements), Tags: [{ Key: 'env', Value: 'prod' }] }));
    return created.Role!.Arn!;
  }

  const assume = async (roleArn: string) =>
    new STSClient({ endpoint: endpoint(), region: REGION, maxAttempts: 1 }).send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'walk-session', WebIdentityToken: await token() }),
    );

  it('without a Deny the call succeeds', async () => {
    expect((await assume(await role('walk-open'))).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/walk-open/walk-session`);
  });

  const DENIES: Record<string, object> = {
    'aws:ResourceTag': { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
    'iam:ResourceTag': { StringEquals: { 'iam:ResourceTag/env': 'prod' } },
    'aws:RequestTag': { StringEquals: { 'aws:RequestTag/team': 'red' } },
    'aws:TagKeys': { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } },
    'sts:TransitiveTagKeys': { 'ForAnyValue:StringEquals': { 'sts:TransitiveTagKeys': 'team' } },
    'sts:RoleSessionName': { StringEquals: { 'sts:RoleSessionName': 'walk-session' } },
  };

  for (const [key, condition] of Object.entries(DENIES)) {
    it(`a trust-policy Deny on ${key} refuses it`, async () => {
      const e = await sdkError(assume(await role(`walk-${key.replace(/[^A-Za-z]/g, '-')}`, condition)));
      expect((e as { name?: string }).name).toBe('AccessDenied');
    });
  }
});
