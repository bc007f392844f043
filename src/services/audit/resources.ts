/**
 * @module LookupEvents' `Resources` of an IAM call (API_Event.html, API_Resource.html): the entities the
 * request names by their model members (`UserName` → `AWS::IAM::User`, `PolicyArn` → `AWS::IAM::Policy`,
 * ...), and for a write that created one, the identifier its response made (CreateAccessKey's key id,
 * CreatePolicy's ARN). Names as the request wrote them, ARNs for what is named by ARN, as CloudTrail's event
 * history shows them (CloudTrail User Guide, "Viewing CloudTrail events with the AWS CLI": `ResourceType`
 * `AWS::IAM::User`, `ResourceName` the user's name).
 */
import type { EventResource } from '../../core/audit/event';

/** Request members that name a resource, and its CloudFormation-style type. */
const MEMBER_TYPES: Readonly<Record<string, string>> = {
  UserName: 'AWS::IAM::User',
  NewUserName: 'AWS::IAM::User',
  GroupName: 'AWS::IAM::Group',
  NewGroupName: 'AWS::IAM::Group',
  RoleName: 'AWS::IAM::Role',
  PolicyArn: 'AWS::IAM::Policy',
  PermissionsBoundary: 'AWS::IAM::Policy',
  AccessKeyId: 'AWS::IAM::AccessKey',
  InstanceProfileName: 'AWS::IAM::InstanceProfile',
  OpenIDConnectProviderArn: 'AWS::IAM::OIDCProvider',
  SAMLProviderArn: 'AWS::IAM::SAMLProvider',
  ServerCertificateName: 'AWS::IAM::ServerCertificate',
  NewServerCertificateName: 'AWS::IAM::ServerCertificate',
  SerialNumber: 'AWS::IAM::MFADevice',
  VirtualMFADeviceName: 'AWS::IAM::MFADevice',
  ServiceSpecificCredentialId: 'AWS::IAM::ServiceSpecificCredential',
  SSHPublicKeyId: 'AWS::IAM::SSHPublicKey',
  CertificateId: 'AWS::IAM::SigningCertificate',
};

/** Where a write's response carries the identifier of what it created (the request cannot name it yet). */
const CREATED: readonly { path: readonly string[]; type: string }[] = [
  { path: ['AccessKey', 'AccessKeyId'], type: 'AWS::IAM::AccessKey' },
  { path: ['Policy', 'Arn'], type: 'AWS::IAM::Policy' },
  { path: ['OpenIDConnectProviderArn'], type: 'AWS::IAM::OIDCProvider' },
  { path: ['SAMLProviderArn'], type: 'AWS::IAM::SAMLProvider' },
  { path: ['VirtualMFADevice', 'SerialNumber'], type: 'AWS::IAM::MFADevice' },
  { path: ['ServiceSpecificCredential', 'ServiceSpecificCredentialId'], type: 'AWS::IAM::ServiceSpecificCredential' },
  { path: ['SSHPublicKey', 'SSHPublicKeyId'], type: 'AWS::IAM::SSHPublicKey' },
  { path: ['Certificate', 'CertificateId'], type: 'AWS::IAM::SigningCertificate' },
];

const at = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined), value);

/** The resources of an IAM call with `request` (decoded input) and, for a successful write, its `response`. */
export function iamResourcesOf(request: unknown, response?: unknown): EventResource[] {
  const out: EventResource[] = [];
  const add = (type: string, name: unknown) => {
    if (typeof name !== 'string' || name === '') return;
    if (!out.some((r) => r.type === type && r.name === name)) out.push({ type, name });
  };
  if (request && typeof request === 'object') {
    for (const [member, value] of Object.entries(request)) {
      const type = MEMBER_TYPES[member];
      if (type) add(type, value);
    }
  }
  if (response !== undefined) for (const { path, type } of CREATED) add(type, at(response, path));
  return out;
}
