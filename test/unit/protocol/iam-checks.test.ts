/**
 * IAM's own wording for an invalid path or path prefix, in place of the model's pattern message, with the
 * model's length limit still first. Spec and sources: src/protocol/query/iam-checks.ts.
 */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors';
import { IAM_MODEL, SERVICES, decodeInput, parseQuery } from '../../../src/protocol/query';

const PATH = 'It must begin and end with / and contain only alphanumeric characters and/or / characters.';
const PREFIX = 'It must begin with the / character and contain only alphanumeric characters and/or / characters.';

/** The error of decoding `body` for `op` as the IAM endpoint decodes it, or the input. */
function iam(op: string, body: string): AwsError | Record<string, unknown> {
  try {
    return decodeInput(IAM_MODEL, op, parseQuery(body), SERVICES.iam.decodeOptions);
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
}
const failure = (op: string, body: string) => {
  const e = iam(op, body);
  if (!(e instanceof AwsError)) throw new Error(`expected an error, got ${JSON.stringify(e)}`);
  return { code: e.code, status: e.status, message: e.message };
};

describe('IAM path checks', () => {
  it('words an invalid Path, NewPath and PathPrefix as IAM does', () => {
    for (const path of ['bad', 'bad/', '/bad', '/a b/']) {
      expect(failure('CreateUser', `UserName=u&Path=${encodeURIComponent(path)}`)).toEqual({
        code: 'ValidationError',
        status: 400,
        message: `The specified value for path is invalid. ${PATH}`,
      });
    }
    expect(failure('UpdateUser', 'UserName=u&NewPath=invalid').message).toBe(`The specified value for newPath is invalid. ${PATH}`);
    expect(failure('UpdateGroup', 'GroupName=g&NewPath=x').message).toBe(`The specified value for newPath is invalid. ${PATH}`);
    for (const op of ['ListUsers', 'ListGroups', 'ListRoles', 'ListInstanceProfiles']) {
      expect(failure(op, 'PathPrefix=invalid').message).toBe(`The specified value for pathPrefix is invalid. ${PREFIX}`);
      expect(failure(op, `PathPrefix=${encodeURIComponent('/invalid\n')}`).message).toBe(`The specified value for pathPrefix is invalid. ${PREFIX}`);
    }
    expect(failure('CreatePolicy', 'PolicyName=p&PolicyDocument=%7B%7D&Path=%2Fa%25%2F').message).toBe(`The specified value for path is invalid. ${PATH}`);
    expect(failure('ListPolicies', 'PathPrefix=%2Fnot-closed').message).toBe(`The specified value for pathPrefix is invalid. ${PATH}`);
  });

  it('accepts what the model accepts', () => {
    expect(iam('CreateUser', 'UserName=u&Path=%2Fa_b%25c%5C%2F')).toEqual({ UserName: 'u', Path: '/a_b%c\\/' });
    expect(iam('ListUsers', 'PathPrefix=%2Fa')).toEqual({ PathPrefix: '/a' });
    expect(iam('ListPolicies', 'PathPrefix=%2Fa%2F')).toEqual({ PathPrefix: '/a/' });
  });

  it('reports the model constraints first, as request validation does', () => {
    const long = `/${'a'.repeat(511)}/`;
    expect(failure('CreateUser', `UserName=u&Path=${long}`).message).toMatch(
      /^1 validation error detected: Value .*at 'path' failed to satisfy constraint: Member must have length less than or equal to 512$/,
    );
    expect(failure('CreateUser', 'UserName=u&Path=').message).toMatch(/Member must have length greater than or equal to 1$/);
    // Another member's violation wins over a bad path: the model's errors come first.
    expect(failure('CreateUser', 'UserName=a!&Path=bad').message).toMatch(/^1 validation error detected: .* at 'userName' /);
  });

  it('is IAM only: decoding without the options keeps the model pattern message', () => {
    expect(() => decodeInput(IAM_MODEL, 'CreateUser', parseQuery('UserName=u&Path=bad'))).toThrow(
      /at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });
});
