/**
 * @module The records of an account's IAM state, as the services see them. Storage adapters map them to
 * tables (storage/README.md); timestamps are ISO-8601 strings so records cross RPC and JSON unchanged.
 */

/** Lifecycle of a tenant account. `closing` refuses every call while its data is purged. */
export type AccountStatus = 'active' | 'closing';

/** A tenant account (docs/DESIGN.md §2). */
export interface AccountRecord {
  accountId: string;
  email: string;
  alias: string | null;
  status: AccountStatus;
  createdAt: string;
}

/** An IAM user. */
export interface UserRecord {
  userId: string;
  userName: string;
  path: string;
  arn: string;
  createDate: string;
  permissionsBoundaryArn: string | null;
}

/** A tag on an IAM resource. */
export interface TagRecord {
  key: string;
  value: string;
}

/** `Active` or `Inactive`, as AWS spells the status of an access key. */
export type AccessKeyStatus = 'Active' | 'Inactive';

/** A long-term access key. `userId` null means the account's root user. */
export interface AccessKeyRecord {
  accessKeyId: string;
  userId: string | null;
  status: AccessKeyStatus;
  createDate: string;
  /** The secret, sealed by the SecretBox and bound to the key id. */
  secretSealed: string;
  lastUsedDate: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
}

/** An IAM group. */
export interface GroupRecord {
  groupId: string;
  groupName: string;
  path: string;
  arn: string;
  createDate: string;
}

/** The kinds of IAM entity a policy can be attached to or embedded in. */
export type PolicyEntityType = 'user' | 'group' | 'role';

/**
 * A customer-managed policy of this account. AWS-managed policies are not records: they are a global,
 * read-only catalog (services/iam/aws-managed.ts).
 */
export interface ManagedPolicyRecord {
  policyId: string;
  policyName: string;
  path: string;
  arn: string;
  description: string | null;
  defaultVersionId: string;
  createDate: string;
  updateDate: string;
  /** The number the next version gets (`v<n>`); version ids are never reused. */
  nextVersion: number;
}

/** One version of a managed policy; `document` is the JSON text as submitted. */
export interface PolicyVersionRecord {
  policyArn: string;
  versionId: string;
  document: string;
  createDate: string;
}

/** An inline policy embedded in a user, group or role; `document` is the JSON text as submitted. */
export interface InlinePolicyRecord {
  entityType: PolicyEntityType;
  entityId: string;
  policyName: string;
  document: string;
}

/** A managed policy (customer or AWS) attached to an entity. */
export interface AttachmentRecord {
  entityType: PolicyEntityType;
  entityId: string;
  policyArn: string;
}

/** An IAM role. */
export interface RoleRecord {
  roleId: string;
  roleName: string;
  path: string;
  arn: string;
  /** The trust policy (AssumeRolePolicyDocument) as JSON text, as the caller wrote it. */
  trustPolicy: string;
  /**
   * JSON `{"<principal ARN>": "<unique id>"}`: the same-account users and roles the trust policy named when
   * it was saved, bound by unique id as IAM binds them (null when it names none).
   */
  trustBindings: string | null;
  description: string | null;
  /** Longest session, in seconds (3,600–43,200). */
  maxSessionDuration: number;
  createDate: string;
  permissionsBoundaryArn: string | null;
  lastUsedDate: string | null;
  lastUsedRegion: string | null;
}

/** An instance profile: a container for one role, used by workloads. */
export interface InstanceProfileRecord {
  instanceProfileId: string;
  instanceProfileName: string;
  path: string;
  arn: string;
  createDate: string;
}

/**
 * A workload token: an operator-issued bearer secret bound to an instance profile, exchanged at
 * `GET /workload/credentials` for the profile's role's temporary credentials. Only the SHA-256 of the
 * token is stored; the token itself is shown once, when it is issued.
 */
export interface WorkloadTokenRecord {
  /** `wt-` and 18 hex digits; the role session name of the credentials it yields. */
  tokenId: string;
  /** Lower-case hex SHA-256 of the whole token text. */
  tokenHash: string;
  instanceProfileId: string;
  createdAt: string;
  expiresAt: string;
}

/** Who a virtual MFA device is assigned to: a user id, {@link ROOT_MFA_OWNER}, or null (unassigned). */
export const ROOT_MFA_OWNER = 'root';

