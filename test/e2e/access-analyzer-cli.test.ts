/**
 * Access Analyzer's ValidatePolicy with the AWS CLI on PATH (botocore's restJson1 serializer, SigV4 for
 * `access-analyzer`, its paginator and error parser) against the local server: `aws accessanalyzer
 * validate-policy --policy-document file://… --policy-type …` answers the findings with issue codes and
 * locations, pages through them with `--page-size`, refuses a user no policy allows, and answers a bad
 * policy type with ValidationException.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithKey } from './support/aws';
import { createAccountWithRootKeys, iamClient, runAwsCli, type Credentials } from './support/clients';

let root: Credentials;
let dir: string;
let policyFile: string;

/** Lines 1–9 of a policy with a PassRole grant on every role, a misspelled action and a redundant one. */
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:PassRole", "s3:GetObjectt", "s3:GetObject", "s3:Get*"],
      "Resource": "*"
    }
  ]
}
`;

interface Finding {
  issueCode: string;
  findingType: string;
  findingDetails: string;
  locations: { path: Record<string, unknown>[]; span: { start: Record<string, number>; end: Record<string, number> } }[];
}

beforeAll(async () => {
  ({ credentials: root } = await createAccountWithRootKeys());
  dir = mkdtempSync(path.join(tmpdir(), 'edge-iam-aa-'));
  policyFile = path.join(dir, 'policy.json');
  writeFileSync(policyFile, POLICY);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aws accessanalyzer validate-policy', () => {
  it('answers the findings of an identity policy with their issue codes and locations', async () => {
    const r = await runAwsCli(['accessanalyzer', 'validate-policy', '--policy-document', `file://${policyFile}`, '--policy-type', 'IDENTITY_POLICY'], root);
    expect(r.code, r.stderr).toBe(0);
    const findings = (r.json as { findings: Finding[] }).findings;
    expect(findings.map((f) => [f.findingType, f.issueCode])).toEqual([
      ['ERROR', 'INVALID_ACTION'],
      ['SUGGESTION', 'REDUNDANT_ACTION'],
      ['SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'],
    ]);
    const invalid = findings[0]!;
    expect(invalid.findingDetails).toBe('The action s3:GetObjectt does not exist. Did you mean s3:GetObject?');
    // "s3:GetObjectt" is the second item of line 6's list, quotes included.
    expect(invalid.locations).toEqual([
      {
        path: [{ value: 'Statement' }, { index: 0 }, { value: 'Action' }, { index: 1 }],
        span: { start: { line: 6, column: 33, offset: 110 }, end: { line: 6, column: 48, offset: 125 } },
      },
    ]);
    expect(POLICY.slice(110, 125)).toBe('"s3:GetObjectt"');
    expect(findings[1]!.findingDetails).toBe('The 1 action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: s3:GetObject.');
  });

  it('pages through the findings with --page-size as without it', async () => {
    const whole = await runAwsCli(['accessanalyzer', 'validate-policy', '--policy-document', `file://${policyFile}`, '--policy-type', 'IDENTITY_POLICY'], root);
    const paged = await runAwsCli(['accessanalyzer', 'validate-policy', '--policy-document', `file://${policyFile}`, '--policy-type', 'IDENTITY_POLICY', '--page-size', '1'], root);
    expect(paged.code, paged.stderr).toBe(0);
    expect(paged.json).toEqual(whole.json);
    const first = await runAwsCli(['accessanalyzer', 'validate-policy', '--policy-document', `file://${policyFile}`, '--policy-type', 'IDENTITY_POLICY', '--max-items', '1'], root);
    expect(first.code, first.stderr).toBe(0);
    expect((first.json as { findings: unknown[]; NextToken?: string }).findings).toHaveLength(1);
    expect((first.json as { NextToken?: string }).NextToken).toBeTruthy();
  });

  it('refuses a user no policy allows, and a policy type the model does not have', async () => {
    const user = await userWithKey(iamClient(root), 'no-analyzer');
    const denied = await runAwsCli(['accessanalyzer', 'validate-policy', '--policy-document', `file://${policyFile}`, '--policy-type', 'IDENTITY_POLICY'], user.credentials);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('(AccessDeniedException)');
    expect(denied.stderr).toContain('access-analyzer:ValidatePolicy');

    const bad = await runAwsCli(['accessanalyzer', 'validate-policy', '--policy-document', `file://${policyFile}`, '--policy-type', 'TRUST_POLICY'], root);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('(ValidationException)');
    expect(bad.stderr).toContain("Value at 'policyType' failed to satisfy constraint");
  });
});
