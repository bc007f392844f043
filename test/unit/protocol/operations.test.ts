import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors';
import { IAM_MODEL, IAM_OWN_CHECKS, SERVICES, STS_MODEL, parseQuery, resolveOperation } from '../../../src/protocol/query';

const resolve = (body: string, hint?: string) => resolveOperation(parseQuery(body), hint);
const failure = (body: string, hint?: string): [string, number, string] => {
  try {
    resolve(body, hint);
  } catch (e) {
    if (e instanceof AwsError) return [e.code, e.status, e.message];
  }
  throw new Error('expected an AwsError');
};

describe('SERVICES', () => {
  it('pairs each service with its model and version', () => {
    expect(SERVICES.iam).toEqual({ name: 'iam', model: IAM_MODEL, version: '2010-05-08', decodeOptions: { ownChecks: IAM_OWN_CHECKS } });
    expect(SERVICES.sts).toEqual({ name: 'sts', model: STS_MODEL, version: '2011-06-15', decodeOptions: {} });
  });
});

describe('resolveOperation', () => {
  it('tells IAM and STS apart by Version', () => {
    expect(resolve('Action=CreateUser&Version=2010-05-08')).toEqual({ service: 'iam', model: IAM_MODEL, operation: 'CreateUser', version: '2010-05-08' });
    expect(resolve('Action=GetCallerIdentity&Version=2011-06-15')).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity' });
  });

  it('accepts a SigV4 scope hint that agrees with Version', () => {
    expect(resolve('Action=AssumeRole&Version=2011-06-15', 'sts').service).toBe('sts');
    expect(resolve('Action=ListUsers&Version=2010-05-08', 'iam').service).toBe('iam');
  });

  it('refuses a hint that disagrees with Version', () => {
    expect(failure('Action=ListUsers&Version=2010-05-08', 'sts')).toEqual(['InvalidAction', 400, 'Could not find operation ListUsers for version 2010-05-08']);
    expect(failure('Action=GetCallerIdentity&Version=2011-06-15', 's3')[0]).toBe('InvalidAction');
  });

  it('refuses an unknown action, an action of the other service and an unknown version', () => {
    expect(failure('Action=CreateUserX&Version=2010-05-08')).toEqual(['InvalidAction', 400, 'Could not find operation CreateUserX for version 2010-05-08']);
    expect(failure('Action=AssumeRole&Version=2010-05-08')).toEqual(['InvalidAction', 400, 'Could not find operation AssumeRole for version 2010-05-08']);
    expect(failure('Action=CreateUser&Version=2099-01-01')).toEqual(['InvalidAction', 400, 'Could not find operation CreateUser for version 2099-01-01']);
    expect(failure('Action=createuser&Version=2010-05-08')[0]).toBe('InvalidAction');
    expect(failure('Action=toString&Version=2010-05-08')[0]).toBe('InvalidAction');
    expect(failure('Action=__proto__&Version=2010-05-08')[0]).toBe('InvalidAction');
    // A long Action or Version is not echoed whole (core/echo.ts).
    const long = 'A'.repeat(100_000);
    expect(failure(`Action=${long}&Version=${long}`)).toEqual([
      'InvalidAction',
      400,
      `Could not find operation ${'A'.repeat(128)}… for version ${'A'.repeat(128)}…`,
    ]);
  });

  it('requires a Version', () => {
    expect(failure('Action=CreateUser')).toEqual(['InvalidAction', 400, 'Could not find operation CreateUser for version NO_VERSION_SPECIFIED']);
    expect(failure('Action=CreateUser&Version=', 'iam')[2]).toBe('Could not find operation CreateUser for version NO_VERSION_SPECIFIED');
  });

  it('reports a missing Action as MissingAction', () => {
    expect(failure('Version=2010-05-08')).toEqual(['MissingAction', 400, 'Missing Action']);
    expect(failure('Action=&Version=2010-05-08')[0]).toBe('MissingAction');
    expect(failure('')[0]).toBe('MissingAction');
  });
});
