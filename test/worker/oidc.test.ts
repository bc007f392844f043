/**
 * IAM OpenID Connect providers through the Worker: Create/Get/List/Delete, client ids, thumbprints, tags,
 * quotas and errors as the IAM API Reference describes them, authorization of the provider ARN, and the
 * projection into D1 that AssumeRoleWithWebIdentity reads (storage/identity-providers.ts).
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { verifyJwt } from '../../src/core/jwt/index';
import { ok } from '../../src/core/result';
import { findOidcProviderByUrl } from '../../src/storage/identity-providers';
import { claims, CLIENT_ID, ISSUER, jwks, newKey, NOW_MS, sign } from '../unit/jwt/keys';
import { awsDate, call, freezeClock, iamOk, newAccount, type Keys } from './support';

const TIMEOUT = 30_000;
const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

const GH = 'https://token.actions.githubusercontent.com';
const THUMB_A = '6938fd4d98bab03faadb97b34396831e3780aea1';
const THUMB_B = '1C58A3A8518E8759BF075B76B750D4F2DF264FCD';

const list = (name: string, values: string[]) => Object.fromEntries(values.map((v, i) => [`${name}.member.${i + 1}`, v]));
const tags = (pairs: [string, string][]) =>
  Object.fromEntries(pairs.flatMap(([k, v], i) => [[`Tags.member.${i + 1}.Key`, k], [`Tags.member.${i + 1}.Value`, v]]));

const create = (root: Keys, url: string, extra: Record<string, string> = {}) => call(root, 'CreateOpenIDConnectProvider', { Url: url, ...extra });

describe('OIDC providers', { timeout: TIMEOUT }, () => {
  it('creates a provider named by its URL; Get shows the URL without scheme, client ids, thumbprints, date and tags', async () => {
    const { accountId, root } = await newAccount();
    const now = freezeClock();
    const r = await create(root, GH, { ...list('ClientIDList', ['sts.amazonaws.com', 'sts.amazonaws.com', 'app']), ...list('ThumbprintList', [THUMB_A]), ...tags([['team', 'ci']]) });
    expect(r.status).toBe(200);
    const arn = `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`;
    expect(r.result.OpenIDConnectProviderArn).toBe(arn);
    expect(members(r.result.Tags)).toEqual([{ Key: 'team', Value: 'ci' }]);

    const got = await iamOk(root, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    expect(got.Url).toBe('token.actions.githubusercontent.com');
    expect(members(got.ClientIDList)).toEqual(['sts.amazonaws.com', 'app']);
    expect(members(got.ThumbprintList)).toEqual([THUMB_A]);
    expect(got.CreateDate).toBe(awsDate(now));
    expect(members(got.Tags)).toEqual([{ Key: 'team', Value: 'ci' }]);
  });

  it('thumbprints and client ids are optional; paths, ports and trailing slashes are part of the URL', async () => {
    const { accountId, root } = await newAccount();
    for (const url of ['https://auth.example.com/', 'https://idp.example.com:8443/realms/a', 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC']) {
      const r = await create(root, url);
      expect(r.status, r.xml).toBe(200);
      expect(r.result.OpenIDConnectProviderArn).toBe(`arn:aws:iam::${accountId}:oidc-provider/${url.slice('https://'.length)}`);
      const got = await iamOk(root, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: r.result.OpenIDConnectProviderArn });
      expect(members(got.ClientIDList)).toEqual([]);
      expect(members(got.ThumbprintList)).toEqual([]);
      expect(got.Tags).toBeUndefined();
    }
    const listed = await iamOk(root, 'ListOpenIDConnectProviders');
    expect(members(listed.OpenIDConnectProviderList).map((p) => p.Arn)).toEqual([
      `arn:aws:iam::${accountId}:oidc-provider/auth.example.com/`,
      `arn:aws:iam::${accountId}:oidc-provider/idp.example.com:8443/realms/a`,
      `arn:aws:iam::${accountId}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC`,
    ]);
    // GetAccountSummary counts them under Providers.
    const summary = (await iamOk(root, 'GetAccountSummary')).SummaryMap.entry as { key: string; value: string }[];
    expect(summary.find((e) => e.key === 'Providers')?.value).toBe('3');
  });

  it('refuses a second provider for the same URL with EntityAlreadyExists', async () => {
    const { root } = await newAccount();
    await create(root, GH);
    const r = await create(root, GH);
    expect([r.status, r.error?.Code, r.error?.Message]).toEqual([409, 'EntityAlreadyExists', `Provider with url ${GH} already exists.`]);
  });

  it('refuses URLs that are not https, have a query or fragment, or no host (InvalidInput)', async () => {
    const { root } = await newAccount();
    for (const url of ['http://idp.example.com', 'idp.example.com', 'https://idp.example.com/?x=1', 'https://idp.example.com/#f', 'https://u@idp.example.com', 'https://']) {
      const r = await create(root, url);
      expect([r.status, r.error?.Code], url).toEqual([400, 'InvalidInput']);
    }
    expect(members((await iamOk(root, 'ListOpenIDConnectProviders')).OpenIDConnectProviderList)).toEqual([]);
  });

  it('checks thumbprints (40 hex digits, at most 5) and client ids (at most 100)', async () => {
    const { root } = await newAccount();
    const notHex = await create(root, 'https://a.example.com', list('ThumbprintList', ['z'.repeat(40)]));
    expect([notHex.status, notHex.error?.Code]).toEqual([400, 'InvalidInput']);
    const short = await create(root, 'https://a.example.com', list('ThumbprintList', ['abc']));
    expect(short.status).toBe(400);
    const six = Array.from({ length: 6 }, (_, i) => String(i).repeat(40));
    const tooMany = await create(root, 'https://a.example.com', list('ThumbprintList', six));
    expect([tooMany.status, tooMany.error?.Code]).toEqual([409, 'LimitExceeded']);
    const five = await create(root, 'https://a.example.com', list('ThumbprintList', six.slice(0, 5)));
    expect(five.status).toBe(200);
    const ids = Array.from({ length: 101 }, (_, i) => `client-${i}`);
    const r101 = await create(root, 'https://b.example.com', list('ClientIDList', ids));
    expect([r101.status, r101.error?.Code]).toEqual([409, 'LimitExceeded']);
    const r100 = await create(root, 'https://b.example.com', list('ClientIDList', ids.slice(0, 100)));
    expect(r100.status).toBe(200);
    const add = await call(root, 'AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: r100.result.OpenIDConnectProviderArn, ClientID: 'one-more' });
    expect([add.status, add.error?.Code]).toEqual([409, 'LimitExceeded']);
  });

  it('adds and removes client ids idempotently and replaces the thumbprint list', async () => {
    const { root } = await newAccount();
    const arn = (await create(root, GH, list('ClientIDList', ['a']))).result.OpenIDConnectProviderArn;
    await iamOk(root, 'AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'b' });
    await iamOk(root, 'AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'b' });
    await iamOk(root, 'RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'a' });
    await iamOk(root, 'RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'never-there' });
    await iamOk(root, 'UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn: arn, ...list('ThumbprintList', [THUMB_A, THUMB_B]) });
    let got = await iamOk(root, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    expect(members(got.ClientIDList)).toEqual(['b']);
    expect(members(got.ThumbprintList)).toEqual([THUMB_A, THUMB_B]);
    await iamOk(root, 'UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn: arn, ...list('ThumbprintList', [THUMB_B]) });
    got = await iamOk(root, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    expect(members(got.ThumbprintList)).toEqual([THUMB_B]);
  });

  it('answers NoSuchEntity for an unknown provider and InvalidInput for an ARN that is not a provider ARN', async () => {
    const { accountId, root } = await newAccount();
    const missing = `arn:aws:iam::${accountId}:oidc-provider/nobody.example.com`;
    for (const action of ['GetOpenIDConnectProvider', 'ListOpenIDConnectProviderTags', 'UpdateOpenIDConnectProviderThumbprint', 'AddClientIDToOpenIDConnectProvider']) {
      const r = await call(root, action, { OpenIDConnectProviderArn: missing, ClientID: 'x', ...list('ThumbprintList', [THUMB_A]) });
      expect([r.status, r.error?.Code, r.error?.Message], action).toEqual([404, 'NoSuchEntity', `OpenIDConnect Provider not found for arn ${missing}`]);
    }
    const bad = await call(root, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: `arn:aws:iam::${accountId}:role/NotAProvider` });
    expect([bad.status, bad.error?.Code]).toEqual([400, 'InvalidInput']);
  });

  it('deletes a provider with its tags; deleting again succeeds (idempotent)', async () => {
    const { accountId, root } = await newAccount();
    const arn = (await create(root, GH, tags([['k', 'v']]))).result.OpenIDConnectProviderArn;
    await iamOk(root, 'DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    expect((await call(root, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })).status).toBe(404);
    expect((await call(root, 'DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })).status).toBe(200);
    const again = await create(root, GH);
    expect(again.status).toBe(200);
    expect(members((await iamOk(root, 'ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn })).Tags)).toEqual([]);
    expect(arn).toBe(`arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`);
  });

  it('tags, untags and lists tags with the shared tag rules', async () => {
    const { root } = await newAccount();
    const arn = (await create(root, GH)).result.OpenIDConnectProviderArn;
    await iamOk(root, 'TagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ...tags([['Team', 'a'], ['env', 'prod']]) });
    await iamOk(root, 'TagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ...tags([['team', 'b']]) });
    const listed = await iamOk(root, 'ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn, MaxItems: '1' });
    expect(members(listed.Tags)).toEqual([{ Key: 'team', Value: 'b' }]);
    expect(listed.IsTruncated).toBe('true');
    const rest = await iamOk(root, 'ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn, Marker: listed.Marker });
    expect(members(rest.Tags)).toEqual([{ Key: 'env', Value: 'prod' }]);
    await iamOk(root, 'UntagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, 'TagKeys.member.1': 'TEAM', 'TagKeys.member.2': 'absent' });
    expect(members((await iamOk(root, 'ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn })).Tags)).toEqual([{ Key: 'env', Value: 'prod' }]);
    const reserved = await call(root, 'TagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ...tags([['aws:x', 'y']]) });
    expect([reserved.status, reserved.error?.Code]).toEqual([400, 'InvalidInput']);
    const fifty = Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'] as [string, string]);
    const over = await call(root, 'TagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ...tags(fifty) });
    expect([over.status, over.error?.Code]).toEqual([409, 'LimitExceeded']);
  });

  it('allows at most 100 providers per account', async () => {
    const { root } = await newAccount();
    for (let i = 0; i < 100; i++) expect((await create(root, `https://idp${i}.example.com`)).status).toBe(200);
    const r = await create(root, 'https://idp100.example.com');
    expect([r.status, r.error?.Code, r.error?.Message]).toEqual([409, 'LimitExceeded', 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100']);
  });

  it('authorizes on the provider ARN: a user without permission is denied', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'dev' });
    const key = (await iamOk(root, 'CreateAccessKey', { UserName: 'dev' })).AccessKey;
    const dev = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    const denied = await create(dev, GH);
    expect([denied.status, denied.error?.Code]).toEqual([403, 'AccessDenied']);
    expect(denied.error?.Message).toContain(`arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*OpenIDConnectProvider*', Resource: `arn:aws:iam::${accountId}:oidc-provider/*` }] });
    await iamOk(root, 'PutUserPolicy', { UserName: 'dev', PolicyName: 'oidc', PolicyDocument: policy });
    expect((await create(dev, GH)).status).toBe(200);
    const listDenied = await call(dev, 'ListOpenIDConnectProviders');
    expect(listDenied.error?.Code).toBe('AccessDenied');
  });

  it('projects providers into D1, where AssumeRoleWithWebIdentity finds them by URL in the role account', async () => {
    const { accountId, root } = await newAccount();
    const created = await create(root, GH, list('ClientIDList', ['sts.amazonaws.com']));
    const arn = created.result.OpenIDConnectProviderArn;
    const added = await call(root, 'AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'app' });
    const session = () => env.DB.withSession(added.headers.get('x-iam-bookmark') ?? 'first-primary');
    expect(await findOidcProviderByUrl(session(), accountId, 'token.actions.githubusercontent.com')).toEqual({
      arn,
      url: 'token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com', 'app'],
      thumbprints: [],
    });
    expect(await findOidcProviderByUrl(session(), accountId, 'TOKEN.actions.githubusercontent.com')).toBeUndefined();
    expect(await findOidcProviderByUrl(session(), '000000000000', 'token.actions.githubusercontent.com')).toBeUndefined();
    const deleted = await call(root, 'DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    const after = env.DB.withSession(deleted.headers.get('x-iam-bookmark') ?? 'first-primary');
    expect(await findOidcProviderByUrl(after, accountId, 'token.actions.githubusercontent.com')).toBeUndefined();
  });

  it('verifies jose-signed RS256, PS256, ES256 and ES384 tokens with workerd\'s WebCrypto', async () => {
    for (const alg of ['RS256', 'PS256', 'ES256', 'ES384']) {
      const key = await newKey(alg);
      const r = await verifyJwt(await sign(key, claims()), { issuer: ISSUER, clientIds: [CLIENT_ID], nowMs: NOW_MS }, async () => ok(jwks(key)));
      expect(r.ok, alg).toBe(true);
      const bad = await verifyJwt(await sign(await newKey(alg, key.kid)), { issuer: ISSUER, clientIds: [CLIENT_ID], nowMs: NOW_MS }, async () => ok(jwks(key)));
      expect(bad.ok ? null : bad.error.reason, alg).toBe('bad-signature');
    }
  });
});
