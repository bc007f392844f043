/**
 * console/query-input.ts: a console call's input goes through the Query API's decoder, so the console
 * refuses exactly what the API refuses, in the same words, and the object gets the same typed input.
 */
import { describe, expect, it } from 'vitest';
import { queryInput } from '../../src/console/query-input';

describe('console query input', () => {
  it('writes lists, numbers and booleans as Query parameters and decodes them back typed', () => {
    expect(queryInput('TagUser', { UserName: 'a+b=c,d.e@f_g-h', Tags: [{ Key: 'k', Value: '' }, { Key: 'team', Value: 'blue' }] })).toEqual({
      ok: true,
      input: { UserName: 'a+b=c,d.e@f_g-h', Tags: [{ Key: 'k', Value: '' }, { Key: 'team', Value: 'blue' }] },
    });
    expect(queryInput('CreateLoginProfile', { UserName: 'u', Password: 'p', PasswordResetRequired: true })).toEqual({
      ok: true,
      input: { UserName: 'u', Password: 'p', PasswordResetRequired: true },
    });
    expect(queryInput('ListUsers', { MaxItems: 50, Marker: undefined })).toEqual({ ok: true, input: { MaxItems: 50 } });
  });

  it('answers the API errors: a too long member, the IAM path check, a missing member, a sensitive value left out, an unknown action', () => {
    const error = (action: string, input: Record<string, unknown>) => {
      const r = queryInput(action, input);
      return r.ok ? undefined : { code: r.error.code, message: r.error.message, status: r.error.status };
    };
    expect(error('CreateUser', { UserName: 'x'.repeat(65) })).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `1 validation error detected: Value '${'x'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    });
    // IAM's own path check (protocol/query/iam-checks.ts) after the model's constraints.
    expect(error('CreateUser', { UserName: 'u', Path: 'no-slash' })?.code).toBe('ValidationError');
    expect(error('AddUserToGroup', { UserName: 'u' })?.message).toBe("1 validation error detected: Value null at 'groupName' failed to satisfy constraint: Member must not be null");
    expect(error('CreateLoginProfile', { UserName: 'u', Password: 'x'.repeat(129) })?.message).toBe(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
    expect(error('Nope', {})).toEqual({ code: 'InvalidAction', status: 400, message: 'Could not find operation Nope for version 2010-05-08' });
  });
});
