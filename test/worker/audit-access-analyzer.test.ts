/**
 * Access Analyzer's ValidatePolicy in the caller's audit trail, through the audit queue: a call whose input
 * decoded is an event with its parameters (eventSource `access-analyzer.amazonaws.com`, read-only, no response
 * elements), answered or refused (AccessDenied, a page token of another request); a request refused by
 * authentication whose key names an account, or refused for its input, with its error and no parameters; an
 * unknown key, an unsigned request and a body too large before authentication nowhere.
 * Spec: IAM User Guide, "Logging IAM Access Analyzer API calls using AWS CloudTrail".
 */
import { describe, expect, it } from 'vitest';
import { fromSource, settledTrail } from './audit-support';
import { ORIGIN, validate } from './access-analyzer-support';
import { call, dispatch, iamOk, newAccount, policy, userWithKey } from './support';

const SOURCE = 'access-analyzer.amazonaws.com';
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 's3:GetObject', 's3:Get*'], Resource: '*' }] });
const FROM = { 'cf-connecting-ip': '198.51.100.9', 'user-agent': 'aws-cli/1.45 test' };

describe('ValidatePolicy in the trail', () => {
  it('records an answered call with its parameters and no response, and refused ones with their error', async () => {
    const { accountId, root } = await newAccount();
    const input = { policyDocument: DOC, policyType: 'IDENTITY_POLICY', locale: 'EN' };
    const ok = await validate(root, input, '?maxResults=1', { region: 'eu-west-1', headers: FROM });
    expect(ok.status).toBe(200);
    expect(ok.body.nextToken).toBeTruthy();
    const badToken = await validate(root, { ...input, policyType: 'RESOURCE_POLICY', validatePolicyResourceType: 'AWS::S3::Bucket' }, `?nextToken=${encodeURIComponent(ok.body.nextToken)}`);
    expect(badToken.headers.get('x-amzn-ErrorType')).toBe('ValidationException');
    const bob = await userWithKey(root, 'bob');
    const denied = await validate(bob, input);
    expect(denied.headers.get('x-amzn-ErrorType')).toBe('AccessDeniedException');

    const trail = await settledTrail(accountId, fromSource(SOURCE));
    expect(trail.map((r) => [r.eventName, r.errorCode ?? 'ok'])).toEqual([
      ['ValidatePolicy', 'ok'],
      ['ValidatePolicy', 'ValidationException'],
      ['ValidatePolicy', 'AccessDenied'],
    ]);
    expect(trail[0]).toMatchObject({
      eventSource: SOURCE,
      eventType: 'AwsApiCall',
      readOnly: true,
      managementEvent: true,
      awsRegion: 'eu-west-1',
      sourceIPAddress: '198.51.100.9',
      userAgent: 'aws-cli/1.45 test',
      recipientAccountId: accountId,
      userIdentity: { type: 'Root', accountId, accessKeyId: root.accessKeyId },
      requestParameters: { policyDocument: DOC, policyType: 'IDENTITY_POLICY', locale: 'EN', maxResults: 1 },
      responseElements: null,
    });
    expect(trail[0].errorCode).toBeUndefined();
    expect(trail[1]).toMatchObject({
      errorMessage: badToken.body.message,
      requestParameters: { policyType: 'RESOURCE_POLICY', validatePolicyResourceType: 'AWS::S3::Bucket', nextToken: ok.body.nextToken },
      responseElements: null,
    });
    expect(trail[2]).toMatchObject({
      errorMessage: denied.body.message,
      userIdentity: { type: 'IAMUser', userName: 'bob', accessKeyId: bob.accessKeyId },
      requestParameters: { policyDocument: DOC },
      awsRegion: 'us-east-1',
    });
    // The findings are the caller's answer, never the trail's.
    expect(JSON.stringify(trail)).not.toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
  });

  it('records refused authentications of a known key and refused input, without parameters; nothing for an unknown key or no signature', async () => {
    const { accountId, root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'aa', PolicyDocument: policy({ Effect: 'Allow', Action: 'access-analyzer:ValidatePolicy', Resource: '*' }) });
    const input = { policyDocument: DOC, policyType: 'IDENTITY_POLICY' };

    const forged = await validate({ ...alice, secretAccessKey: 'x'.repeat(40) }, input, '', { headers: FROM });
    expect(forged.headers.get('x-amzn-ErrorType')).toBe('InvalidSignatureException');
    const wrongService = await validate(alice, input, '', { service: 'iam' });
    expect(wrongService.headers.get('x-amzn-ErrorType')).toBe('InvalidSignatureException');
    const notJson = await validate(alice, '{"policyDocument":');
    expect(notJson.headers.get('x-amzn-ErrorType')).toBe('ValidationException');
    const noType = await validate(alice, { policyDocument: DOC });
    expect(noType.headers.get('x-amzn-ErrorType')).toBe('ValidationException');
    const off = await call(root, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: alice.accessKeyId, Status: 'Inactive' });
    const inactive = await validate(alice, input, '', { bookmark: off.headers.get('x-iam-bookmark') });
    expect(inactive.headers.get('x-amzn-ErrorType')).toBe('UnrecognizedClientException');
    // Nobody's: a key of no account's (the same account's id space, never issued), an unsigned request.
    const unknown = await validate({ accessKeyId: `AKIA${alice.accessKeyId.slice(4, 12)}ZZZZZZZZ`, secretAccessKey: 'x'.repeat(40) }, input);
    expect(unknown.headers.get('x-amzn-ErrorType')).toBe('UnrecognizedClientException');
    const unsigned = await dispatch(`${ORIGIN}/policy/validation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    expect(unsigned.status).toBe(403);

    const trail = await settledTrail(accountId, fromSource(SOURCE));
    expect(trail.map((r) => [r.eventName, r.errorCode])).toEqual([
      ['ValidatePolicy', 'SignatureDoesNotMatch'],
      ['ValidatePolicy', 'SignatureDoesNotMatch'],
      ['ValidatePolicy', 'ValidationException'],
      ['ValidatePolicy', 'ValidationException'],
      ['ValidatePolicy', 'InvalidClientTokenId'],
    ]);
    const alicesIdentity = { type: 'IAMUser', arn: `arn:aws:iam::${accountId}:user/alice`, accountId, accessKeyId: alice.accessKeyId, userName: 'alice' };
    expect(trail[0]).toMatchObject({ userIdentity: alicesIdentity, errorMessage: forged.body.message, requestParameters: null, responseElements: null, readOnly: true, sourceIPAddress: '198.51.100.9' });
    expect(trail[1].errorMessage).toBe(wrongService.body.message);
    expect(trail[2]).toMatchObject({ errorMessage: notJson.body.message, requestParameters: null });
    expect(trail[3]).toMatchObject({ errorMessage: noType.body.message, requestParameters: null });
    expect(trail[4]).toMatchObject({ userIdentity: alicesIdentity, errorMessage: inactive.body.message });
  });
});
