import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors';
import { IAM_MODEL, STS_MODEL, escapeAttr, escapeText, serializeError, serializeResponse } from '../../../src/protocol/query';
import type { ServiceModel } from '../../../src/protocol/query';
import { parseError, parseResponse, wellFormednessProblems } from './support/reference-parser';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

describe('serializeResponse (IAM)', () => {
  const user = {
    Path: '/',
    UserName: 'bob',
    UserId: 'AIDAEXAMPLE',
    Arn: 'arn:aws:iam::123456789012:user/bob',
    CreateDate: new Date('2026-11-28T04:21:59.123Z'),
    Tags: [{ Key: 'team', Value: 'a&b' }],
  };

  it('writes the AWS envelope: Response, Result, members in model order, ResponseMetadata', () => {
    expect(serializeResponse(IAM_MODEL, 'CreateUser', { User: user }, 'req-1')).toBe(
      `<CreateUserResponse xmlns="${NS}"><CreateUserResult><User>` +
        '<Path>/</Path><UserName>bob</UserName><UserId>AIDAEXAMPLE</UserId><Arn>arn:aws:iam::123456789012:user/bob</Arn>' +
        '<CreateDate>2026-11-28T04:21:59Z</CreateDate><Tags><member><Key>team</Key><Value>a&amp;b</Value></member></Tags>' +
        '</User></CreateUserResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateUserResponse>',
    );
  });

  it('has no Result element for an operation without output', () => {
    expect(serializeResponse(IAM_MODEL, 'DeleteUser', {}, 'r')).toBe(
      `<DeleteUserResponse xmlns="${NS}"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>`,
    );
  });

  it('omits absent members, and accepts ISO strings and epoch seconds for timestamps', () => {
    const a = serializeResponse(IAM_MODEL, 'GetUser', { User: { ...user, Tags: undefined, PermissionsBoundary: null, CreateDate: '2026-11-28T04:21:59Z' } }, 'r');
    const b = serializeResponse(IAM_MODEL, 'GetUser', { User: { ...user, Tags: undefined, CreateDate: Date.UTC(2026, 10, 28, 4, 21, 59) / 1000 } }, 'r');
    expect(a).toBe(b);
    expect(a).not.toContain('<Tags');
    expect(a).not.toContain('PermissionsBoundary');
    expect(parseResponse(IAM_MODEL, 'GetUser', a).result).toEqual({
      User: { Path: '/', UserName: 'bob', UserId: 'AIDAEXAMPLE', Arn: user.Arn, CreateDate: Date.UTC(2026, 10, 28, 4, 21, 59) / 1000 },
    });
  });

  it('writes lists, booleans, integers and maps', () => {
    const xml = serializeResponse(IAM_MODEL, 'ListUsers', { Users: [user, user], IsTruncated: true, Marker: 'm' }, 'r');
    expect(xml).toContain('<Users><member><Path>/</Path>');
    expect(xml).toContain('</member></Users><IsTruncated>true</IsTruncated><Marker>m</Marker>');
    const summary = serializeResponse(IAM_MODEL, 'GetAccountSummary', { SummaryMap: { Users: 3, Groups: 0 } }, 'r');
    expect(summary).toContain('<SummaryMap><entry><key>Users</key><value>3</value></entry><entry><key>Groups</key><value>0</value></entry></SummaryMap>');
    const viaMap = serializeResponse(IAM_MODEL, 'GetAccountSummary', { SummaryMap: new Map([['Users', 3], ['Groups', 0]]) }, 'r');
    expect(viaMap).toBe(summary);
  });

  it('writes STS credentials with the STS namespace', () => {
    const xml = serializeResponse(
      STS_MODEL,
      'GetSessionToken',
      { Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(0) } },
      'r',
    );
    expect(xml).toBe(
      '<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult><Credentials>' +
        '<AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>' +
        '<Expiration>1970-01-01T00:00:00Z</Expiration></Credentials></GetSessionTokenResult>' +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetSessionTokenResponse>',
    );
  });

  it('leaves out values of the wrong kind instead of throwing', () => {
    const xml = serializeResponse(IAM_MODEL, 'GetUser', { User: { UserName: { toString: 1 }, Path: Object.create(null), CreateDate: 'not a date', Arn: 42 } }, 'r');
    expect(xml).toContain('<User><Arn>42</Arn></User>');
    expect(wellFormednessProblems(xml)).toEqual([]);
  });

  it('writes blobs as base64', () => {
    const xml = serializeResponse(IAM_MODEL, 'CreateVirtualMFADevice', { VirtualMFADevice: { SerialNumber: 'arn:x', QRCodePNG: new Uint8Array([1, 2, 3]), Base32StringSeed: 'ab' } }, 'r');
    expect(xml).toContain('<Base32StringSeed>YWI=</Base32StringSeed><QRCodePNG>AQID</QRCodePNG>');
  });
});

