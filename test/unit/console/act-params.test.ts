/**
 * The console's inputs take the Query API's path through the IAM model (src/console/act.ts): a structured
 * input becomes the parameters an SDK would send, and the model decodes and validates them, so a page gets
 * the API's ValidationError for input the API would refuse.
 */
import { describe, expect, it } from 'vitest';
import { toQueryParams } from '../../../src/console/input';
import { decodeInput, SERVICES } from '../../../src/protocol/query/index';

const decode = (action: string, input: Record<string, unknown>) => decodeInput(SERVICES.iam.model, action, toQueryParams(input), SERVICES.iam.decodeOptions);

describe('console act parameters', () => {
  it('names structures, lists of structures and scalars as the Query protocol does', () => {
    expect([...toQueryParams({ UserName: 'ann', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }], MaxItems: 5, Skip: undefined, On: true })]).toEqual([
      ['UserName', 'ann'],
      ['Tags.member.1.Key', 'a'],
      ['Tags.member.1.Value', '1'],
      ['Tags.member.2.Key', 'b'],
      ['Tags.member.2.Value', '2'],
      ['MaxItems', '5'],
      ['On', 'true'],
    ]);
  });

  it('round-trips a valid input through the model, typed', () => {
    expect(decode('CreateUser', { UserName: 'ann', Path: '/ops/', Tags: [{ Key: 'team', Value: 'x' }] })).toEqual({ UserName: 'ann', Path: '/ops/', Tags: [{ Key: 'team', Value: 'x' }] });
    expect(decode('UpdateAccountPasswordPolicy', { MinimumPasswordLength: 12, RequireSymbols: true })).toEqual({ MinimumPasswordLength: 12, RequireSymbols: true });
  });

  it('refuses what the API refuses, with its ValidationError', () => {
    expect(() => decode('CreateUser', { UserName: '<b>ann</b>' })).toThrow(/1 validation error detected: Value '<b>ann<\/b>' at 'userName' failed to satisfy constraint/);
    expect(() => decode('UpdateAccountPasswordPolicy', { MinimumPasswordLength: 200 })).toThrow(/validation error detected: Value '200' at 'minimumPasswordLength'/);
    expect(() => decode('CreateUser', {})).toThrow(/'userName' failed to satisfy constraint: Member must not be null/);
  });
});
