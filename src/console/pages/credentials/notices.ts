/**
 * @module The fixed notices a credentials page shows after a redirect (`?done=<code>`): the URL only
 * chooses one of these texts, it never supplies words of its own.
 */
const NOTICES: Record<string, string> = {
  'password-set': 'The console password was set.',
  'password-deleted': 'Console access was disabled: the password was deleted.',
  'key-activated': 'The access key was activated.',
  'key-deactivated': 'The access key was deactivated.',
  'key-deleted': 'The access key was deleted.',
  'mfa-assigned': 'The MFA device was assigned.',
  'mfa-removed': 'The MFA device was removed.',
  'mfa-cancelled': 'The MFA device was not assigned; its setup was cancelled.',
};

/** The notice of a `done` code; unknown codes show nothing. */
export const noticeOf = (code: string | undefined): string | undefined => (code !== undefined && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);

export type NoticeCode = keyof typeof NOTICES;
