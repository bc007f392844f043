/**
 * CloudTrail's JSON endpoint's refusals in the caller's audit trail, as the Query API's are: a refused
 * authentication whose key names an account (a wrong signature, an inactive key, the wrong signing service)
 * and an authenticated request whose input is refused (SerializationException, InvalidLookupAttributesException,
 * an operation this deployment does not run) are events with their error and no parameters, through the
 * queue; a failure of the call itself (recorded by the account's object) once; a target that names no
 * operation, an unknown key and an unsigned request never.
 */
import { describe, expect, it } from 'vitest';
import { fromSource, settledTrail } from './audit-support';
import { cloudTrail, cloudTrailOnce, TARGET } from './cloudtrail-support';
import { call, dispatch, iamOk, newAccount, policy, userWithKey } from './support';

const SOURCE = 'cloudtrail.amazonaws.com';
const FROM = { 'cf-connecting-ip': '198.51.100.8', 'user-agent': 'aws-cli/1.45 test' };

describe("CloudTrail's endpoint's refusals in the trail", () => {
  it('records refused authentications and refused input of an operation, with their error and no parameters', async () => {
    const { accountId, root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'ct', PolicyDocument: policy({ Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' }) });
    const forged = { ...alice, secretAccessKey: 'x'.repeat(40) };

    const answers = {
      forged: await cloudTrailOnce(forged, 'LookupEvents', {}, 'cloudtrail', 'eu-west-1', FROM),
      wrongService: await cloudTrail(alice, 'LookupEvents', {}, 'iam'),
      notJson: await cloudTrail(alice, 'LookupEvents', '{"MaxResults":'),
      wrongType: await cloudTrail(alice, 'LookupEvents', { LookupAttributes: 'EventName' }),
      halfAttribute: await cloudTrail(alice, 'LookupEvents', { LookupAttributes: [{ AttributeKey: 'EventName' }] }),
      create: await cloudTrail(alice, 'CreateTrail', { Name: 't', S3BucketName: 'b' }),
      describe: await cloudTrail(alice, 'DescribeTrails'),
      // The call's own failure: the object records it, the endpoint does not record it again.
      tooMany: await cloudTrail(alice, 'LookupEvents', { MaxResults: 99 }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.body.__type]))).toEqual({
      forged: 'InvalidSignatureException',
      wrongService: 'InvalidSignatureException',
      notJson: 'SerializationException',
      wrongType: 'SerializationException',
      halfAttribute: 'InvalidLookupAttributesException',
      create: 'UnsupportedOperationException',
      describe: 'UnsupportedOperationException',
      tooMany: 'InvalidMaxResultsException',
    });
    const off = await call(root, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: alice.accessKeyId, Status: 'Inactive' });
    const inactive = await cloudTrailOnce(alice, 'DescribeTrails', {}, 'cloudtrail', 'us-east-1', { 'x-iam-bookmark': off.headers.get('x-iam-bookmark')! });
    expect(inactive.body.__type).toBe('UnrecognizedClientException');

    const trail = await settledTrail(accountId, fromSource(SOURCE));
    const row = (r: any) => [r.eventName, r.errorCode, r.readOnly, r.errorMessage];
    const expected = [
      ['LookupEvents', 'SignatureDoesNotMatch', true, answers.forged.body.message],
      ['LookupEvents', 'SignatureDoesNotMatch', true, answers.wrongService.body.message],
      ['LookupEvents', 'SerializationException', true, answers.notJson.body.message],
      ['LookupEvents', 'SerializationException', true, answers.wrongType.body.message],
      ['LookupEvents', 'InvalidLookupAttributesException', true, answers.halfAttribute.body.message],
      ['CreateTrail', 'UnsupportedOperationException', false, answers.create.body.message],
      ['DescribeTrails', 'UnsupportedOperationException', true, answers.describe.body.message],
      ['LookupEvents', 'InvalidMaxResultsException', true, answers.tooMany.body.message],
      ['DescribeTrails', 'InvalidClientTokenId', true, inactive.body.message],
    ];
    const order = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(order(trail.map(row))).toEqual(order(expected));

    const alicesIdentity = { type: 'IAMUser', arn: `arn:aws:iam::${accountId}:user/alice`, accountId, accessKeyId: alice.accessKeyId, userName: 'alice' };
    const forgedEvent = trail.find((r) => r.awsRegion === 'eu-west-1');
    expect(forgedEvent).toMatchObject({
      eventSource: SOURCE,
      errorCode: 'SignatureDoesNotMatch',
      userIdentity: alicesIdentity,
      sourceIPAddress: '198.51.100.8',
      userAgent: 'aws-cli/1.45 test',
      recipientAccountId: accountId,
      requestParameters: null,
      responseElements: null,
    });
    // The refusals before the call ran record no parameters; the call's own failure records its input.
    expect(trail.filter((r) => r.requestParameters !== null).map((r) => r.errorCode)).toEqual(['InvalidMaxResultsException']);
  });

  it('records nothing for a target that names no operation, an unknown key or an unsigned request', async () => {
    const { accountId, root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    expect((await cloudTrail(alice, 'FlyToTheMoon')).body.__type).toBe('UnknownOperationException');
    expect((await cloudTrail({ ...alice, secretAccessKey: 'x'.repeat(40) }, 'FlyToTheMoon')).body.__type).toBe('InvalidSignatureException');
    expect((await cloudTrail(alice, 'FlyToTheMoon', {}, 'iam')).body.__type).toBe('InvalidSignatureException');
    const unknown = await cloudTrail({ accessKeyId: `AKIA${alice.accessKeyId.slice(4, 12)}ZZZZZZZZ`, secretAccessKey: 'x'.repeat(40) }, 'LookupEvents');
    expect(unknown.body.__type).toBe('UnrecognizedClientException');
    const unsigned = await dispatch('https://iam.test/', { method: 'POST', headers: { 'x-amz-target': `${TARGET}.LookupEvents`, 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(((await unsigned.json()) as any).__type).toBe('MissingAuthenticationTokenException');
    // A call that names an operation, so the trail is known to have settled after the others.
    expect((await cloudTrail(alice, 'GetTrail', { Name: 't' })).body.__type).toBe('UnsupportedOperationException');

    const trail = await settledTrail(accountId, fromSource(SOURCE));
    expect(trail.map((r) => [r.eventName, r.errorCode])).toEqual([['GetTrail', 'UnsupportedOperationException']]);
  });
});
