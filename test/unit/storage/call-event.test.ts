/** The audit event of a call the account's object ran (storage/account/call-event.ts). */
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/services/context';
import type { ExecuteCall } from '../../../src/storage/account-rpc';
import { callEventOf } from '../../../src/storage/account/call-event';

const caller: Caller = { type: 'User', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', principalId: 'AIDAEXAMPLE', userName: 'alice', accessKeyId: 'AKIAEXAMPLE' };
const call = (over: Partial<ExecuteCall> = {}): ExecuteCall => ({
  requestId: 'req-1',
  action: 'CreateUser',
  input: { UserName: 'bob' },
  caller,
  now: new Date(Date.UTC(2026, 11, 2, 13, 1, 55, 250)),
  region: 'eu-west-1',
  signingService: 'iam',
  sourceIp: '192.0.2.7',
  userAgent: 'aws-cli/1.45',
  secureTransport: true,
  ...over,
});

describe('the event of a call', () => {
  it('is in us-east-1 for IAM whatever the signed region, with the response dates in CloudTrail’s form', () => {
    const ev = callEventOf(call(), caller, { output: { User: { UserName: 'bob', CreateDate: '2026-12-02T13:01:55Z' } } });
    const r = JSON.parse(ev.record);
    expect(r).toMatchObject({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1', readOnly: false, sourceIPAddress: '192.0.2.7', userAgent: 'aws-cli/1.45', requestID: 'req-1' });
    expect(r.responseElements).toEqual({ user: { userName: 'bob', createDate: 'Dec 2, 2026, 1:01:55 PM' } });
    expect(ev).toMatchObject({ eventTimeMs: Date.UTC(2026, 11, 2, 13, 1, 55, 250), username: 'alice', accessKeyId: 'AKIAEXAMPLE', resources: [{ type: 'AWS::IAM::User', name: 'bob' }] });
    expect(r.sessionCredentialFromConsole).toBeUndefined();
  });

  it('has no response elements for a read or a failure, and the error as answered', () => {
    expect(JSON.parse(callEventOf(call({ action: 'GetUser' }), caller, { output: { User: { UserName: 'bob' } } }).record)).toMatchObject({ readOnly: true, responseElements: null });
    const failed = JSON.parse(callEventOf(call(), caller, { error: { code: 'EntityAlreadyExists', message: 'User with name bob already exists.' } }).record);
    expect(failed).toMatchObject({ errorCode: 'EntityAlreadyExists', errorMessage: 'User with name bob already exists.', responseElements: null, readOnly: false });
  });

  it('keeps the region of a CloudTrail call, read-only and without resources; marks console calls', () => {
    const ct = callEventOf(call({ service: 'cloudtrail', action: 'LookupEvents', input: { MaxResults: 5 } }), caller, { output: { Events: [] } });
    expect(JSON.parse(ct.record)).toMatchObject({ eventSource: 'cloudtrail.amazonaws.com', awsRegion: 'eu-west-1', readOnly: true, responseElements: null, requestParameters: { maxResults: 5 } });
    expect(ct.resources).toEqual([]);
    const consoleCaller: Caller = { ...caller, accessKeyId: '', console: { passwordVersion: 'v', issuedAt: 1_796_000_000 } };
    const ev = callEventOf(call({ action: 'ListUsers', input: {} }), consoleCaller, { output: {} });
    expect(JSON.parse(ev.record)).toMatchObject({ sessionCredentialFromConsole: 'true', userIdentity: { accessKeyId: '', sessionContext: { attributes: { mfaAuthenticated: 'false' } } } });
    expect(ev.accessKeyId).toBeNull();
  });
});
