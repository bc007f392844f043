/**
 * @module The AttachedPermissionsBoundary shape of users and roles (GetUser, CreateUser, GetRole, CreateRole,
 * GetAccountAuthorizationDetails).
 *
 * `PermissionsBoundaryType` is `PermissionsBoundaryPolicy`: the one value of the model's
 * `PermissionsBoundaryAttachmentType` enum (a managed policy is the only kind of boundary).
 * Spec: IAM API Reference, "AttachedPermissionsBoundary" data type
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachedPermissionsBoundary.html).
 */

/** The only boundary type the model knows. */
export const PERMISSIONS_BOUNDARY_TYPE = 'PermissionsBoundaryPolicy';

/** `{ PermissionsBoundary }` for an entity with a boundary, nothing for one without. */
export const boundaryOf = (arn: string | null) =>
  arn ? { PermissionsBoundary: { PermissionsBoundaryType: PERMISSIONS_BOUNDARY_TYPE, PermissionsBoundaryArn: arn } } : {};
