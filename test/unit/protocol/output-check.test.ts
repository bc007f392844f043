/**
 * Outputs against the service model's output shapes: the checker the Query endpoint runs on every response
 * in the worker and e2e tests (`IAM_CHECK_OUTPUT`), and a static scan of the services' sources for enum
 * members set to values the model does not have.
 * Regression: `PermissionsBoundaryType` was sent as `Policy`; the model's only value is `PermissionsBoundaryPolicy`.
 * Spec: botocore IAM/STS service models (`enum` of string shapes).
 */
import { describe, expect, it } from 'vitest';
import { IAM_MODEL, STS_MODEL, outputViolations } from '../../../src/protocol/query/index';
import type { MemberRef, ServiceModel } from '../../../src/protocol/query/index';

const sources = import.meta.glob('/src/services/**/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const user = { Path: '/', UserName: 'u', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::123456789012:user/u', CreateDate: '2026-01-01T00:00:00Z' };

describe('outputViolations', () => {
  it('refuses an enum value the model lacks and accepts the model value', () => {
    const bad = { User: { ...user, PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/X' } } };
    expect(outputViolations(IAM_MODEL, 'GetUser', bad)).toEqual([
      "User.PermissionsBoundary.PermissionsBoundaryType: 'Policy' is not one of the model's values [PermissionsBoundaryPolicy]",
    ]);
    const good = { User: { ...user, PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/X' } } };
    expect(outputViolations(IAM_MODEL, 'GetUser', good)).toEqual([]);
  });

  it('checks enums inside lists and map keys', () => {
    const keys = { AccessKeyMetadata: [{ UserName: 'u', AccessKeyId: 'AKIAEXAMPLE', Status: 'Enabled', CreateDate: '2026-01-01T00:00:00Z' }], IsTruncated: false };
    expect(outputViolations(IAM_MODEL, 'ListAccessKeys', keys)).toEqual([
      "AccessKeyMetadata[0].Status: 'Enabled' is not one of the model's values [Active, Inactive, Expired]",
    ]);
    const summary = { SummaryMap: { Users: 1, Unicorns: 2 } };
    const problems = outputViolations(IAM_MODEL, 'GetAccountSummary', summary);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SummaryMap\{key\}: 'Unicorns' is not one of the model's values \[/);
  });

  it('reports members the shape lacks and values of the wrong kind, which the serializer would drop', () => {
    expect(outputViolations(IAM_MODEL, 'GetUser', { User: { ...user, Username: 'typo' } })).toEqual(['User.Username: no such member in the model']);
    expect(outputViolations(IAM_MODEL, 'GetUser', { User: { ...user, CreateDate: 'yesterday' } })).toEqual(['User.CreateDate: "yesterday" is not a timestamp']);
    expect(outputViolations(IAM_MODEL, 'ListUsers', { Users: user, IsTruncated: false })).toEqual(['Users: not a list']);
    expect(outputViolations(STS_MODEL, 'GetCallerIdentity', { UserId: 'x', Account: 123456789012, Arn: 'a' })).toEqual([
      'Account: a number where the model has a string',
    ]);
  });

  it('allows what AWS itself leaves out (required members) and operations without output', () => {
    expect(outputViolations(IAM_MODEL, 'GetUser', { User: { UserId: '123456789012', Arn: 'arn:aws:iam::123456789012:root', CreateDate: new Date() } })).toEqual([]);
    expect(outputViolations(IAM_MODEL, 'DeleteUser', {})).toEqual([]);
    expect(outputViolations(IAM_MODEL, 'DeleteUser', { Deleted: true })).toHaveLength(1);
  });
});

/** Every enum-typed member of every output shape of `model`: member name → the values allowed under that name. */
function outputEnums(model: ServiceModel): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const visit = (ref: MemberRef, name: string | undefined) => {
    const shapeName = typeof ref === 'string' ? ref : ref.shape;
    const shape = model.shapes[shapeName];
    if (shape === undefined) return;
    if (shape.enum !== undefined && name !== undefined) {
      const values = found.get(name) ?? new Set<string>();
      for (const v of shape.enum) values.add(v);
      found.set(name, values);
    }
    if (seen.has(shapeName)) return;
    seen.add(shapeName);
    for (const [member, r] of Object.entries(shape.members ?? {})) visit(r, member);
    if (shape.member) visit(shape.member, name);
    if (shape.value) visit(shape.value, name);
  };
  for (const op of Object.values(model.operations)) if (op.output) visit(op.output, undefined);
  return found;
}

describe('enum members the services set in their sources', () => {
  it('are values of the model enum of that member, in every output shape', () => {
    const enums = outputEnums(IAM_MODEL);
    for (const [name, values] of outputEnums(STS_MODEL)) enums.set(name, new Set([...(enums.get(name) ?? []), ...values]));
    expect(enums.get('PermissionsBoundaryType')).toEqual(new Set(['PermissionsBoundaryPolicy']));
    const problems: string[] = [];
    const checked = new Set<string>();
    // `Member: 'literal'` in an object literal (the way the services build output structures), and
    // `const MEMBER_NAME = 'literal'` (a constant named for the member it fills).
    const LITERAL = /\b([A-Z][A-Za-z]+)\s*:\s*'([^'\\]*)'/g;
    const CONSTANT = /\bconst\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\s*=\s*'([^'\\]*)'/g;
    const pascal = (snake: string) => snake.split('_').map((w) => w[0] + w.slice(1).toLowerCase()).join('');
    for (const [file, text] of Object.entries(sources)) {
      const found = [...text.matchAll(LITERAL)].map((m) => [m[1]!, m[2]!] as const);
      found.push(...[...text.matchAll(CONSTANT)].map((m) => [pascal(m[1]!), m[2]!] as const));
      for (const [member, value] of found) {
        const allowed = enums.get(member);
        if (allowed === undefined) continue;
        checked.add(member);
        if (!allowed.has(value)) problems.push(`${file}: ${member}: '${value}' ∉ [${[...allowed].join(', ')}]`);
      }
    }
    // The scan must see the members it exists for, or it proves nothing.
    expect([...checked]).toEqual(expect.arrayContaining(['PermissionsBoundaryType']));
    expect(problems).toEqual([]);
  });
});
