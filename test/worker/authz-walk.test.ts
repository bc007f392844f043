/**
 * Walks the Service Authorization Reference table (issue 7 §2): for every IAM action this service
 * implements (the dispatcher's own list) and every condition key the reference lists for it (and for the
 * resource type it targets) that this service can know, a caller allowed `iam:*` but denied that action on
 * that key, with a value the request carries, gets AccessDenied; and the same call without the Deny is not
 * AccessDenied, so no case passes because the caller was never allowed. One account, fixtures set up once.
 *
 * A key is left out only with a reason: UNKNOWABLE_KEYS (services/authz-target.ts) names the keys this
 * service cannot know, and a create action has no resource (hence no resource tags) before it runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lookupAction, targetConditionKeys } from '../../src/services/authz-resources';
import { UNKNOWABLE_KEYS } from '../../src/services/authz-target';
import { iamActions } from '../../src/services/iam/index';
import { TEST_IDP_CERT_BASE64 } from '../fixtures/saml/idp';
import { RSA_3072 } from '../fixtures/ssh/index';
import { EC_CERT, EC_KEY, RSA_CERT, RSA_KEY } from '../fixtures/x509/index';
import { call, iamOk, newAccount, operator, policy, userWithKey, type Keys } from './support';

/** What the fixtures are called (created once in beforeAll). */
interface Fixtures {
  accountId: string;
  boundaryArn: string;
  policyArn: string;
  mfaSerial: string;
  oidcArn: string;
  samlArn: string;
  accessKeyId: string;
  userArn: string;
  serviceCredentialId: string;
}

/** The value each key's Deny tests, and the request members that carry it. */
const TAG = { Key: 'env', Value: 'prod' };
const REQUEST_TAG = { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' };
const REMOVED_KEY = { 'TagKeys.member.1': 'team' };

function conditionFor(key: string, f: Fixtures): Record<string, Record<string, string>> {
  switch (key) {
    case 'aws:RequestTag/${TagKey}':
      return { StringEquals: { 'aws:RequestTag/team': 'red' } };
    case 'aws:TagKeys':
      return { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } };
    case 'aws:ResourceTag/${TagKey}':
      return { StringEquals: { [`aws:ResourceTag/${TAG.Key}`]: TAG.Value } };
    case 'iam:ResourceTag/${TagKey}':
      return { StringEquals: { [`iam:ResourceTag/${TAG.Key}`]: TAG.Value } };
    case 'iam:PermissionsBoundary':
      return { ArnEquals: { 'iam:PermissionsBoundary': f.boundaryArn } };
    case 'iam:PolicyARN':
      return { ArnEquals: { 'iam:PolicyARN': f.policyArn } };
    case 'iam:ServiceSpecificCredentialServiceName':
      return { StringEquals: { 'iam:ServiceSpecificCredentialServiceName': ACME_SERVICE } };
    case 'iam:AWSServiceName':
      return { StringEquals: { 'iam:AWSServiceName': 'walk.amazonaws.com' } };
    default:
      throw new Error(`no Deny condition for ${key}: add one here (or a reason to UNKNOWABLE_KEYS)`);
  }
}

