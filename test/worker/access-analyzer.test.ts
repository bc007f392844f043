/**
 * Access Analyzer's ValidatePolicy through the Worker (`POST /policy/validation`, REST JSON): SigV4 for
 * `access-analyzer`, authorization of `access-analyzer:ValidatePolicy` against the caller's policies (allowed,
 * implicitly and explicitly denied), the model's ValidationException for bad input, restJson1 error shapes, and
 * pagination with `maxResults` / `nextToken`.
 * Spec: Access Analyzer API Reference, ValidatePolicy and Common Errors; Smithy restJson1 error serialization.
 */
import { describe, expect, it } from 'vitest';
import { ORIGIN, validate, type Answer } from './access-analyzer-support';
import { call, dispatch, iamOk, newAccount, policy, SEALED, userWithKey } from './support';

const PASS_ROLE = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 's3:GetObject', 's3:Get*'], Resource: '*' }] });
const codes = (a: Answer) => (a.body.findings as { issueCode: string }[]).map((f) => f.issueCode);

describe('ValidatePolicy: authentication', () => {
  it('refuses an unsigned call before reading its input', async () => {
    const res = await dispatch(`${ORIGIN}/policy/validation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-ErrorType')).toBe('MissingAuthenticationTokenException');
    expect(((await res.json()) as { message: string }).message).toBe('Request is missing Authentication Token');
  });

  it('refuses a key the service does not know, and a signature scoped to another service', async () => {
    const { root } = await newAccount();
    const unknown = await validate({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x'.repeat(40) }, { policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' });
    expect(unknown.status).toBe(403);
    expect(unknown.headers.get('x-amzn-ErrorType')).toBe('UnrecognizedClientException');
    const wrongScope = await validate(root, { policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' }, '', { service: 'iam' });
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.headers.get('x-amzn-ErrorType')).toBe('InvalidSignatureException');
    expect(wrongScope.body.message).toContain("'access-analyzer'");
  });
});

describe('ValidatePolicy: authorization', () => {
  it('answers the root user, and a user only once a policy allows access-analyzer:ValidatePolicy', async () => {
    const { accountId, root } = await newAccount();
    const asRoot = await validate(root, { policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' });
    expect(asRoot.status).toBe(200);
    expect(codes(asRoot)).toEqual(['MISSING_VERSION', 'REDUNDANT_ACTION', 'PASS_ROLE_WITH_STAR_IN_RESOURCE']);

    const alice = await userWithKey(root, 'alice');
    const denied = await validate(alice, { policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-amzn-ErrorType')).toBe('AccessDeniedException');
    expect(denied.body.message).toBe(
      `User: arn:aws:iam::${accountId}:user/alice is not authorized to perform: access-analyzer:ValidatePolicy on resource: * because no identity-based policy allows the access-analyzer:ValidatePolicy action`,
    );
    expect(denied.headers.get('x-iam-authorization-message')).toMatch(SEALED);
    expect(denied.body.findings).toBeUndefined();

    const put = await call(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'aa', PolicyDocument: policy({ Effect: 'Allow', Action: 'access-analyzer:Validate*', Resource: '*' }) });
    expect(put.status).toBe(200);
    const allowed = await validate(alice, { policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' }, '', { bookmark: put.headers.get('x-iam-bookmark') });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual(asRoot.body);
  });

  it('lets an explicit Deny win over an Allow', async () => {
    const { root } = await newAccount();
    const bob = await userWithKey(root, 'bob');
    await iamOk(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'all', PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
    const put = await call(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'no-aa', PolicyDocument: policy({ Effect: 'Deny', Action: 'access-analyzer:*', Resource: '*' }) });
    const denied = await validate(bob, { policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' }, '', { bookmark: put.headers.get('x-iam-bookmark') });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-amzn-ErrorType')).toBe('AccessDeniedException');
    expect(denied.body.message).toContain('with an explicit deny in an identity-based policy');
  });
});

describe('ValidatePolicy: bad input', () => {
  it('answers ValidationException with the fields that failed, and the reason', async () => {
    const { root } = await newAccount();
    const missing = await validate(root, { policyDocument: PASS_ROLE });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-amzn-ErrorType')).toBe('ValidationException');
    expect(missing.body).toEqual({
      message: "1 validation error detected: Value at 'policyType' failed to satisfy constraint: Member must not be null",
      reason: 'fieldValidationFailed',
      fieldList: [{ name: 'policyType', message: 'Member must not be null' }],
    });
    const badEnum = await validate(root, { policyDocument: 42, policyType: 'TRUST_POLICY', validatePolicyResourceType: 'AWS::KMS::Key' });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.fieldList.map((f: { name: string }) => f.name)).toEqual(['policyDocument', 'policyType', 'validatePolicyResourceType']);
    expect(badEnum.body.message).toMatch(/^3 validation errors detected: /);

    const notJson = await validate(root, '{"policyDocument": ');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('x-amzn-ErrorType')).toBe('ValidationException');
    expect(notJson.body.reason).toBe('cannotParse');

    const huge = await validate(root, { policyDocument: ' '.repeat(131_073), policyType: 'IDENTITY_POLICY' });
    expect(huge.status).toBe(400);
    expect(huge.body.fieldList).toEqual([{ name: 'policyDocument', message: 'Member must have length less than or equal to 131072' }]);

    for (const q of ['?maxResults=0', '?maxResults=-1', '?maxResults=ten']) {
      const r = await validate(root, { policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' }, q);
      expect(r.status, q).toBe(400);
      expect(r.body.fieldList, q).toEqual([{ name: 'maxResults', message: 'Member must be a positive integer' }]);
    }
  });

  it('reports a document that is not JSON as a finding, not as an error of the call', async () => {
    const { root } = await newAccount();
    const r = await validate(root, { policyDocument: '{"Version": "2012-10-17", "Statement": [', policyType: 'IDENTITY_POLICY' });
    expect(r.status).toBe(200);
    expect(r.body.findings).toEqual([
      {
        findingDetails: 'Fix the JSON syntax error at index 40 line 1 column 40.',
        findingType: 'ERROR',
        issueCode: 'JSON_SYNTAX_ERROR',
        learnMoreLink: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-json-syntax-error',
        locations: [{ path: [], span: { start: { line: 1, column: 40, offset: 40 }, end: { line: 1, column: 40, offset: 40 } } }],
      },
    ]);
  });
});

describe('ValidatePolicy: pagination', () => {
  it('pages the findings with maxResults and nextToken, and refuses a token of another request', async () => {
    const { root } = await newAccount();
    const input = { policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' };
    const whole = await validate(root, input);
    expect(whole.body.nextToken).toBeUndefined();
    const pages: unknown[] = [];
    let token: string | undefined;
    do {
      const page: Answer = await validate(root, input, `?maxResults=1${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.findings).toHaveLength(1);
      pages.push(...page.body.findings);
      token = page.body.nextToken;
    } while (token);
    expect(pages).toEqual(whole.body.findings);

    const first = await validate(root, input, '?maxResults=1');
    const other = await validate(root, { ...input, policyType: 'SERVICE_CONTROL_POLICY' }, `?nextToken=${encodeURIComponent(first.body.nextToken)}`);
    expect(other.status).toBe(400);
    expect(other.headers.get('x-amzn-ErrorType')).toBe('ValidationException');
    const garbage = await validate(root, input, '?nextToken=not-a-token');
    expect(garbage.status).toBe(400);
  });
});
