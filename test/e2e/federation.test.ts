/**
 * Web identity and SAML federation end to end: AssumeRoleWithWebIdentity against a real OpenID Connect
 * issuer run by the test (node:http on 127.0.0.1, discovery document and JWK Set, tokens signed with
 * `jose`), called unsigned by @aws-sdk/client-sts and by boto3 (python3 subprocess); AssumeRoleWithSAML
 * with IdP metadata and responses signed by xml-crypto (test/unit/saml/support.ts).
 *
 * The server runs with IAM_ALLOW_INSECURE_OIDC_ISSUERS=true, so the provider registered as
 * `https://127.0.0.1:<port>` has its documents fetched over plain http from loopback.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, ENTITY_ID, makeKey, metadata, NOW as SUPPORT_NOW, response, sign as signSaml, type TestKey } from '../unit/saml/support';
import { expectSdkError, sdkError } from './support/aws';
import { createAccountWithRootKeys, endpoint, iamClient, REGION, stsClient, type Credentials } from './support/clients';
import { createRole, credentialsOf, policy } from './support/sts';

const CLIENT_ID = 'my-app';
const SUBJECT = 'user-123';
const SAML_AUD = 'https://signin.aws.amazon.com/saml';

let accountId: string;
let root: Credentials;

/** An STS client without credentials: the federation calls are unsigned. Records whether a request was signed. */
function unsignedSts(): { sts: STSClient; authorization: () => (string | undefined)[] } {
  const seen: (string | undefined)[] = [];
  const sts = new STSClient({ endpoint: endpoint(), region: REGION, maxAttempts: 1 });
  sts.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      seen.push(headers['authorization'] ?? headers['Authorization']);
      return next(args);
    },
    { step: 'deserialize', name: 'recordAuthorization' },
  );
  return { sts, authorization: () => seen };
}

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
  await iamClient(root).send(new CreateUserCommand({ UserName: 'resident' }));
});

// ─── OpenID Connect ───────────────────────────────────────────────────────────────────────────────

