/**
 * decodeInput against the real IAM and STS models: typed input, and ValidationError text worded as AWS's
 * request validation words it.
 */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors';
import { IAM_MODEL, STS_MODEL, decodeInput, parseQuery } from '../../../src/protocol/query';
import type { ServiceModel } from '../../../src/protocol/query';

const iam = (body: string, op = 'CreateUser') => decodeInput(IAM_MODEL, op, parseQuery(body));
const sts = (body: string, op = 'AssumeRole') => decodeInput(STS_MODEL, op, parseQuery(body));

/** The AwsError thrown by `f`, failing the test when there is none. */
function thrown(f: () => unknown): AwsError {
  try {
    f();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}
const messageOf = (f: () => unknown) => {
  const e = thrown(f);
  expect([e.code, e.status, e.type]).toEqual(['ValidationError', 400, 'Sender']);
  return e.message;
};

const tags = (n: number) =>
  Array.from({ length: n }, (_, i) => `&Tags.member.${i + 1}.Key=k${i + 1}&Tags.member.${i + 1}.Value=v${i + 1}`).join('');

describe('decodeInput: IAM CreateUser', () => {
  it('builds the typed input from valid parameters', () => {
    expect(iam('Action=CreateUser&Version=2010-05-08&UserName=bob&Path=%2Fteam%2F')).toEqual({ UserName: 'bob', Path: '/team/' });
  });

  it('decodes Tags.member.N.Key/Value into an array of Tag structures', () => {
    expect(iam(`UserName=bob${tags(2)}`)).toEqual({
      UserName: 'bob',
      Tags: [
        { Key: 'k1', Value: 'v1' },
        { Key: 'k2', Value: 'v2' },
      ],
    });
  });

  it('reports a missing required member as "Value null … Member must not be null"', () => {
    expect(messageOf(() => iam('Action=CreateUser&Version=2010-05-08'))).toBe(
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('collects a too-long and badly patterned name into one message with both errors', () => {
    const name = `${'a'.repeat(64)}!`;
    expect(messageOf(() => iam(`UserName=${name}`))).toBe(
      `2 validation errors detected: Value '${name}' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; ` +
        `Value '${name}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  it('reports violations of several members in model order', () => {
    expect(messageOf(() => iam('Path=nope&UserName='))).toBe(
      '3 validation errors detected: ' +
        "Value 'nope' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); " +
        "Value '' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
        "Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('rejects 51 tags (the model allows 50)', () => {
    expect(iam(`UserName=bob${tags(50)}`)['Tags']).toHaveLength(50);
    const msg = messageOf(() => iam(`UserName=bob${tags(51)}`));
    // The list's rendering is cut to 128 code points (core/echo.ts), not echoed whole.
    const shown = Array.from({ length: 51 }, (_, i) => `{Key=k${i + 1}, Value=v${i + 1}}`).join(', ');
    expect(msg).toBe(
      `1 validation error detected: Value '${`[${shown}]`.slice(0, 128)}…' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50`,
    );
  });

  it('names nested members by path, e.g. tags.1.member.value', () => {
    expect(messageOf(() => iam('UserName=bob&Tags.member.1.Key=k&Tags.member.1.Value=a,b'))).toBe(
      "1 validation error detected: Value 'a,b' at 'tags.1.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
    );
    expect(messageOf(() => iam('UserName=bob&Tags.member.1.Key=k'))).toBe(
      "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null",
    );
  });

  it('closes gaps in list indices and orders by index value', () => {
    expect(iam('UserName=bob&Tags.member.3.Key=c&Tags.member.3.Value=3&Tags.member.1.Key=a&Tags.member.1.Value=1')['Tags']).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'c', Value: '3' },
    ]);
    expect(iam('UserName=bob&Tags.member.99999999999.Key=z&Tags.member.99999999999.Value=z&Tags.member.10.Key=y&Tags.member.10.Value=y')['Tags']).toEqual([
      { Key: 'y', Value: 'y' },
      { Key: 'z', Value: 'z' },
    ]);
  });

  it('ignores unknown parameters and non-index list suffixes', () => {
    expect(iam('UserName=bob&Foo=1&UserName.x=2&Tags.member.0.Key=k&Tags.member.01.Key=k&Tags.member.x.Key=k&Tags.bogus=1')).toEqual({ UserName: 'bob' });
  });

  it('reads "Tags=" as the empty list', () => {
    expect(iam('UserName=bob&Tags=')).toEqual({ UserName: 'bob', Tags: [] });
  });

  it('cuts a long offending value to 128 code points, a name of 128 stays whole', () => {
    const doc = `{"Version":"2012-10-17","Statement":[${'{"Effect":"Allow","Action":"s3:*","Resource":"*"},'.repeat(3000)}]}`;
    const msg = messageOf(() => decodeInput(IAM_MODEL, 'PutUserPolicy', parseQuery(`UserName=u&PolicyName=p&PolicyDocument=${encodeURIComponent(doc)}`)));
    expect(msg).toBe(
      `1 validation error detected: Value '${doc.slice(0, 128)}…' at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to 131072`,
    );
    expect(msg.length).toBeLessThan(300);
    const name = `${'n'.repeat(127)}!`;
    expect(messageOf(() => iam(`UserName=${name}`))).toContain(`Value '${name}' at 'userName'`);
    // A cut never splits a surrogate pair: 127 letters then an emoji (2 UTF-16 units) keep the emoji whole.
    const emoji = `${'a'.repeat(127)}\u{1F600}${'b'.repeat(200)}`;
    expect(messageOf(() => iam(`UserName=u&Tags.member.1.Key=k&Tags.member.1.Value=${encodeURIComponent(emoji)}`))).toContain(
      `Value '${'a'.repeat(127)}\u{1F600}…' at 'tags.1.member.value'`,
    );
  });

  it('can leave offending values out of messages', () => {
    const e = thrown(() => decodeInput(IAM_MODEL, 'CreateUser', parseQuery('UserName=a!'), { echoValues: false }));
    expect(e.message).toBe(
      "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });
});

describe('decodeInput: numbers, booleans, enums, secrets', () => {
  it('enforces MaxItems bounds 1..1000', () => {
    expect(iam('MaxItems=1', 'ListUsers')).toEqual({ MaxItems: 1 });
    expect(iam('MaxItems=1000', 'ListUsers')).toEqual({ MaxItems: 1000 });
    expect(messageOf(() => iam('MaxItems=0', 'ListUsers'))).toBe(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(messageOf(() => iam('MaxItems=1001', 'ListUsers'))).toBe(
      "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  });

  it('reports a non-integer as a ValidationError', () => {
    for (const bad of ['abc', '1.5', '1e3', '', ' 1', '99999999999']) {
      expect(messageOf(() => iam(`MaxItems=${encodeURIComponent(bad)}`, 'ListUsers'))).toBe(
        `1 validation error detected: Value '${bad}' at 'maxItems' failed to satisfy constraint: Member must be a valid integer`,
      );
    }
    expect(iam('MaxItems=%2B5', 'ListUsers')).toEqual({ MaxItems: 5 });
  });

  it('parses booleans and checks enums', () => {
    expect(iam('OnlyAttached=true&Scope=Local', 'ListPolicies')).toEqual({ OnlyAttached: true, Scope: 'Local' });
    expect(iam('OnlyAttached=FALSE', 'ListPolicies')).toEqual({ OnlyAttached: false });
    expect(messageOf(() => iam('OnlyAttached=yes&Scope=local', 'ListPolicies'))).toBe(
      '2 validation errors detected: ' +
        "Value 'local' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]; " +
        "Value 'yes' at 'onlyAttached' failed to satisfy constraint: Member must be a valid boolean",
    );
  });

  it('never echoes sensitive values', () => {
    const msg = messageOf(() => iam(`OldPassword=${'x'.repeat(129)}&NewPassword=%01`, 'ChangePassword'));
    expect(msg).not.toContain('xxx');
    expect(msg).toBe(
      '2 validation errors detected: ' +
        "Value at 'oldPassword' failed to satisfy constraint: Member must have length less than or equal to 128; " +
        "Value at 'newPassword' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
    );
  });

  it('gives {} for operations without input', () => {
    expect(iam('Action=GetAccountSummary&Version=2010-05-08', 'GetAccountSummary')).toEqual({});
  });

  it('refuses an operation the model lacks with InvalidAction', () => {
    const e = thrown(() => decodeInput(IAM_MODEL, 'CreateUserX', parseQuery('')));
    expect([e.code, e.status, e.message]).toEqual(['InvalidAction', 400, 'Could not find operation CreateUserX for version 2010-05-08']);
    expect(thrown(() => decodeInput(IAM_MODEL, 'toString', parseQuery(''))).code).toBe('InvalidAction');
  });
});

describe('decodeInput: STS AssumeRole', () => {
  const arn = 'arn:aws:iam::123456789012:role/demo';
  it('decodes a typical request', () => {
    expect(
      sts(`RoleArn=${arn}&RoleSessionName=s1&DurationSeconds=3600&PolicyArns.member.1.arn=arn:aws:iam::aws:policy/ReadOnlyAccess&Tags.member.1.Key=p&Tags.member.1.Value=q&TransitiveTagKeys.member.1=p`),
    ).toEqual({
      RoleArn: arn,
      RoleSessionName: 's1',
      DurationSeconds: 3600,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Tags: [{ Key: 'p', Value: 'q' }],
      TransitiveTagKeys: ['p'],
    });
  });

  it('checks session name, duration and both required members', () => {
    expect(messageOf(() => sts('DurationSeconds=899&RoleSessionName=a'))).toBe(
      '3 validation errors detected: ' +
        "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
        "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
        "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });
});

describe('decodeInput with a model of its own', () => {
  const model: ServiceModel = {
    metadata: { apiVersion: '2020-01-01' },
    operations: { Op: { input: 'In' } },
    shapes: {
      In: { type: 'structure', members: { M: 'Map', T: 'Ts', B: 'Blob', D: 'Dbl', L: 'Long' } },
      Map: { type: 'map', key: 'Str', value: 'Str', max: 2 },
      Str: { type: 'string' },
      Ts: { type: 'timestamp' },
      Blob: { type: 'blob' },
      Dbl: { type: 'double', max: 10 },
      Long: { type: 'long' },
    },
    errors: {},
  };
  const run = (body: string) => decodeInput(model, 'Op', parseQuery(body));

  it('decodes maps into null-prototype records, even with hostile keys', () => {
    const out = run('M.entry.1.key=__proto__&M.entry.1.value=x&M.entry.2.key=b&M.entry.2.value=y');
    expect(Object.getPrototypeOf(out['M'])).toBeNull();
    expect(Object.entries(out['M'] as object)).toEqual([
      ['__proto__', 'x'],
      ['b', 'y'],
    ]);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('decodes timestamps, blobs, doubles and longs, and reports bad ones', () => {
    const out = run('T=2015-01-25T08%3A00%3A00.5Z&B=Zm9v&D=3.4&L=-9007199254740991');
    expect((out['T'] as Date).toISOString()).toBe('2015-01-25T08:00:00.500Z');
    expect([...(out['B'] as Uint8Array)]).toEqual([102, 111, 111]);
    expect(out['D']).toBe(3.4);
    expect(out['L']).toBe(-9007199254740991);
    expect((run('T=1422172800')['T'] as Date).toISOString()).toBe('2015-01-25T08:00:00.000Z');
    expect(messageOf(() => run('T=yesterday&B=Zm9&D=11&L=9007199254740993&M.entry.1.key=a&M.entry.1.value=1&M.entry.2.key=b&M.entry.2.value=2&M.entry.3.key=c&M.entry.3.value=3'))).toBe(
      '5 validation errors detected: ' +
        "Value '{a=1, b=2, c=3}' at 'm' failed to satisfy constraint: Member must have length less than or equal to 2; " +
        "Value 'yesterday' at 't' failed to satisfy constraint: Member must be a valid timestamp; " +
        "Value 'Zm9' at 'b' failed to satisfy constraint: Member must be a valid base64-encoded blob; " +
        "Value '11' at 'd' failed to satisfy constraint: Member must have value less than or equal to 10; " +
        "Value '9007199254740993' at 'l' failed to satisfy constraint: Member must be a valid long",
    );
  });
});
