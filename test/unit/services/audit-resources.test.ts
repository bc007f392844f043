/** LookupEvents' resources of IAM calls, and their readOnly from the Service Authorization Reference. */
import { describe, expect, it } from 'vitest';
import { iamReadOnly } from '../../../src/services/audit/read-only';
import { iamResourcesOf } from '../../../src/services/audit/resources';

const P = 'arn:aws:iam::123456789012:policy/p';

describe('resources of an IAM event', () => {
  it('names what the request names, by type', () => {
    expect(iamResourcesOf({ UserName: 'alice', Path: '/x/' })).toEqual([{ type: 'AWS::IAM::User', name: 'alice' }]);
    expect(iamResourcesOf({ RoleName: 'app', PolicyArn: P })).toEqual([
      { type: 'AWS::IAM::Role', name: 'app' },
      { type: 'AWS::IAM::Policy', name: P },
    ]);
    expect(iamResourcesOf({ GroupName: 'g', UserName: 'u' })).toEqual([
      { type: 'AWS::IAM::Group', name: 'g' },
      { type: 'AWS::IAM::User', name: 'u' },
    ]);
    expect(iamResourcesOf({ UserName: 'u', NewUserName: 'v' })).toEqual([
      { type: 'AWS::IAM::User', name: 'u' },
      { type: 'AWS::IAM::User', name: 'v' },
    ]);
    expect(iamResourcesOf({ InstanceProfileName: 'ip', RoleName: 'r' })).toEqual([
      { type: 'AWS::IAM::InstanceProfile', name: 'ip' },
      { type: 'AWS::IAM::Role', name: 'r' },
    ]);
    expect(iamResourcesOf({ OpenIDConnectProviderArn: 'arn:aws:iam::1:oidc-provider/x' })).toEqual([{ type: 'AWS::IAM::OIDCProvider', name: 'arn:aws:iam::1:oidc-provider/x' }]);
    expect(iamResourcesOf({ SAMLProviderArn: 'arn:aws:iam::1:saml-provider/x' })).toEqual([{ type: 'AWS::IAM::SAMLProvider', name: 'arn:aws:iam::1:saml-provider/x' }]);
    expect(iamResourcesOf({ UserName: 'u', AccessKeyId: 'AKIAEXAMPLE', Status: 'Inactive' })).toEqual([
      { type: 'AWS::IAM::User', name: 'u' },
      { type: 'AWS::IAM::AccessKey', name: 'AKIAEXAMPLE' },
    ]);
    expect(iamResourcesOf({ PolicyDocument: '{}', PolicyName: 'inline' })).toEqual([]);
    expect(iamResourcesOf({})).toEqual([]);
    expect(iamResourcesOf(undefined)).toEqual([]);
  });

  it('adds what a write created, from its response, once', () => {
    expect(iamResourcesOf({ UserName: 'u' }, { AccessKey: { AccessKeyId: 'AKIANEW', UserName: 'u', SecretAccessKey: 's' } })).toEqual([
      { type: 'AWS::IAM::User', name: 'u' },
      { type: 'AWS::IAM::AccessKey', name: 'AKIANEW' },
    ]);
    expect(iamResourcesOf({ PolicyName: 'p' }, { Policy: { Arn: P, PolicyName: 'p' } })).toEqual([{ type: 'AWS::IAM::Policy', name: P }]);
    expect(iamResourcesOf({ PolicyArn: P }, { Policy: { Arn: P } })).toEqual([{ type: 'AWS::IAM::Policy', name: P }]);
    expect(iamResourcesOf({ VirtualMFADeviceName: 'd' }, { VirtualMFADevice: { SerialNumber: 'arn:aws:iam::1:mfa/d' } })).toEqual([
      { type: 'AWS::IAM::MFADevice', name: 'd' },
      { type: 'AWS::IAM::MFADevice', name: 'arn:aws:iam::1:mfa/d' },
    ]);
  });

  it('is read-only for Read and List actions, not for writes, permissions or tagging', () => {
    for (const a of ['GetUser', 'ListUsers', 'GetAccountAuthorizationDetails', 'SimulatePrincipalPolicy', 'ListRoleTags']) expect(iamReadOnly(a), a).toBe(true);
    for (const a of ['CreateUser', 'DeleteRole', 'PutUserPolicy', 'AttachRolePolicy', 'TagUser', 'CreateAccessKey', 'ChangePassword']) expect(iamReadOnly(a), a).toBe(false);
    expect(iamReadOnly('NotAnAction')).toBe(false);
  });
});