describe('AssumeRoleWithWebIdentity with a local OIDC issuer', () => {
  let server: Server;
  let issuer: string; // https://127.0.0.1:<port>
  let host: string; // 127.0.0.1:<port>, the IAM provider URL
  let providerArn: string;
  let roleArn: string;
  const requests: string[] = [];
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;
  const KID = 'e2e-key-1';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };

    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const port = (server.address() as AddressInfo).port;
      const json = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/.well-known/openid-configuration') {
        json({
          issuer: `https://127.0.0.1:${port}`,
          jwks_uri: `http://127.0.0.1:${port}/jwks`,
          response_types_supported: ['id_token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        });
      } else if (req.url === '/jwks') {
        json({ keys: [publicJwk] });
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    issuer = `https://${host}`;

    const iam = iamClient(root);
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [CLIENT_ID] }));
    providerArn = created.OpenIDConnectProviderArn!;
    expect(providerArn).toBe(`arn:aws:iam::${accountId}:oidc-provider/${host}`);
    roleArn = await createRole(
      iam,
      'web-reader',
      policy({
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:aud`]: CLIENT_ID, [`${host}:sub`]: SUBJECT } },
      }),
      policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }),
    );
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  /** A token from the local issuer, valid for 10 minutes unless `claims` say otherwise. */
  async function token(claims: JWTPayload = {}, key: CryptoKey = signingKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuer, aud: CLIENT_ID, sub: SUBJECT, iat: now - 5, exp: now + 600, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .sign(key);
  }

  const assume = (webIdentityToken: string, sessionName = 'web-session') =>
    unsignedSts().sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: sessionName, WebIdentityToken: webIdentityToken }));

  it('gives the SDK (unsigned call) credentials that act as the role, after fetching the issuer\'s keys', async () => {
    const { sts, authorization } = unsignedSts();
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'sdk-web', WebIdentityToken: await token(), DurationSeconds: 900 }));
    expect(authorization()).toEqual([undefined]);
    expect(out).toMatchObject({
      SubjectFromWebIdentityToken: SUBJECT,
      Provider: issuer,
      Audience: CLIENT_ID,
      AssumedRoleUser: { Arn: `arn:aws:sts::${accountId}:assumed-role/web-reader/sdk-web`, AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:sdk-web$/) },
    });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const left = out.Credentials!.Expiration!.getTime() - Date.now();
    expect(left).toBeGreaterThan(850_000);
    expect(left).toBeLessThanOrEqual(900_000);
    // The service read the discovery document, then the JWK Set it names.
    expect(requests.slice(0, 2)).toEqual(['/.well-known/openid-configuration', '/jwks']);

    const session = credentialsOf(out.Credentials);
    expect((await stsClient(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(out.AssumedRoleUser!.Arn);
    const users = await iamClient(session).send(new ListUsersCommand({}));
    expect(users.Users?.map((u) => u.UserName)).toEqual(['resident']);
    const denied = await sdkError(iamClient(session).send(new CreateUserCommand({ UserName: 'web-made' })));
    expectSdkError(denied, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: /assumed-role\/web-reader\/sdk-web is not authorized to perform: iam:CreateUser/ });
  });

  it('gives boto3 (python3 subprocess) the same: assume_role_with_web_identity, then list_users with the credentials', async () => {
    try {
      execFileSync('python3', ['-c', 'import boto3'], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(`python3 with boto3 is needed for this test and is not available: ${(e as Error).message}`);
    }
    const script = `
import json, os, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
cfg = Config(retries={'max_attempts': 1})
ep = os.environ['E2E_ENDPOINT']
sts = boto3.client('sts', endpoint_url=ep, region_name='us-east-1', config=cfg)
r = sts.assume_role_with_web_identity(RoleArn=os.environ['E2E_ROLE_ARN'], RoleSessionName='boto3-web', WebIdentityToken=os.environ['E2E_TOKEN'])
c = r['Credentials']
iam = boto3.client('iam', endpoint_url=ep, region_name='us-east-1', config=cfg, aws_access_key_id=c['AccessKeyId'],
                   aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
users = [u['UserName'] for u in iam.list_users()['Users']]
try:
    sts.assume_role_with_web_identity(RoleArn=os.environ['E2E_ROLE_ARN'], RoleSessionName='boto3-bad', WebIdentityToken=os.environ['E2E_BAD_TOKEN'])
    bad = None
except ClientError as e:
    bad = {'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
print(json.dumps({'arn': r['AssumedRoleUser']['Arn'], 'subject': r['SubjectFromWebIdentityToken'], 'audience': r['Audience'],
                  'provider': r['Provider'], 'keyId': c['AccessKeyId'], 'users': users, 'bad': bad}))
`;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
    Object.assign(env, {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      E2E_ENDPOINT: endpoint(),
      E2E_ROLE_ARN: roleArn,
      E2E_TOKEN: await token(),
      E2E_BAD_TOKEN: await token({ aud: 'someone-else' }),
    });
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('python3', ['-c', script], { env, timeout: 60_000 }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out))),
    );
    expect(JSON.parse(stdout)).toEqual({
      arn: `arn:aws:sts::${accountId}:assumed-role/web-reader/boto3-web`,
      subject: SUBJECT,
      audience: CLIENT_ID,
      provider: issuer,
      keyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
      users: ['resident'],
      bad: { code: 'InvalidIdentityToken', status: 400 },
    });
  });

  it('refuses a token for another audience: InvalidIdentityToken "Incorrect token audience"', async () => {
    const e = await sdkError(assume(await token({ aud: 'someone-else' })));
    expectSdkError(e, { name: 'InvalidIdentityTokenException', code: 'InvalidIdentityToken', status: 400, message: 'Incorrect token audience' });
  });

  it('refuses an expired token: ExpiredTokenException', async () => {
    const now = Math.floor(Date.now() / 1000);
    const e = await sdkError(assume(await token({ iat: now - 1200, exp: now - 600 })));
    expectSdkError(e, { name: 'ExpiredTokenException', code: 'ExpiredTokenException', status: 400, message: /^Token expired: current date\/time .+ must be before the expiration date\/time .+$/ });
  });

  it('refuses a token signed by another key under the issuer\'s kid: InvalidIdentityToken', async () => {
    const e = await sdkError(assume(await token({}, strangerKey)));
    expectSdkError(e, { name: 'InvalidIdentityTokenException', code: 'InvalidIdentityToken', status: 400 });
  });

  it('refuses a verified token whose sub the trust policy does not name: AccessDenied', async () => {
    const e = await sdkError(assume(await token({ sub: 'user-456' })));
    expectSdkError(e, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: /not authorized to perform:? sts:AssumeRoleWithWebIdentity/i });
    // The same token with the sub the trust policy names is accepted (the refusal above is the condition's).
    expect((await assume(await token())).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/web-reader/web-session`);
  });

  // AWS answers a trust-policy refusal of AssumeRoleWithWebIdentity with exactly this text.
  it('words a trust-policy refusal as AWS does: "Not authorized to perform sts:AssumeRoleWithWebIdentity"', async () => {
    const e = await sdkError(assume(await token({ sub: 'user-456' })));
    expect(e.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity');
  });

  it('refuses a token of an issuer not registered in the role\'s account, without fetching anything from it', async () => {
    const before = requests.length;
    const other = `${issuer}/tenant-b`;
    const e = await sdkError(assume(await token({ iss: other })));
    expectSdkError(e, { name: 'InvalidIdentityTokenException', code: 'InvalidIdentityToken', status: 400, message: `No OpenIDConnect provider found in your account for ${other}` });
    expect(requests.slice(before).filter((u) => u.startsWith('/tenant-b'))).toEqual([]);
  });
});

describe('AssumeRoleWithWebIdentity with an issuer whose JWK Set never ends', () => {
  // The attack (issue 7 §7): a tenant registers an issuer whose jwks_uri streams an endless chunked body
  // and triggers the fetch with an unsigned call. Read whole, it grew workerd from 65 MB to 1.4 GB.
  let server: Server;
  let issuer: string;
  let roleArn: string;
  let key: CryptoKey;
  const KID = 'endless-1';
  const seen: string[] = [];
  let sent = 0;
  let jwksClosed: () => void;
  const jwksClosedP = new Promise<void>((resolve) => (jwksClosed = resolve));

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const port = (server.address() as AddressInfo).port;
      if (req.url === '/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: `https://127.0.0.1:${port}`, jwks_uri: `http://127.0.0.1:${port}/jwks` }));
        return;
      }
      if (req.url !== '/jwks') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }); // no Content-Length: chunked
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let open = true;
      res.on('close', () => {
        open = false;
        jwksClosed();
      });
      res.write('{"keys":[');
      const pump = () => {
        while (open && sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const iam = iamClient(root);
    const providerArn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [CLIENT_ID] }))).OpenIDConnectProviderArn!;
    roleArn = await createRole(
      iam,
      'endless-web',
      policy({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity' }),
      policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }),
    );
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  const token = () => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuer, aud: CLIENT_ID, sub: SUBJECT, iat: now - 5, exp: now + 600 }).setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' }).sign(key);
  };
  const assume = async () =>
    sdkError(unsignedSts().sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'endless', WebIdentityToken: await token() })));

  it('refuses quickly after reading at most the cap, fetches the failing issuer once per interval, and keeps serving', async () => {
    const started = Date.now();
    const e = await assume();
    // The issuer answered, with something unusable: AWS's "Couldn't retrieve verification key" (InvalidIdentityToken).
    expectSdkError(e, {
      name: 'InvalidIdentityTokenException',
      code: 'InvalidIdentityToken',
      status: 400,
      message: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
    });
    expect(Date.now() - started).toBeLessThan(4_000);
    // The connection was dropped near the 512 KiB cap, not drained: it closes (an event, not a guessed
    // delay), after socket buffers, not a gigabyte.
    await jwksClosedP;
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(seen).toEqual(['/.well-known/openid-configuration', '/jwks']);

    // Calls right after are answered from the remembered failure: no new fetch.
    for (let i = 0; i < 3; i++) expect((await assume()).Code).toBe('InvalidIdentityToken');
    expect(seen).toHaveLength(2);

    // The service still answers.
    expect((await stsClient(root).send(new GetCallerIdentityCommand({}))).Account).toBe(accountId);
  });
});