const TRUST = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
const DOC = policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' });
const THUMBPRINT = 'a'.repeat(40);
const SAML_METADATA = `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${TEST_IDP_CERT_BASE64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

const U = { UserName: 'subject' };
const ACME_SERVICE = 'acme.amazonaws.com';
const ACME_TEXT = Object.values(import.meta.glob('/examples/acme/acme.service.json', { query: '?raw', import: 'default', eager: true }))[0] as string;
const SSH_KEY_ID = { SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAAA' };
const R = { RoleName: 'subject-role' };
const IP = { InstanceProfileName: 'subject-profile' };
const SC = { ServerCertificateName: 'subject-cert' };

/**
 * One request per action, carrying every key the action lists: the tagged subject entities, the request
 * tags, the removed key, the boundary, the policy. Only actions whose reference entry lists a knowable
 * key need one; the walk fails for an action that lists one and has none here.
 */
const REQUESTS: Record<string, (f: Fixtures) => Record<string, string>> = {
  CreateUser: (f) => ({ UserName: 'walk-new-user', PermissionsBoundary: f.boundaryArn, ...REQUEST_TAG }),
  GetUser: () => U,
  GenerateServiceLastAccessedDetails: (f) => ({ Arn: f.userArn }),
  UpdateUser: () => ({ ...U, NewPath: '/moved/' }),
  DeleteUser: () => U,
  TagUser: () => ({ ...U, ...REQUEST_TAG }),
  UntagUser: () => ({ ...U, ...REMOVED_KEY }),
  ListUserTags: () => U,
  CreateAccessKey: () => U,
  ListAccessKeys: () => U,
  CreateLoginProfile: () => ({ ...U, Password: 'Walk-Passw0rd!' }),
  GetLoginProfile: () => U,
  UpdateLoginProfile: () => ({ ...U, PasswordResetRequired: 'true' }),
  DeleteLoginProfile: () => U,
  // The caller's own password: the walker carries the subject's tag so its own ARN matches the Deny.
  ChangePassword: () => ({ OldPassword: 'Walk-Old-Passw0rd!', NewPassword: 'Walk-New-Passw0rd!' }),
  UpdateAccessKey: (f) => ({ ...U, AccessKeyId: f.accessKeyId, Status: 'Active' }),
  DeleteAccessKey: (f) => ({ ...U, AccessKeyId: f.accessKeyId }),
  GetAccessKeyLastUsed: (f) => ({ AccessKeyId: f.accessKeyId }),
  UploadSigningCertificate: () => ({ ...U, CertificateBody: RSA_CERT }),
  ListSigningCertificates: () => U,
  // Authorized on the user before the certificate is looked up: an unknown id is NoSuchEntity once allowed.
  UpdateSigningCertificate: () => ({ ...U, CertificateId: 'A'.repeat(28), Status: 'Inactive' }),
  DeleteSigningCertificate: () => ({ ...U, CertificateId: 'A'.repeat(28) }),
  UploadServerCertificate: () => ({ ServerCertificateName: 'walk-new-cert', CertificateBody: EC_CERT, PrivateKey: EC_KEY, ...REQUEST_TAG }),
  GetServerCertificate: () => SC,
  UpdateServerCertificate: () => ({ ...SC, NewPath: '/moved/' }),
  DeleteServerCertificate: () => SC,
  TagServerCertificate: () => ({ ...SC, ...REQUEST_TAG }),
  UntagServerCertificate: () => ({ ...SC, ...REMOVED_KEY }),
  ListServerCertificateTags: () => SC,
  UploadSSHPublicKey: () => ({ ...U, SSHPublicKeyBody: RSA_3072 }),
  GetSSHPublicKey: () => ({ ...U, ...SSH_KEY_ID, Encoding: 'SSH' }),
  ListSSHPublicKeys: () => U,
  UpdateSSHPublicKey: () => ({ ...U, ...SSH_KEY_ID, Status: 'Active' }),
  DeleteSSHPublicKey: () => ({ ...U, ...SSH_KEY_ID }),
  CreateServiceSpecificCredential: () => ({ ...U, ServiceName: ACME_SERVICE }),
  ListServiceSpecificCredentials: () => U,
  ResetServiceSpecificCredential: (f) => ({ ...U, ServiceSpecificCredentialId: f.serviceCredentialId }),
  UpdateServiceSpecificCredential: (f) => ({ ...U, ServiceSpecificCredentialId: f.serviceCredentialId, Status: 'Active' }),
  DeleteServiceSpecificCredential: (f) => ({ ...U, ServiceSpecificCredentialId: f.serviceCredentialId }),
  ListGroupsForUser: () => U,
  PutUserPolicy: () => ({ ...U, PolicyName: 'p', PolicyDocument: DOC }),
  GetUserPolicy: () => ({ ...U, PolicyName: 'p' }),
  DeleteUserPolicy: () => ({ ...U, PolicyName: 'p' }),
  ListUserPolicies: () => U,
  PutUserPermissionsBoundary: (f) => ({ ...U, PermissionsBoundary: f.boundaryArn }),
  DeleteUserPermissionsBoundary: () => U,
  AttachUserPolicy: (f) => ({ ...U, PolicyArn: f.policyArn }),
  DetachUserPolicy: (f) => ({ ...U, PolicyArn: f.policyArn }),
  ListAttachedUserPolicies: () => U,
  AttachGroupPolicy: (f) => ({ GroupName: 'subject-group', PolicyArn: f.policyArn }),
  DetachGroupPolicy: (f) => ({ GroupName: 'subject-group', PolicyArn: f.policyArn }),
  CreatePolicy: () => ({ PolicyName: 'walk-new-policy', PolicyDocument: DOC, ...REQUEST_TAG }),
  GetPolicy: (f) => ({ PolicyArn: f.policyArn }),
  DeletePolicy: (f) => ({ PolicyArn: f.policyArn }),
  CreatePolicyVersion: (f) => ({ PolicyArn: f.policyArn, PolicyDocument: DOC }),
  GetPolicyVersion: (f) => ({ PolicyArn: f.policyArn, VersionId: 'v1' }),
  ListPolicyVersions: (f) => ({ PolicyArn: f.policyArn }),
  DeletePolicyVersion: (f) => ({ PolicyArn: f.policyArn, VersionId: 'v1' }),
  SetDefaultPolicyVersion: (f) => ({ PolicyArn: f.policyArn, VersionId: 'v1' }),
  TagPolicy: (f) => ({ PolicyArn: f.policyArn, ...REQUEST_TAG }),
  UntagPolicy: (f) => ({ PolicyArn: f.policyArn, ...REMOVED_KEY }),
  ListPolicyTags: (f) => ({ PolicyArn: f.policyArn }),
  ListEntitiesForPolicy: (f) => ({ PolicyArn: f.policyArn }),
  CreateRole: (f) => ({ RoleName: 'walk-new-role', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: f.boundaryArn, ...REQUEST_TAG }),
  GetRole: () => R,
  UpdateRole: () => ({ ...R, Description: 'd' }),
  UpdateRoleDescription: () => ({ ...R, Description: 'd' }),
  UpdateAssumeRolePolicy: () => ({ ...R, PolicyDocument: TRUST }),
  DeleteRole: () => R,
  TagRole: () => ({ ...R, ...REQUEST_TAG }),
  UntagRole: () => ({ ...R, ...REMOVED_KEY }),
  ListRoleTags: () => R,
  PutRolePermissionsBoundary: (f) => ({ ...R, PermissionsBoundary: f.boundaryArn }),
  DeleteRolePermissionsBoundary: () => R,
  PutRolePolicy: () => ({ ...R, PolicyName: 'p', PolicyDocument: DOC }),
  GetRolePolicy: () => ({ ...R, PolicyName: 'p' }),
  DeleteRolePolicy: () => ({ ...R, PolicyName: 'p' }),
  ListRolePolicies: () => R,
  AttachRolePolicy: (f) => ({ ...R, PolicyArn: f.policyArn }),
  DetachRolePolicy: (f) => ({ ...R, PolicyArn: f.policyArn }),
  ListAttachedRolePolicies: () => R,
  ListInstanceProfilesForRole: () => R,
  CreateInstanceProfile: () => ({ InstanceProfileName: 'walk-new-profile', ...REQUEST_TAG }),
  GetInstanceProfile: () => IP,
  DeleteInstanceProfile: () => IP,
  // Not a service of this deployment: the call is refused (InvalidInput) after it is authorized.
  CreateServiceLinkedRole: () => ({ AWSServiceName: 'walk.amazonaws.com' }),
  DeleteServiceLinkedRole: () => R,
  GetServiceLinkedRoleDeletionStatus: () => ({ DeletionTaskId: `task/aws-service-role/walk.amazonaws.com/${R.RoleName}/00000000-0000-4000-8000-000000000000` }),
  ListPoliciesGrantingServiceAccess: (f) => ({ Arn: f.userArn, 'ServiceNamespaces.member.1': 'iam' }),
  AddRoleToInstanceProfile: () => ({ ...IP, ...R }),
  RemoveRoleFromInstanceProfile: () => ({ ...IP, ...R }),
  TagInstanceProfile: () => ({ ...IP, ...REQUEST_TAG }),
  UntagInstanceProfile: () => ({ ...IP, ...REMOVED_KEY }),
  ListInstanceProfileTags: () => IP,
  CreateSAMLProvider: () => ({ Name: 'walk-new-saml', SAMLMetadataDocument: SAML_METADATA, ...REQUEST_TAG }),
  GetSAMLProvider: (f) => ({ SAMLProviderArn: f.samlArn }),
  UpdateSAMLProvider: (f) => ({ SAMLProviderArn: f.samlArn, SAMLMetadataDocument: SAML_METADATA }),
  DeleteSAMLProvider: (f) => ({ SAMLProviderArn: f.samlArn }),
  TagSAMLProvider: (f) => ({ SAMLProviderArn: f.samlArn, ...REQUEST_TAG }),
  UntagSAMLProvider: (f) => ({ SAMLProviderArn: f.samlArn, ...REMOVED_KEY }),
  ListSAMLProviderTags: (f) => ({ SAMLProviderArn: f.samlArn }),
  SimulatePrincipalPolicy: (f) => ({ PolicySourceArn: f.userArn, 'ActionNames.member.1': 'iam:GetUser' }),
  GetContextKeysForPrincipalPolicy: (f) => ({ PolicySourceArn: f.userArn }),
  CreateVirtualMFADevice: () => ({ VirtualMFADeviceName: 'walk-new-device', ...REQUEST_TAG }),
  DeleteVirtualMFADevice: (f) => ({ SerialNumber: f.mfaSerial }),
  EnableMFADevice: (f) => ({ ...U, SerialNumber: f.mfaSerial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }),
  ResyncMFADevice: (f) => ({ ...U, SerialNumber: f.mfaSerial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }),
  DeactivateMFADevice: (f) => ({ ...U, SerialNumber: f.mfaSerial }),
  ListMFADevices: () => U,
  GetMFADevice: (f) => ({ ...U, SerialNumber: f.mfaSerial }),
  TagMFADevice: (f) => ({ SerialNumber: f.mfaSerial, ...REQUEST_TAG }),
  UntagMFADevice: (f) => ({ SerialNumber: f.mfaSerial, ...REMOVED_KEY }),
  ListMFADeviceTags: (f) => ({ SerialNumber: f.mfaSerial }),
  CreateOpenIDConnectProvider: () => ({ Url: 'https://walk.example.com', ...REQUEST_TAG }),
  GetOpenIDConnectProvider: (f) => ({ OpenIDConnectProviderArn: f.oidcArn }),
  DeleteOpenIDConnectProvider: (f) => ({ OpenIDConnectProviderArn: f.oidcArn }),
  AddClientIDToOpenIDConnectProvider: (f) => ({ OpenIDConnectProviderArn: f.oidcArn, ClientID: 'walk-client' }),
  RemoveClientIDFromOpenIDConnectProvider: (f) => ({ OpenIDConnectProviderArn: f.oidcArn, ClientID: 'walk-client' }),
  UpdateOpenIDConnectProviderThumbprint: (f) => ({ OpenIDConnectProviderArn: f.oidcArn, 'ThumbprintList.member.1': THUMBPRINT }),
  TagOpenIDConnectProvider: (f) => ({ OpenIDConnectProviderArn: f.oidcArn, ...REQUEST_TAG }),
  UntagOpenIDConnectProvider: (f) => ({ OpenIDConnectProviderArn: f.oidcArn, ...REMOVED_KEY }),
  ListOpenIDConnectProviderTags: (f) => ({ OpenIDConnectProviderArn: f.oidcArn }),
};

const RESOURCE_TAG_KEYS = ['aws:ResourceTag/${TagKey}', 'iam:ResourceTag/${TagKey}'];

/** Why a listed key is not walked for an action, or undefined when it is. */
function excluded(action: string, key: string): string | undefined {
  if (key in UNKNOWABLE_KEYS) return UNKNOWABLE_KEYS[key];
  if (/^(Create|Upload)/.test(action) && RESOURCE_TAG_KEYS.includes(key)) return 'a create (or upload) has no resource, hence no resource tags, before it runs';
  return undefined;
}

/** Implemented actions the reference does not list (so it lists no keys for them), with the reason. */
const NOT_IN_REFERENCE: Record<string, string> = {
  UpdateDelegationRequest: 'in the IAM model (botocore 1.43) but not in the Service Authorization Reference data (iam-data 0.21); it answers NoSuchEntity after iam:UpdateDelegationRequest is authorized',
};

/** The knowable keys the reference lists for an implemented action (its own and its resource types'). */
function walkedKeys(action: string): string[] {
  const found = lookupAction(`iam:${action}`);
  if (!found && action in NOT_IN_REFERENCE) return [];
  if (!found) throw new Error(`iam:${action} is implemented but not in the Service Authorization Reference table`);
  const types = found.entry.resources.map((r) => r.type);
  const keys = new Set<string>();
  for (const t of types.length ? types : [undefined]) for (const k of targetConditionKeys(`iam:${action}`, t) ?? []) keys.add(k);
  return [...keys].filter((k) => excluded(action, k) === undefined);
}

const IMPLEMENTED = [
  ...iamActions(
    () => Promise.reject(new Error('no secrets in this walk')),
    { lookupForeignPrincipals: () => Promise.reject(new Error('no read model in this walk')) },
    { claim: () => Promise.reject(new Error('no alias register in this walk')), releaseExcept: () => Promise.reject(new Error('no alias register in this walk')) },
  ).keys(),
];
const CASES = IMPLEMENTED.flatMap((action) => walkedKeys(action).map((key) => ({ action, key })));

describe('every action authorizes with the condition keys the reference lists for it', { timeout: 120_000 }, () => {
  let root: Keys;
  let caller: Keys;
  let f: Fixtures;
  const denyOnly = (action: string, key: string) =>
    policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, { Effect: 'Deny', Action: `iam:${action}`, Resource: '*', Condition: conditionFor(key, f) });

  beforeAll(async () => {
    const account = await newAccount();
    root = account.root;
    caller = await userWithKey(root, 'walker');
    const tag = { 'Tags.member.1.Key': TAG.Key, 'Tags.member.1.Value': TAG.Value };
    await iamOk(root, 'TagUser', { UserName: 'walker', ...tag });
    const boundaryArn = (await iamOk(root, 'CreatePolicy', { PolicyName: 'boundary', PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) })).Policy.Arn;
    const policyArn = (await iamOk(root, 'CreatePolicy', { PolicyName: 'subject-policy', PolicyDocument: DOC, ...tag })).Policy.Arn;
    const user = (await iamOk(root, 'CreateUser', { ...U, PermissionsBoundary: boundaryArn, ...tag })).User;
    const accessKeyId = (await iamOk(root, 'CreateAccessKey', U)).AccessKey.AccessKeyId;
    await iamOk(root, 'CreateGroup', { GroupName: 'subject-group' });
    await iamOk(root, 'CreateRole', { ...R, AssumeRolePolicyDocument: TRUST, PermissionsBoundary: boundaryArn, ...tag });
    await iamOk(root, 'CreateInstanceProfile', { ...IP, ...tag });
    const mfaSerial = (await iamOk(root, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'subject-device', ...tag })).VirtualMFADevice.SerialNumber;
    const oidcArn = (await iamOk(root, 'CreateOpenIDConnectProvider', { Url: 'https://subject.example.com', ...tag })).OpenIDConnectProviderArn;
    await iamOk(root, 'UploadServerCertificate', { ...SC, CertificateBody: RSA_CERT, PrivateKey: RSA_KEY, ...tag });
    const samlArn = (await iamOk(root, 'CreateSAMLProvider', { Name: 'subject-saml', SAMLMetadataDocument: SAML_METADATA, ...tag })).SAMLProviderArn;
    // A credential for a catalog service, read past the catalog's cache with the catalog write's bookmark.
    const catalog = await operator('PUT', '/services/acme', JSON.parse(ACME_TEXT));
    const credential = await call(root, 'CreateServiceSpecificCredential', { ...U, ServiceName: ACME_SERVICE }, 'iam', { 'x-iam-bookmark': catalog.headers.get('x-iam-bookmark')! });
    const serviceCredentialId = credential.result.ServiceSpecificCredential.ServiceSpecificCredentialId;
    f = { accountId: account.accountId, boundaryArn, policyArn, mfaSerial, oidcArn, samlArn, accessKeyId, userArn: user.Arn, serviceCredentialId };
  });

  it('walks a non-trivial part of the table', () => {
    // Every tag action of every taggable kind, and the boundary and policy keys, are among the cases.
    const walked = new Set(CASES.map((c) => `${c.action} ${c.key}`));
    for (const noun of ['User', 'Role', 'Policy', 'InstanceProfile', 'MFADevice', 'OpenIDConnectProvider', 'SAMLProvider']) {
      expect(walked).toContain(`Tag${noun} aws:TagKeys`);
      expect(walked).toContain(`Tag${noun} aws:RequestTag/\${TagKey}`);
      expect(walked).toContain(`Untag${noun} aws:TagKeys`);
      expect(walked).toContain(`List${noun}Tags aws:ResourceTag/\${TagKey}`);
    }
    expect(walked).toContain('AttachUserPolicy iam:PolicyARN');
    expect(walked).toContain('DeleteUserPolicy iam:PermissionsBoundary');
    expect(CASES.length).toBeGreaterThan(150);
  });

  it('has a request for every action that lists a knowable key', () => {
    expect(IMPLEMENTED.filter((a) => walkedKeys(a).length > 0 && !REQUESTS[a])).toEqual([]);
  });

  it('a Deny conditioned on each key refuses the call', async () => {
    const notDenied: string[] = [];
    for (const { action, key } of CASES) {
      await iamOk(root, 'PutUserPolicy', { UserName: 'walker', PolicyName: 'walk', PolicyDocument: denyOnly(action, key) });
      const r = await call(caller, action, REQUESTS[action]!(f));
      if (r.error?.Code !== 'AccessDenied') notDenied.push(`${action} ${key}: ${r.status} ${r.error?.Code ?? 'OK'} ${r.error?.Message ?? ''}`);
    }
    expect(notDenied).toEqual([]);
  });

  it('the same calls without the Deny are not refused', async () => {
    // Run after the Deny cases: these calls are allowed and change the fixtures (DeleteUser deletes the
    // subject), which only ever turns a later answer into NoSuchEntity, never into AccessDenied.
    await iamOk(root, 'PutUserPolicy', { UserName: 'walker', PolicyName: 'walk', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) });
    const refused: string[] = [];
    // Destructive actions last: GetAccessKeyLastUsed answers AccessDenied for a key that no longer exists.
    const destructive = (a: string) => /^(Delete|Remove|Detach|Deactivate)/.test(a);
    const actions = [...new Set(CASES.map((c) => c.action))].sort((a, b) => Number(destructive(a)) - Number(destructive(b)));
    for (const action of actions) {
      const r = await call(caller, action, REQUESTS[action]!(f));
      if (r.error?.Code === 'AccessDenied' || r.status >= 500) refused.push(`${action}: ${r.status} ${r.error?.Code} ${r.error?.Message}`);
    }
    expect(refused).toEqual([]);
  });
});
