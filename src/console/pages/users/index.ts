/**
 * @module The users section of the console (issue 10 §3), under /console/iam:
 *
 *   GET  /users                      the list (?search=&marker=)                    list.tsx
 *   GET  /new-user                   the create form (outside /users/, so no user name can shadow it) create.tsx
 *   POST /users                      CreateUser, then the optional steps             create.tsx
 *   GET  /users/{name}               the detail page                                 detail.tsx
 *   POST /users/{name}/groups/add|groups/remove|policies/attach|policies/detach|inline|inline/delete|tags|tags/remove
 *   POST /users/{name}/delete
 *
 * `{name}` is the user name percent-encoded (`+=,.@` travel encoded; Hono decodes the parameter).
 * The security credentials page, /users/{name}/security-credentials, is its own section's.
 */
import type { Hono } from 'hono';
import type { ConsoleEnv } from '../../guard';
import { createUser, newUserForm } from './create';
import { deleteUser, postUserForm, USER_FORMS, userDetail } from './detail';
import { usersList } from './list';

export function registerUsers(app: Hono<ConsoleEnv>): void {
  app.get('/users', usersList);
  app.get('/new-user', newUserForm);
  app.post('/users', createUser);
  app.get('/users/:name', userDetail);
  for (const [path, spec] of Object.entries(USER_FORMS)) app.post(`/users/:name/${path}`, postUserForm(spec));
  app.post('/users/:name/delete', deleteUser);
}