// ─── SAML 2.0 ─────────────────────────────────────────────────────────────────────────────────────

describe('AssumeRoleWithSAML', () => {
  const PROVIDER = 'E2EIdP';
  let idpKey: TestKey;
  let strangerKey: TestKey;
  let providerArn: string;
  let roleArn: string;
  let otherAudienceRoleArn: string;

  beforeAll(async () => {
    idpKey = makeKey(2048, 'E2E IdP');
    strangerKey = makeKey(2048, 'E2E IdP');
    const iam = iamClient(root);
    providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: PROVIDER, SAMLMetadataDocument: metadata([idpKey.certBase64]) }))).SAMLProviderArn!;
    expect(providerArn).toBe(`arn:aws:iam::${accountId}:saml-provider/${PROVIDER}`);
    const trust = (aud: string) =>
      policy({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': aud } } });
    const list = policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' });
    roleArn = await createRole(iam, 'saml-reader', trust(SAML_AUD), list);
    otherAudienceRoleArn = await createRole(iam, 'saml-elsewhere', trust('https://signin.aws.amazon.com/saml/acs/SAMLSP0000000000000000'), list);
  });

  /**
   * A SAML response for `role` issued at `issuedAt` (default now) and valid for 5 minutes from then, signed on
   * the assertion by `key` (null: unsigned).
   */
  function samlResponse(opts: { role?: string; key?: TestKey | null; issuedAt?: number; oneTimeUse?: boolean } = {}): string {
    const now = opts.issuedAt ?? Date.now();
    const until = now + 300_000;
    let xml = response({
      roles: [`${opts.role ?? roleArn},${providerArn}`],
      audience: SAML_AUD,
      recipient: SAML_AUD,
      notBefore: now - 60_000,
      notOnOrAfter: until,
      subjectNotOnOrAfter: until,
      sessionName: 'alice@example.com',
      nameId: 'alice-persistent-id',
      assertionId: `_a${randomUUID()}`,
      responseId: `_r${randomUUID()}`,
      ...(opts.oneTimeUse ? { oneTimeUse: true } : {}),
    });
    // The helper stamps IssueInstant/AuthnInstant with its fixed clock; make them now.
    xml = xml.replaceAll(new Date(SUPPORT_NOW - 10_000).toISOString(), new Date(now - 5_000).toISOString());
    const key = opts.key === undefined ? idpKey : opts.key;
    return b64(key ? signSaml(xml, key, { target: 'assertion' }) : xml);
  }

  const assume = (assertion: string, role = roleArn) =>
    unsignedSts().sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: role, PrincipalArn: providerArn, SAMLAssertion: assertion }));

  it('gives the SDK (unsigned call) credentials for a freshly signed response; they act as the role', async () => {
    const { sts, authorization } = unsignedSts();
    const out = await sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: samlResponse(), DurationSeconds: 900 }));
    expect(authorization()).toEqual([undefined]);
    expect(out).toMatchObject({
      AssumedRoleUser: { Arn: `arn:aws:sts::${accountId}:assumed-role/saml-reader/alice@example.com` },
      Subject: 'alice-persistent-id',
      SubjectType: 'persistent',
      Issuer: ENTITY_ID,
      Audience: SAML_AUD,
    });
    // AWS: NameQualifier = BASE64(SHA1(Issuer + account id + "/" + provider name)).
    expect(out.NameQualifier).toBe(createHash('sha1').update(`${ENTITY_ID}${accountId}/${PROVIDER}`).digest('base64'));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(900_000);

    const session = credentialsOf(out.Credentials);
    expect((await stsClient(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(out.AssumedRoleUser!.Arn);
    expect((await iamClient(session).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual(['resident']);
  });

  it('accepts a signed response with OneTimeUse once and refuses its replay: InvalidIdentityToken', async () => {
    const once = samlResponse({ oneTimeUse: true });
    expect((await assume(once)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expectSdkError(await sdkError(assume(once)), {
      name: 'InvalidIdentityTokenException',
      code: 'InvalidIdentityToken',
      status: 400,
      message: 'Invalid SAML response: the assertion has OneTimeUse and was already used.',
    });
    // Concurrent replays of a fresh one: exactly one gets credentials.
    const raced = samlResponse({ oneTimeUse: true });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => assume(raced)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('accepts a response without OneTimeUse more than once while it is valid, as AWS does', async () => {
    const reusable = samlResponse();
    expect((await assume(reusable)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect((await assume(reusable)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('refuses an unsigned response: InvalidIdentityToken', async () => {
    expectSdkError(await sdkError(assume(samlResponse({ key: null }))), {
      name: 'InvalidIdentityTokenException',
      code: 'InvalidIdentityToken',
      status: 400,
      message: 'Response signature invalid',
    });
  });

  it('refuses a response signed by a key the metadata does not hold: InvalidIdentityToken', async () => {
    expectSdkError(await sdkError(assume(samlResponse({ key: strangerKey }))), {
      name: 'InvalidIdentityTokenException',
      code: 'InvalidIdentityToken',
      status: 400,
      message: 'Response signature invalid',
    });
  });

  it('refuses a signed response issued 7 minutes ago, past its NotOnOrAfter: ExpiredTokenException', async () => {
    expectSdkError(await sdkError(assume(samlResponse({ issuedAt: Date.now() - 420_000 }))), {
      name: 'ExpiredTokenException',
      code: 'ExpiredTokenException',
      status: 400,
      message: 'Token must be redeemed within 5 minutes of issuance',
    });
  });

  it('applies the trust policy\'s SAML:aud condition and the Role attribute: AccessDenied otherwise', async () => {
    // A role whose trust policy wants another SAML:aud.
    const e1 = await sdkError(assume(samlResponse({ role: otherAudienceRoleArn }), otherAudienceRoleArn));
    expectSdkError(e1, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: /not authorized to perform:? sts:AssumeRoleWithSAML/i });
    // A role the response's Role attribute does not name.
    const e2 = await sdkError(assume(samlResponse(), otherAudienceRoleArn));
    expectSdkError(e2, { name: 'AccessDenied', code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithSAML' });
  });

  // AWS answers a trust-policy refusal of AssumeRoleWithSAML with exactly this text.
  it('words a trust-policy refusal as AWS does: "Not authorized to perform sts:AssumeRoleWithSAML"', async () => {
    const e = await sdkError(assume(samlResponse({ role: otherAudienceRoleArn }), otherAudienceRoleArn));
    expect(e.message).toBe('Not authorized to perform sts:AssumeRoleWithSAML');
  });
});
