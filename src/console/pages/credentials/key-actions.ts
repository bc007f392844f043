/**
 * @module The access key forms: create (and rotate), activate/deactivate, delete. The new key's secret is
 * rendered in the create response only (200), never in a URL, cookie or later page.
 */
import type { ConsoleContext } from '../../guard';
import type { Form } from '../../http';
import { checkFields, consoleError, RULES } from './input';
import { renderPage } from './page';
import { done, run } from './run';
import type { Subject } from './subject';

/** POST .../keys: CreateAccessKey; with `Rotate` (the current key's id), the rotation's next steps too. */
export async function createKey(c: ConsoleContext, s: Subject, form: Form) {
  const rotating = form['Rotate'] || undefined;
  const bad = rotating !== undefined ? checkFields([[RULES.accessKeyId, rotating]]) : undefined;
  if (bad) return renderPage(c, s, { error: bad });
  const r = await run(c, 'CreateAccessKey', { ...s.who });
  if (!r.ok) return renderPage(c, s, { error: r.error });
  const key = (r.output as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
  return renderPage(c, s, { newKey: { id: key.AccessKeyId, secret: key.SecretAccessKey, rotating } });
}

/** POST .../keys/{id}/status: UpdateAccessKey. */
export async function setKeyStatus(c: ConsoleContext, s: Subject, form: Form) {
  const id = c.req.param('id') ?? '';
  const status = form['Status'] ?? '';
  const bad =
    checkFields([[RULES.accessKeyId, id]]) ??
    (status === 'Active' || status === 'Inactive'
      ? undefined
      : consoleError('ValidationError', `1 validation error detected: Value '${status.slice(0, 64)}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`));
  if (bad) return renderPage(c, s, { error: bad });
  const r = await run(c, 'UpdateAccessKey', { ...s.who, AccessKeyId: id, Status: status });
  if (!r.ok) return renderPage(c, s, { error: r.error });
  return done(c, s, status === 'Active' ? 'key-activated' : 'key-deactivated');
}

/** POST .../keys/{id}/delete: DeleteAccessKey. */
export async function deleteKey(c: ConsoleContext, s: Subject) {
  const id = c.req.param('id') ?? '';
  const bad = checkFields([[RULES.accessKeyId, id]]);
  if (bad) return renderPage(c, s, { error: bad });
  const r = await run(c, 'DeleteAccessKey', { ...s.who, AccessKeyId: id });
  if (!r.ok) return renderPage(c, s, { error: r.error });
  return done(c, s, 'key-deleted');
}