describe('serializeResponse with other timestamp formats and flattened shapes', () => {
  const model: ServiceModel = {
    metadata: { apiVersion: '2020-01-01' },
    operations: { Op: { output: 'Out' } },
    shapes: {
      Out: {
        type: 'structure',
        members: {
          Unix: { shape: 'Ts', timestampFormat: 'unixTimestamp' },
          Rfc: { shape: 'Ts', timestampFormat: 'rfc822' },
          Flat: { shape: 'List', flattened: true },
          FlatMap: { shape: 'Map', flattened: true },
        },
      },
      Ts: { type: 'timestamp' },
      List: { type: 'list', member: { shape: 'Str', locationName: 'Item' } },
      Map: { type: 'map', key: 'Str', value: 'Str' },
      Str: { type: 'string' },
    },
    errors: {},
  };

  it('follows the model', () => {
    const xml = serializeResponse(model, 'Op', { Unix: 1.5, Rfc: new Date(0), Flat: ['a', 'b'], FlatMap: { k: 'v' } }, 'r');
    expect(xml).toBe(
      '<OpResponse><OpResult><Unix>1.500</Unix><Rfc>Thu, 01 Jan 1970 00:00:00 GMT</Rfc><Item>a</Item><Item>b</Item>' +
        '<FlatMap><key>k</key><value>v</value></FlatMap></OpResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>',
    );
  });
});

describe('serializeError', () => {
  it('writes the exact IAM ErrorResponse shape', () => {
    const err = new AwsError('NoSuchEntity', 'The user with name bob cannot be found.', 404);
    expect(serializeError(err, 'req-9', NS)).toBe(
      `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>` +
        '<Message>The user with name bob cannot be found.</Message></Error><RequestId>req-9</RequestId></ErrorResponse>',
    );
  });

  it('writes Receiver faults, escapes the message and omits xmlns when not given', () => {
    const xml = serializeError(new AwsError('ServiceFailure', 'a <b> & "c"\r\u0000', 500, 'Receiver'), 'r<1>');
    expect(xml.startsWith('<ErrorResponse><Error><Type>Receiver</Type>')).toBe(true);
    expect(wellFormednessProblems(xml)).toEqual([]);
    expect(parseError(xml)).toEqual({ type: 'Receiver', code: 'ServiceFailure', message: 'a <b> & "c"\r\uFFFD', requestId: 'r<1>' });
  });
});

describe('XML escaping', () => {
  it('escapes markup and CR, and replaces characters XML 1.0 cannot carry', () => {
    expect(escapeText('plain text')).toBe('plain text');
    expect(escapeText('a<b>&]]>\r\n\t')).toBe('a&lt;b&gt;&amp;]]&gt;&#xD;\n\t');
    expect(escapeText('\u0000\u0008\u000B\u001F\uFFFE\uFFFF')).toBe('\uFFFD'.repeat(6));
    expect(escapeText('x\uD800y\uDC00z😀')).toBe('x\uFFFDy\uFFFDz😀');
    expect(escapeAttr('"a"\t\n')).toBe('&quot;a&quot;&#x9;&#xA;');
  });
});