/** A virtual MFA device. */
export interface MfaDeviceRecord {
  /** The device ARN, `arn:aws:iam::<acct>:mfa<path><name>`, which is also its serial number. */
  serialNumber: string;
  deviceName: string;
  path: string;
  /** The TOTP seed (base32 text), sealed by the SecretBox and bound to the serial number. */
  seedSealed: string;
  createDate: string;
  /** The user id it is enabled for, ROOT_MFA_OWNER for the root user, or null while unassigned. */
  userId: string | null;
  enableDate: string | null;
  /** The last TOTP time step accepted (a code is accepted once: no replay). */
  lastUsedStep: number | null;
}

/** Taggable IAM resources whose tags live in the shared tag table. */
export type TaggedResourceKind = 'mfa' | 'oidc-provider' | 'saml-provider' | 'server-certificate';

/**
 * Every taggable IAM entity kind, named as the Service Authorization Reference names its resource type;
 * one tag port (`AccountStore.listTags`/`replaceTags`) serves them all.
 */
export type TaggableType = 'user' | 'role' | 'policy' | 'instance-profile' | TaggedResourceKind;

/** An IAM OpenID Connect identity provider. */
export interface OidcProviderRecord {
  arn: string;
  /** The issuer URL without the scheme, as IAM shows it (`token.actions.example.com/path`). */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: string;
}

/** An IAM SAML identity provider. */
export interface SamlProviderRecord {
  arn: string;
  name: string;
  /** The SAML metadata XML, as uploaded. */
  metadataDocument: string;
  createDate: string;
  validUntil: string;
}

/** Who a login profile, a password history or a password use belongs to: a user id or {@link ROOT_PASSWORD_OWNER}. */
export const ROOT_PASSWORD_OWNER = 'root';

/** A console password (IAM's "login profile") of a user or of the root user. */
export interface LoginProfileRecord {
  /** The user id, or ROOT_PASSWORD_OWNER. */
  owner: string;
  /** The password's hash as a self-describing PHC string (core/password-hash.ts); never the password. */
  passwordHash: string;
  createDate: string;
  /** The owner must choose a new password at the next sign-in. */
  passwordResetRequired: boolean;
  /** When the password was last set: MaxPasswordAge counts from here. */
  passwordChangedAt: string;
}

/** The account password policy (UpdateAccountPasswordPolicy), every field as AWS keeps it. */
export interface PasswordPolicyRecord {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** Days a password is valid, 1–1095; null: passwords never expire. */
  maxPasswordAge: number | null;
  /** How many previous passwords may not be reused, 1–24; null: reuse allowed. */
  passwordReusePrevention: number | null;
  /** Null when the update left it out (GetAccountPasswordPolicy then omits it). */
  hardExpiry: boolean | null;
}

/** An X.509 signing certificate of a user, or of the root user (`userId` null). */
export interface SigningCertificateRecord {
  certificateId: string;
  userId: string | null;
  /** The PEM text as uploaded. */
  body: string;
  /** SHA-256 of the certificate's DER, hex: one certificate is held once in an account. */
  sha256: string;
  status: AccessKeyStatus;
  uploadDate: string;
}

/**
 * A server certificate (UploadServerCertificate): the PEM body and chain as uploaded, the private key
 * sealed by the SecretBox and bound to the certificate's id (never returned), and the body's notAfter.
 */
export interface ServerCertificateRecord {
  /** `ASCA…`. */
  serverCertificateId: string;
  serverCertificateName: string;
  path: string;
  /** `arn:aws:iam::<account>:server-certificate<path><name>`. */
  arn: string;
  certificateBody: string;
  certificateChain: string | null;
  privateKeySealed: string;
  uploadDate: string;
  /** The body's notAfter. */
  expiration: string;
}

/** DeletionTaskStatusType (GetServiceLinkedRoleDeletionStatus). */
export type RoleDeletionStatus = 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED';

/** A service-linked role's deletion task (DeleteServiceLinkedRole). */
export interface RoleDeletionTaskRecord {
  /** `task/aws-service-role/<service principal>/<role name>/<uuid>`. */
  taskId: string;
  status: RoleDeletionStatus;
  submittedAt: string;
}
