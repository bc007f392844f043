/**
 * @module Whose credentials a page shows: an IAM user named in the URL (`/console/iam/users/{name}/
 * security-credentials`, an administrator's view), or the signed-in principal itself (`/console/iam/
 * security-credentials`, the root user included). The own page calls the actions without UserName, as
 * AWS's "My security credentials" page does, so AWS's self-service policies (`user/${aws:username}`)
 * authorize it.
 */
import type { WireError } from '../../../storage/account-rpc';
import type { ConsoleContext, ConsoleIdentity } from '../../guard';
import { checkFields, RULES } from './input';

export interface Subject {
  /** The signed-in principal's own page. */
  own: boolean;
  /** The own page of the root user (no login profile; its password is the root password). */
  root: boolean;
  /** The IAM user's name (null for the root user). */
  userName: string | null;
  /** The page's URL; its forms post under it. */
  base: string;
  /** The UserName member of the actions' input: absent on the own page. */
  who: { UserName?: string };
  /** The navigation entry the page belongs to. */
  nav: string;
}

export const OWN_BASE = '/console/iam/security-credentials';
export const userBase = (name: string) => `/console/iam/users/${encodeURIComponent(name)}/security-credentials`;

/** The signed-in principal's own page. */
export function ownSubject(identity: ConsoleIdentity): Subject {
  const userName = identity.principal.userName;
  return { own: true, root: userName === null, userName, base: OWN_BASE, who: {}, nav: OWN_BASE };
}

/** The page of the user named in the route's `name`. */
export function userSubject(c: ConsoleContext): Subject {
  const name = c.req.param('name') ?? '';
  return { own: false, root: false, userName: name, base: userBase(name), who: { UserName: name }, nav: '/console/iam/users' };
}

/** The page's heading. */
export const titleOf = (s: Subject) => (s.own ? 'My security credentials' : `Security credentials: ${s.userName}`);

/** A user name from the URL that the API would refuse (ValidationError), as the API words it. */
export const subjectError = (s: Subject): WireError | undefined => (s.own ? undefined : checkFields([[RULES.userName, s.userName ?? '']]));
