/**
 * @module The MFA forms: name a device, create it (CreateVirtualMFADevice) and show its QR code and seed,
 * enable it with two consecutive codes (EnableMFADevice), cancel a setup (DeleteVirtualMFADevice), and
 * remove an assigned device (DeactivateMFADevice, then DeleteVirtualMFADevice, as AWS's console "Remove"
 * does).
 *
 * An abandoned setup (the page closed before the codes) leaves an unassigned device whose seed nobody can
 * read again, so it cannot be reused: a new setup under the same name deletes it and creates the device
 * afresh (DeleteVirtualMFADevice refuses a device that is assigned, so an enabled device is never touched).
 */
import { toBase64 } from '../../../core/bytes';
import type { ConsoleContext } from '../../guard';
import type { Form } from '../../http';
import { openEnrolment, sealEnrolment } from './enrolment';
import { checkFields, RULES } from './input';
import { MfaEnrolPage, MfaNamePage, type Enrolment } from './mfa-section';
import { renderPage } from './page';
import { done, run } from './run';
import { subjectError, type Subject } from './subject';

type Created = { VirtualMFADevice: { SerialNumber: string; Base32StringSeed: string; QRCodePNG: Uint8Array } };

/** GET .../mfa/new: the device name form. */
export const mfaNameForm = (c: ConsoleContext, s: Subject) => (subjectError(s) ? renderPage(c, s) : c.html(<MfaNamePage s={s} identity={c.get('identity')} />));

/** The serial number (ARN) of device `name` at path `/` of the signed-in principal's account. */
function serialOf(c: ConsoleContext, name: string): string {
  const p = c.get('identity').principal;
  return `arn:${p.arn.split(':')[1]}:iam::${p.accountId}:mfa/${name}`;
}

/** CreateVirtualMFADevice; an unassigned device of the same name (an abandoned setup) is replaced. */
async function createDevice(c: ConsoleContext, name: string) {
  const first = await run(c, 'CreateVirtualMFADevice', { VirtualMFADeviceName: name });
  if (first.ok || first.error.code !== 'EntityAlreadyExists') return first;
  const removed = await run(c, 'DeleteVirtualMFADevice', { SerialNumber: serialOf(c, name) });
  return removed.ok ? run(c, 'CreateVirtualMFADevice', { VirtualMFADeviceName: name }) : first;
}

/** POST .../mfa/new: creates the device and shows its QR code and seed, this once. */
export async function createMfaDevice(c: ConsoleContext, s: Subject, form: Form) {
  const identity = c.get('identity');
  const name = form['VirtualMFADeviceName'] ?? '';
  const bad = checkFields([[RULES.deviceName, name]]);
  if (bad) return c.html(<MfaNamePage s={s} identity={identity} name={name.slice(0, 226)} error={bad} />, 400);
  const r = await createDevice(c, name);
  if (!r.ok) return c.html(<MfaNamePage s={s} identity={identity} name={name} error={r.error} />, r.error.status as 400);
  const d = (r.output as Created).VirtualMFADevice;
  const e: Enrolment = { serial: d.SerialNumber, seed: d.Base32StringSeed, png: toBase64(d.QRCodePNG) };
  const sealed = await sealEnrolment(c.env, identity, e, c.get('now').getTime());
  return c.html(<MfaEnrolPage s={s} identity={identity} e={e} sealed={sealed} />);
}

/** POST .../mfa: EnableMFADevice with two consecutive codes; a refusal shows the setup again. */
export async function enableMfaDevice(c: ConsoleContext, s: Subject, form: Form) {
  const identity = c.get('identity');
  const serial = form['SerialNumber'] ?? '';
  const code1 = form['AuthenticationCode1'] ?? '';
  const code2 = form['AuthenticationCode2'] ?? '';
  // The model requires UserName: the own page of an IAM user names itself; the root user's leaves it out
  // (services/iam/mfa/assignment.ts: its device is assigned only from the console, as in AWS).
  const who = s.own && s.userName !== null ? { UserName: s.userName } : s.who;
  const bad = checkFields([[RULES.serialNumber, serial], [RULES.code1, code1], [RULES.code2, code2]]);
  const r = bad ? undefined : await run(c, 'EnableMFADevice', { ...who, SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 });
  if (r?.ok) return done(c, s, 'mfa-assigned');
  const error = bad ?? r!.error;
  const e = await openEnrolment(c.env, identity, form['enrolment'], serial, c.get('now').getTime());
  if (!e) return renderPage(c, s, { error });
  return c.html(<MfaEnrolPage s={s} identity={identity} e={e} sealed={form['enrolment']!} error={error} />, error.status as 400);
}

/** POST .../mfa/cancel: deletes the device of an unfinished setup. */
export async function cancelMfaSetup(c: ConsoleContext, s: Subject, form: Form) {
  const serial = form['SerialNumber'] ?? '';
  const bad = checkFields([[RULES.serialNumber, serial]]);
  const r = bad ? undefined : await run(c, 'DeleteVirtualMFADevice', { SerialNumber: serial });
  if (!r?.ok) return renderPage(c, s, { error: bad ?? r!.error });
  return done(c, s, 'mfa-cancelled');
}

/** POST .../mfa/deactivate: unassigns the device, then deletes it (its seed is of no further use). */
export async function removeMfaDevice(c: ConsoleContext, s: Subject, form: Form) {
  const serial = form['SerialNumber'] ?? '';
  const bad = checkFields([[RULES.serialNumber, serial]]);
  const r = bad ? undefined : await run(c, 'DeactivateMFADevice', { ...s.who, SerialNumber: serial });
  if (!r?.ok) return renderPage(c, s, { error: bad ?? r!.error });
  // Best effort: a principal allowed to deactivate but not to delete leaves an unassigned device, which
  // the next setup under its name replaces (createDevice).
  await run(c, 'DeleteVirtualMFADevice', { SerialNumber: serial });
  return done(c, s, 'mfa-removed');
}
