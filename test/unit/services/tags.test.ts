/**
 * One tag table and one tag mechanism for every taggable kind (users, roles, managed policies, instance
 * profiles, virtual MFA devices, OIDC and SAML providers, server certificates), run as real actions on the in-memory store
 * (test/support/iam-harness.ts): Tag/Untag/List…Tags behave alike, tags of one entity never show on
 * another (even under the same id or ARN in another kind, or after the entity was deleted and made again),
 * and `aws:ResourceTag/*` authorizes on the tags the table holds.
 * Spec: IAM User Guide, "Tags for AWS Identity and Access Management resources"; IAM API Reference,
 * TagUser, TagRole, TagPolicy, TagInstanceProfile, TagMFADevice, TagOpenIDConnectProvider, TagSAMLProvider, TagServerCertificate.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { iamHarness, type IamHarness } from '../../support/iam-harness';
import { TEST_IDP_CERT_BASE64 } from '../../fixtures/saml/idp';
import { RSA_CERT, RSA_KEY } from '../../fixtures/x509/index';
import { metadata } from '../saml/support';

let iam: IamHarness;
/** IdP metadata around the repository's test certificate (no key generation: the suite stays fast under load). */
const samlMetadata = metadata([TEST_IDP_CERT_BASE64]);
beforeEach(async () => {
  iam = await iamHarness();
});

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

/** Each kind: its noun in Tag<noun>, how to create one (returning the input member that names it). */
interface Kind {
  noun: string;
  create(iam: IamHarness, name: string): Promise<Record<string, string>>;
  remove(iam: IamHarness, id: Record<string, string>): Promise<unknown>;
}
const KINDS: Kind[] = [
  {
    noun: 'User',
    create: async (h, name) => (await h.call('CreateUser', { UserName: name }), { UserName: name }),
    remove: (h, id) => h.call('DeleteUser', id),
  },
  {
    noun: 'Role',
    create: async (h, name) => (await h.call('CreateRole', { RoleName: name, AssumeRolePolicyDocument: TRUST }), { RoleName: name }),
    remove: (h, id) => h.call('DeleteRole', id),
  },
  {
    noun: 'Policy',
    create: async (h, name) => ({ PolicyArn: (await h.call('CreatePolicy', { PolicyName: name, PolicyDocument: DOC })).Policy.Arn }),
    remove: (h, id) => h.call('DeletePolicy', id),
  },
  {
    noun: 'InstanceProfile',
    create: async (h, name) => (await h.call('CreateInstanceProfile', { InstanceProfileName: name }), { InstanceProfileName: name }),
    remove: (h, id) => h.call('DeleteInstanceProfile', id),
  },
  {
    noun: 'MFADevice',
    create: async (h, name) => ({ SerialNumber: (await h.call('CreateVirtualMFADevice', { VirtualMFADeviceName: name })).VirtualMFADevice.SerialNumber }),
    remove: (h, id) => h.call('DeleteVirtualMFADevice', id),
  },
  {
    noun: 'OpenIDConnectProvider',
    create: async (h, name) => ({
      OpenIDConnectProviderArn: (await h.call('CreateOpenIDConnectProvider', { Url: `https://${name}.example.com`, ClientIDList: ['app'], ThumbprintList: ['a'.repeat(40)] }))
        .OpenIDConnectProviderArn,
    }),
    remove: (h, id) => h.call('DeleteOpenIDConnectProvider', id),
  },
  {
    noun: 'SAMLProvider',
    create: async (h, name) => ({ SAMLProviderArn: (await h.call('CreateSAMLProvider', { Name: name, SAMLMetadataDocument: samlMetadata })).SAMLProviderArn }),
    remove: (h, id) => h.call('DeleteSAMLProvider', id),
  },
  {
    noun: 'ServerCertificate',
    create: async (h, name) => (
      await h.call('UploadServerCertificate', { ServerCertificateName: name, CertificateBody: RSA_CERT, PrivateKey: RSA_KEY }), { ServerCertificateName: name }
    ),
    remove: (h, id) => h.call('DeleteServerCertificate', id),
  },
];

const listTags = async (kind: Kind, id: Record<string, string>) => (await iam.call(`List${kind.noun}Tags`, id)).Tags;

