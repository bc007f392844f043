/**
 * @module IAM's own parameter checks: the ones IAM words itself instead of the generic
 * `Value '…' at '…' failed to satisfy constraint: Member must satisfy regular expression pattern: …`.
 *
 * A path that does not match its shape's pattern is refused with `ValidationError` (400, Sender):
 * - `Path`/`NewPath` (pathType, and the PathPrefix of ListEntitiesForPolicy, which is a pathType):
 *   "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric
 *   characters and/or / characters." (`newPath` for UpdateUser/UpdateGroup: the member's path name);
 * - `PathPrefix` of ListUsers/ListGroups/ListRoles/ListInstanceProfiles (pathPrefixType):
 *   "The specified value for pathPrefix is invalid. It must begin with the / character and contain only
 *   alphanumeric characters and/or / characters.";
 * - managed-policy paths and prefixes (policyPathType) get the pathType wording: AWS's text for them is
 *   not published (reconstructed; their pattern, like pathType's, needs a `/` at both ends).
 * The model's length limit is still checked first, with the model's message: AWS answers a 513-character
 * path with "Member must have length less than or equal to 512". These checks run only when the model's
 * constraints all hold, as IAM's own checks run after request validation.
 *
 * Sources: IAM responses quoted in aws-cloudformation/cfn-lint#722 and serverless/serverless#3802 (path),
 * ansible-collections/amazon.aws#2065 (pathPrefix, reported as ValidationError); the code ValidationError
 * and the length-first order as recorded by IAM emulators tested against AWS (versity/versitygw IAM tests,
 * mulgadc/spinifex gateway tests).
 */
import type { OwnCheck } from './decode';
import { matchesPattern } from './patterns';

const pathCheck =
  (rule: string): OwnCheck =>
  (value, path, shape) =>
    shape.pattern === undefined || matchesPattern(shape.pattern, value)
      ? undefined
      : `The specified value for ${path} is invalid. ${rule} and contain only alphanumeric characters and/or / characters.`;

/** IAM's own checks, by model shape name. */
export const IAM_OWN_CHECKS: Readonly<Record<string, OwnCheck>> = {
  pathType: pathCheck('It must begin and end with /'),
  policyPathType: pathCheck('It must begin and end with /'),
  pathPrefixType: pathCheck('It must begin with the / character'),
};
