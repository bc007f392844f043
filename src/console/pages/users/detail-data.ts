/**
 * @module What the user detail page reads, each an IAM action as the signed-in principal, run together:
 * GetUser, ListGroupsForUser, ListAttachedUserPolicies, ListUserPolicies (and GetUserPolicy for each
 * inline policy, whose documents are small: a user's inline policies total 2,048 characters at most,
 * IAM quotas), ListUserTags, and the groups and policies the pickers offer. A read the principal may not
 * make leaves its section with AWS's error instead of the list; the rest of the page still shows.
 */
import type { ConsoleContext } from '../../guard';
import { loadChoices, type Choices } from './choices';
import { actAs, type Answer } from './common';

export interface UserFacts {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  PasswordLastUsed?: string;
  PermissionsBoundary?: { PermissionsBoundaryArn: string; PermissionsBoundaryType: string };
}
export interface InlinePolicy {
  name: string;
  /** The document as IAM stores it, or the error of reading it. */
  document: Answer<string>;
}

type UserGroups = { Groups: Array<{ GroupName: string; Arn: string }> };
type AttachedPolicies = { AttachedPolicies: Array<{ PolicyName: string; PolicyArn: string }> };
type UserTags = { Tags: Array<{ Key: string; Value: string }> };

export interface UserDetail {
  user: { ok: true; output: { User: UserFacts } };
  groups: Answer<UserGroups>;
  attached: Answer<AttachedPolicies>;
  inline: Answer<InlinePolicy[]>;
  tags: Answer<UserTags>;
  choices: Choices;
}

/** Every page of a user's lists IAM answers in one call: IAM's largest page. */
const MAX = 1000;

async function inlinePolicies(c: ConsoleContext, UserName: string): Promise<Answer<InlinePolicy[]>> {
  const names = await actAs<{ PolicyNames: string[] }>(c, 'ListUserPolicies', { UserName, MaxItems: MAX });
  if (!names.ok) return names;
  const policies = await Promise.all(
    names.output.PolicyNames.map(async (name): Promise<InlinePolicy> => {
      const got = await actAs<{ PolicyDocument: string }>(c, 'GetUserPolicy', { UserName, PolicyName: name });
      // IAM answers documents URL-encoded (RFC 3986), as the API does.
      return { name, document: got.ok ? { ok: true, output: decodeURIComponent(got.output.PolicyDocument) } : got };
    }),
  );
  return { ok: true, output: policies };
}

/**
 * Everything the detail page of `UserName` shows; `user` alone when GetUser is refused or the user does
 * not exist (nothing else is read then).
 */
export async function loadUserDetail(c: ConsoleContext, UserName: string): Promise<UserDetail | { user: Extract<Answer<unknown>, { ok: false }> }> {
  const user = await actAs<{ User: UserFacts }>(c, 'GetUser', { UserName });
  if (!user.ok) return { user };
  const [groups, attached, inline, tags, choices] = await Promise.all([
    actAs<UserGroups>(c, 'ListGroupsForUser', { UserName, MaxItems: MAX }),
    actAs<AttachedPolicies>(c, 'ListAttachedUserPolicies', { UserName, MaxItems: MAX }),
    inlinePolicies(c, UserName),
    actAs<UserTags>(c, 'ListUserTags', { UserName, MaxItems: MAX }),
    loadChoices(c),
  ]);
  return { user, groups, attached, inline, tags, choices };
}