describe.each(KINDS)('tags of a $noun', (kind) => {
  it('are kept in the order set, merged by key regardless of case, and removed by key', async () => {
    const id = await kind.create(iam, 'tagged');
    await iam.call(`Tag${kind.noun}`, { ...id, Tags: [{ Key: 'b', Value: '1' }, { Key: 'A', Value: '2' }] });
    await iam.call(`Tag${kind.noun}`, { ...id, Tags: [{ Key: 'c', Value: '3' }, { Key: 'a', Value: '4' }] });
    const tags = await listTags(kind, id);
    expect(tags).toHaveLength(3);
    expect(tags).toEqual(expect.arrayContaining([{ Key: 'b', Value: '1' }, { Key: 'c', Value: '3' }]));
    expect(tags.find((t: { Key: string }) => t.Key.toLowerCase() === 'a').Value).toBe('4');

    await iam.call(`Untag${kind.noun}`, { ...id, TagKeys: ['B'] });
    expect((await listTags(kind, id)).map((t: { Key: string }) => t.Key.toLowerCase()).sort()).toEqual(['a', 'c']);
  });

  it('go with the entity: made again under the same name, it has none', async () => {
    const id = await kind.create(iam, 'again');
    await iam.call(`Tag${kind.noun}`, { ...id, Tags: [{ Key: 'old', Value: 'x' }] });
    await kind.remove(iam, id);
    expect(iam.memory.raw.exec('SELECT count(*) FROM tags')[0]!.values[0]![0]).toBe(0);
    const again = await kind.create(iam, 'again');
    expect(await listTags(kind, again)).toEqual([]);
  });

  it('authorize by aws:ResourceTag: a user may tag only the entities of its team', async () => {
    await iam.call('CreateUser', { UserName: 'tagger' });
    await iam.call('PutUserPolicy', {
      UserName: 'tagger',
      PolicyName: 'own-team',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: `iam:Tag${kind.noun}`, Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'core' } } }],
      }),
    });
    const ours = await kind.create(iam, 'ours');
    const theirs = await kind.create(iam, 'theirs');
    await iam.call(`Tag${kind.noun}`, { ...ours, Tags: [{ Key: 'team', Value: 'core' }] });
    await iam.call(`Tag${kind.noun}`, { ...theirs, Tags: [{ Key: 'team', Value: 'edge' }] });

    await iam.call(`Tag${kind.noun}`, { ...ours, Tags: [{ Key: 'env', Value: 'prod' }] }, iam.user('tagger'));
    await expect(iam.call(`Tag${kind.noun}`, { ...theirs, Tags: [{ Key: 'env', Value: 'prod' }] }, iam.user('tagger'))).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(await listTags(kind, theirs)).toEqual([{ Key: 'team', Value: 'edge' }]);
  });
});

describe('the one tag table', () => {
  it('keeps every kind apart under its own kind, and projects user and role tags into their principal rows', async () => {
    const ids = [];
    for (const kind of KINDS) {
      const id = await kind.create(iam, 'same');
      await iam.call(`Tag${kind.noun}`, { ...id, Tags: [{ Key: 'kind', Value: kind.noun }] });
      ids.push([kind, id] as const);
    }
    for (const [kind, id] of ids) expect(await listTags(kind, id)).toEqual([{ Key: 'kind', Value: kind.noun }]);
    const kinds = iam.memory.raw.exec('SELECT kind FROM tags ORDER BY kind')[0]!.values.map((r) => r[0]);
    expect(kinds).toEqual(['instance-profile', 'mfa', 'oidc-provider', 'policy', 'role', 'saml-provider', 'server-certificate', 'user']);

    const principals = iam.memory.outbox.filter((op) => op.op === 'put' && op.table === 'principals');
    const lastOf = (type: string) => principals.filter((op) => op.op === 'put' && op.row.type === type).at(-1);
    expect(lastOf('User')).toMatchObject({ row: { tags: JSON.stringify([{ Key: 'kind', Value: 'User' }]) } });
    expect(lastOf('Role')).toMatchObject({ row: { tags: JSON.stringify([{ Key: 'kind', Value: 'Role' }]) } });
  });
});
