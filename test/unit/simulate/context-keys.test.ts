/**
 * Context keys a policy references (GetContextKeysFor*Policy) and the simulator's MissingContextValues.
 * AWS CLI example of GetContextKeysForCustomPolicy: `${aws:username}` in Resource and `aws:CurrentTime`
 * in Condition → ["aws:username", "aws:CurrentTime"].
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy, type PolicyDocument } from '../../../src/core/policy/index';
import { missingContextKeys, referencedContextKeys } from '../../../src/services/iam/simulate/context-keys';

const doc = (v: unknown): PolicyDocument => {
  const r = parsePolicy(JSON.stringify(v));
  if (!r.ok) throw new Error('bad test policy');
  return r.value;
};

describe('referencedContextKeys', () => {
  it("matches AWS's documented example: resource variables, then condition keys, spelled as written", () => {
    const d = doc({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: 'arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}',
        Condition: { DateGreaterThan: { 'aws:CurrentTime': '2015-08-16T12:00:00Z' } },
      },
    });
    expect(referencedContextKeys([d])).toEqual(['aws:username', 'aws:CurrentTime']);
  });

  it('lists each key once across statements and documents (case-insensitively), with variables in values and defaults', () => {
    const a = doc({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { StringLike: { 's3:prefix': ['${aws:PrincipalTag/team, \'none\'}/*'] } } },
        { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::${aws:USERNAME}/${*}', Condition: { Bool: { 'aws:SecureTransport': 'false' }, 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } } },
      ],
    });
    const b = doc({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'AWS:SecureTransport': 'true' } } } });
    expect(referencedContextKeys([a, b])).toEqual(['s3:prefix', 'aws:PrincipalTag/team', 'aws:USERNAME', 'aws:SecureTransport', 'aws:TagKeys']);
  });

  it('does not read variables in documents without Version 2012-10-17 (they are literal there)', () => {
    const d = doc({ Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::${aws:username}', Condition: { StringEquals: { 'aws:userid': '${aws:username}' } } } });
    expect(referencedContextKeys([d])).toEqual(['aws:userid']);
  });

  it('is empty for policies without conditions or variables', () => {
    expect(referencedContextKeys([doc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })])).toEqual([]);
  });
});

describe('missingContextKeys', () => {
  const d = doc({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'x', 'aws:SourceVpc': 'vpc-1' } } },
    ],
  });

  it('is every referenced key without a value, including keys of statements for other actions (as AWS lists them)', () => {
    expect(missingContextKeys([d], new Set())).toEqual(['aws:username', 'aws:PrincipalTag/Team', 'aws:SourceVpc']);
  });

  it('drops keys provided by ContextEntries or derived from the caller, compared case-insensitively', () => {
    expect(missingContextKeys([d], new Set(['aws:username', 'aws:principaltag/team']))).toEqual(['aws:SourceVpc']);
    expect(missingContextKeys([d], new Set(['aws:username', 'aws:principaltag/team', 'aws:sourcevpc']))).toEqual([]);
  });
});
