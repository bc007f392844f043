/**
 * The password policy's rules (src/core/password-policy.ts): each field of a custom policy, AWS's default
 * policy when there is none, and expiry.
 * Spec: IAM User Guide, "Set an account password policy for IAM users"; API_PasswordPolicy.html.
 */
import { describe, expect, it } from 'vitest';
import { POLICY_DEFAULTS, expiresPasswords, passwordExpired, satisfiesPolicy } from '../../../src/core/password-policy';
import type { PasswordPolicyRecord } from '../../../src/core/records';

const policy = (p: Partial<PasswordPolicyRecord>): PasswordPolicyRecord => ({ ...POLICY_DEFAULTS, ...p });

describe('a custom password policy', () => {
  it('requires its minimum length, counted in characters', () => {
    expect(satisfiesPolicy('abcdef', policy({}))).toBe(true);
    expect(satisfiesPolicy('abcde', policy({}))).toBe(false);
    expect(satisfiesPolicy('a'.repeat(13), policy({ minimumPasswordLength: 14 }))).toBe(false);
    expect(satisfiesPolicy('a'.repeat(14), policy({ minimumPasswordLength: 14 }))).toBe(true);
    expect(satisfiesPolicy('ééééééé', policy({ minimumPasswordLength: 7 }))).toBe(true);
  });

  it('requires each character class it names, and only those', () => {
    expect(satisfiesPolicy('abcdefgh', policy({ requireUppercaseCharacters: true }))).toBe(false);
    expect(satisfiesPolicy('abcdefgH', policy({ requireUppercaseCharacters: true }))).toBe(true);
    expect(satisfiesPolicy('ABCDEFGH', policy({ requireLowercaseCharacters: true }))).toBe(false);
    expect(satisfiesPolicy('ABCDEFGh', policy({ requireLowercaseCharacters: true }))).toBe(true);
    expect(satisfiesPolicy('abcdefgh', policy({ requireNumbers: true }))).toBe(false);
    expect(satisfiesPolicy('abcdefg7', policy({ requireNumbers: true }))).toBe(true);
    expect(satisfiesPolicy('abcdefgh', policy({ requireSymbols: true }))).toBe(false);
    for (const s of "!@#$%^&*()_+-=[]{}|'") expect(satisfiesPolicy(`abcdefg${s}`, policy({ requireSymbols: true })), s).toBe(true);
    // Not in AWS's symbol list: a space, a dot, a tilde, a non-ASCII letter.
    for (const s of [' ', '.', '~', 'é']) expect(satisfiesPolicy(`abcdefg${s}`, policy({ requireSymbols: true })), s).toBe(false);
    const all = policy({ requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true });
    expect(satisfiesPolicy('Abcdef1!', all)).toBe(true);
    expect(satisfiesPolicy('abcdef1!', all)).toBe(false);
  });
});

describe('AWS’s default policy (no custom policy)', () => {
  it('requires 8 characters and three of the four classes', () => {
    expect(satisfiesPolicy('Abcdef12', undefined)).toBe(true);
    expect(satisfiesPolicy('Abcdef1', undefined)).toBe(false);
    expect(satisfiesPolicy('abcdefgh12', undefined)).toBe(false);
    expect(satisfiesPolicy('abcdefgh1!', undefined)).toBe(true);
    expect(satisfiesPolicy('ABCDEFGH!!', undefined)).toBe(false);
  });

  it('refuses the account’s email or alias as the password', () => {
    const subject = { accountEmail: 'Owner1@Example.com', accountAlias: 'my-Org-1' };
    expect(satisfiesPolicy('owner1@example.com', undefined, subject)).toBe(false);
    expect(satisfiesPolicy('My-org-1', undefined, subject)).toBe(false);
    expect(satisfiesPolicy('My-org-12', undefined, subject)).toBe(true);
  });
});

describe('expiry', () => {
  it('follows MaxPasswordAge in days, and never without it', () => {
    const changed = '2026-01-01T00:00:00.000Z';
    expect(expiresPasswords(undefined)).toBe(false);
    expect(expiresPasswords(policy({ maxPasswordAge: 90 }))).toBe(true);
    expect(passwordExpired(changed, policy({}), new Date('2099-01-01'))).toBe(false);
    expect(passwordExpired(changed, policy({ maxPasswordAge: 1 }), new Date('2026-01-01T23:59:59.999Z'))).toBe(false);
    expect(passwordExpired(changed, policy({ maxPasswordAge: 1 }), new Date('2026-01-02T00:00:00.000Z'))).toBe(true);
  });
});
