/**
 * The statement scanner behind MatchedStatements' StartPosition / EndPosition: 1-based lines, and the
 * 1-based column just after the statement's `{` and `}`, as AWS's CLI example of SimulateCustomPolicy
 * shows (statement `{` at column 37 → Column 38; its `}` at column 166 → Column 167).
 */
import { describe, expect, it } from 'vitest';
import { statementSpans } from '../../../src/services/iam/simulate/positions';

describe('statementSpans', () => {
  it("reproduces AWS's documented positions for a one-line policy with a single statement object", () => {
    const text =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
    expect(statementSpans(text)).toEqual([{ StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } }]);
  });

  it('finds every statement of a multi-line array, with lines and columns', () => {
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Effect": "Allow",',
      '      "Action": "s3:GetObject",',
      '      "Resource": "*"',
      '    },',
      '    {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::x/{}"}',
      '  ]',
      '}',
    ].join('\n');
    expect(statementSpans(text)).toEqual([
      { StartPosition: { Line: 4, Column: 6 }, EndPosition: { Line: 8, Column: 6 } },
      { StartPosition: { Line: 9, Column: 6 }, EndPosition: { Line: 9, Column: 74 } },
    ]);
  });

  it('counts CRLF and lone CR as one line break and ignores braces and escaped quotes inside strings', () => {
    const text = '{"Statement":\r\n[ {"Sid":"a","Effect":"Allow","Action":"x:\\"}{","Resource":"*"},\r{"Effect":"Deny","Action":"*","Resource":"*"} ]}';
    const spans = statementSpans(text);
    expect(spans).toHaveLength(2);
    expect(spans[0]!.StartPosition).toEqual({ Line: 2, Column: 4 });
    expect(spans[0]!.EndPosition.Line).toBe(2);
    expect(spans[1]!.StartPosition).toEqual({ Line: 3, Column: 2 });
    expect(spans[1]!.EndPosition).toEqual({ Line: 3, Column: 46 });
  });

  it('uses the last of duplicate top-level Statement keys (as JSON.parse does), not nested ones', () => {
    const text = '{"Id":{"Statement":[{}]},"Statement":{"Effect":"Allow"},\n"Statement":[{"Effect":"Deny"}]}';
    expect(statementSpans(text)).toEqual([{ StartPosition: { Line: 2, Column: 15 }, EndPosition: { Line: 2, Column: 31 } }]);
  });

  it('returns no spans for text that is not a JSON object with a Statement', () => {
    for (const text of ['', 'nope', '[]', '{"Version":"2012-10-17"}', '{"Statement":[{}]', '{"Statement":[{}]} x', '{"a":"\\q"}']) {
      expect(statementSpans(text)).toEqual([]);
    }
  });

  it('agrees with JSON.parse on where each statement is (round trip of the spanned text)', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'One', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
        { Sid: 'Two', Effect: 'Deny', Action: 'iam:DeleteUser', Resource: 'arn:aws:iam::*:user/${aws:username}', Condition: { Bool: { 'aws:MultiFactorAuthPresent': false } } },
      ],
    };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t')]) {
      const lines = text.split('\n');
      const offset = (p: { Line: number; Column: number }) => lines.slice(0, p.Line - 1).reduce((n, l) => n + l.length + 1, 0) + p.Column - 1;
      statementSpans(text).forEach((span, i) => {
        const slice = text.slice(offset(span.StartPosition) - 1, offset(span.EndPosition));
        expect(JSON.parse(slice)).toEqual(doc.Statement[i]);
      });
    }
  });
});
