/** What the route table and the SaaS's callbacks produce is checked before anything is sent. */
import { describe, expect, it } from 'vitest';
import { arnProblem, itemProblem, MAX_ARN_LENGTH } from '../../../src/middleware/validate';

const arn = 'arn:aws:acme:us-east-1:111122223333:project/p1';

describe('arnProblem', () => {
  it('accepts an ARN, one without region or account, and *', () => {
    expect(arnProblem(arn)).toBeUndefined();
    expect(arnProblem('arn:aws:acme:::project/p1')).toBeUndefined();
    expect(arnProblem('arn:aws:acme:us-east-1:111122223333:project/a:b/c')).toBeUndefined();
    expect(arnProblem('*')).toBeUndefined();
  });

  it('refuses what is not an ARN', () => {
    expect(arnProblem(undefined)).toBe('is missing');
    expect(arnProblem('')).toBe('is missing');
    expect(arnProblem(42)).toBe('is missing');
    expect(arnProblem('project/p1')).toMatch(/not an ARN/);
    expect(arnProblem('arn:aws:acme:us-east-1:111122223333')).toMatch(/not an ARN/);
    expect(arnProblem('arn::acme:us-east-1:111122223333:project/p1')).toMatch(/not an ARN/);
    expect(arnProblem('arn:aws:acme:us-east-1:1111:project/p1')).toMatch(/12 digits/);
    expect(arnProblem('arn:aws:acme:us-east-1:111122223333:')).toMatch(/no resource/);
    expect(arnProblem('arn:aws:acme:us-east-1:111122223333:project/a\nb')).toMatch(/control/);
    expect(arnProblem(`arn:aws:acme:us-east-1:111122223333:${'x'.repeat(MAX_ARN_LENGTH)}`)).toMatch(/longer/);
  });
});

describe('itemProblem', () => {
  it('accepts a complete question of the service', () => {
    expect(itemProblem({ action: 'acme:GetProject', resource: arn }, 'acme')).toBeUndefined();
    expect(
      itemProblem({ action: 'acme:GetProject', resource: arn, context: { 'aws:ResourceTag/team': 'red', 'acme:Labels': ['a', 'b'] }, resourcePolicy: '{"Version":"2012-10-17","Statement":[]}' }, 'acme'),
    ).toBeUndefined();
  });

  it('refuses a missing or foreign action, a bad resource, bad context, a resource policy that is not JSON', () => {
    expect(itemProblem(undefined, 'acme')).toMatch(/No action/);
    expect(itemProblem({ resource: arn }, 'acme')).toMatch(/not an action/);
    expect(itemProblem({ action: 'acme:Get*', resource: arn }, 'acme')).toMatch(/not an action/);
    expect(itemProblem({ action: 'iam:CreateUser', resource: arn }, 'acme')).toBe('The action iam:CreateUser is not an action of the service acme.');
    expect(itemProblem({ action: 'acme:GetProject' }, 'acme')).toMatch(/resource ARN derived for this request is missing/);
    expect(itemProblem({ action: 'acme:GetProject', resource: 'p1' }, 'acme')).toMatch(/not an ARN/);
    expect(itemProblem({ action: 'acme:GetProject', resource: arn, context: { 'acme:N': 5 as never } }, 'acme')).toMatch(/acme:N is not a string/);
    expect(itemProblem({ action: 'acme:GetProject', resource: arn, context: { team: 'red' } }, 'acme')).toMatch(/not a condition key/);
    expect(itemProblem({ action: 'acme:GetProject', resource: arn, context: [] as never }, 'acme')).toMatch(/not an object/);
    expect(itemProblem({ action: 'acme:GetProject', resource: arn, resourcePolicy: '{' }, 'acme')).toMatch(/not valid JSON/);
  });
});
