/**
 * The authorization reference across the built-in table and the catalog (services/catalog-reference.ts,
 * services/authz-resources.ts): catalog actions are found with their access level, resource types,
 * ARN templates and condition keys; the built-in services always answer for their own prefixes; without a
 * catalog nothing of it is known.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogOf, compileService, parseServiceReference } from '../../../src/core/catalog/index';
import { actionAccessLevel, actionConditionKeys, actionResourceTypes, targetConditionKeys } from '../../../src/services/authz-resources';
import { actionReference, BUILT_IN_PREFIXES, knownService } from '../../../src/services/catalog-reference';

const parsed = parseServiceReference(readFileSync(new URL('../../../examples/acme/acme.service.json', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('acme is valid');
const catalog = catalogOf([compileService(parsed.value, 1)]);

describe('actionReference', () => {
  it('finds catalog actions regardless of case', () => {
    const r = actionReference('ACME:getproject', catalog)!;
    expect(r).toMatchObject({ service: 'acme', name: 'GetProject', access: 'Read', resources: [{ type: 'project', required: true }] });
    expect(r.arnTemplates('project')).toEqual(['arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}']);
    expect(r.resourceTypeKeys('project')).toEqual(['aws:ResourceTag/${TagKey}', 'acme:ProjectVisibility']);
    expect(r.resourceTypeOf('arn:aws:acme:eu-west-1:123456789012:project/p/document/d')).toBe('document');
  });

  it('answers undefined for unknown actions and services, and without a catalog', () => {
    expect(actionReference('acme:GetProjekt', catalog)).toBeUndefined();
    expect(actionReference('billing:GetInvoice', catalog)).toBeUndefined();
    expect(actionReference('acme:GetProject')).toBeUndefined();
    expect(actionReference('GetProject', catalog)).toBeUndefined();
  });

  it('answers IAM and STS from the built-in table whatever the catalog holds', () => {
    expect(BUILT_IN_PREFIXES).toEqual(['iam', 'sts']);
    const iam = actionReference('iam:CreateUser', catalog)!;
    expect(iam).toMatchObject({ service: 'iam', name: 'CreateUser', access: 'Write' });
    expect(iam.arnTemplates('user')).toEqual(['arn:${Partition}:iam::${Account}:user/${UserNameWithPath}']);
    expect(iam.resourceTypeOf('arn:aws:iam::123456789012:user/division/bob')).toBe('user');
    expect(actionReference('iam:NoSuchAction', catalog)).toBeUndefined();
    expect(knownService('IAM')).toBe(true);
    expect(knownService('acme', catalog)).toBe(true);
    expect(knownService('acme')).toBe(false);
  });
});

describe('authz-resources with a catalog', () => {
  it('gives access levels, resource types and condition keys of catalog actions', () => {
    expect(actionAccessLevel('acme:PutProjectPolicy', catalog)).toBe('Permissions management');
    expect(actionAccessLevel('acme:PutProjectPolicy')).toBeUndefined();
    expect(actionAccessLevel('iam:CreateUser', catalog)).toBe('Write');
    expect(actionResourceTypes('acme:GetDocument', catalog)).toEqual([{ type: 'document', required: true }]);
    expect(actionConditionKeys('acme:TagProject', catalog)).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'aws:ResourceTag/${TagKey}', 'acme:ProjectVisibility']);
    expect(targetConditionKeys('acme:CreateProject', 'project', catalog)).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'acme:ProjectVisibility', 'aws:ResourceTag/${TagKey}']);
    expect(targetConditionKeys('acme:GetDocument', 'document', catalog)).toEqual(['aws:ResourceTag/${TagKey}']);
    expect(targetConditionKeys('acme:GetDocument', 'project', catalog)).toEqual([]);
    expect(targetConditionKeys('acme:Nope', 'project', catalog)).toBeUndefined();
    // The built-in answers are unchanged by a catalog.
    expect(targetConditionKeys('iam:TagUser', 'user', catalog)).toEqual(targetConditionKeys('iam:TagUser', 'user'));
  });
});
