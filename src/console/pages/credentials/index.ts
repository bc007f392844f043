/**
 * @module Security credentials (issue 10 §3): a user's page, `/console/iam/users/{name}/security-credentials`,
 * and the signed-in principal's own, `/console/iam/security-credentials` (the root user's included), with
 * the same routes under each (console.md's route map), plus the own page's password change.
 */
import type { Hono } from 'hono';
import type { ConsoleContext, ConsoleEnv } from '../../guard';
import { createKey, deleteKey, setKeyStatus } from './key-actions';
import { cancelMfaSetup, createMfaDevice, enableMfaDevice, mfaNameForm, removeMfaDevice } from './mfa-actions';
import { changeOwnPassword } from './own-password';
import { renderPage } from './page';
import { deleteLoginProfile, setLoginProfile } from './password-actions';
import { posted } from './posted';
import { ownSubject, userSubject, type Subject } from './subject';

function mount(app: Hono<ConsoleEnv>, prefix: string, subjectOf: (c: ConsoleContext) => Subject) {
  app.get(prefix, (c) => renderPage(c, subjectOf(c)));
  app.post(`${prefix}/login-profile`, posted(subjectOf, setLoginProfile));
  app.post(`${prefix}/login-profile/delete`, posted(subjectOf, deleteLoginProfile));
  app.post(`${prefix}/keys`, posted(subjectOf, createKey));
  app.post(`${prefix}/keys/:id/status`, posted(subjectOf, setKeyStatus));
  app.post(`${prefix}/keys/:id/delete`, posted(subjectOf, deleteKey));
  app.get(`${prefix}/mfa/new`, (c) => mfaNameForm(c, subjectOf(c)));
  app.post(`${prefix}/mfa/new`, posted(subjectOf, createMfaDevice));
  app.post(`${prefix}/mfa`, posted(subjectOf, enableMfaDevice));
  app.post(`${prefix}/mfa/cancel`, posted(subjectOf, cancelMfaSetup));
  app.post(`${prefix}/mfa/deactivate`, posted(subjectOf, removeMfaDevice));
}

/** Registers both pages' routes on the `/console/iam` app. */
export function registerCredentials(app: Hono<ConsoleEnv>): void {
  const own = (c: ConsoleContext) => ownSubject(c.get('identity'));
  mount(app, '/users/:name/security-credentials', userSubject);
  mount(app, '/security-credentials', own);
  app.post('/security-credentials/password', posted(own, changeOwnPassword));
}
