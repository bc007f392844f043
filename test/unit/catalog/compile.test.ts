/**
 * The compiled catalog (src/core/catalog/compile.ts): actions by any case, access levels, resource types of
 * ARNs through the ARN formats (the most specific format wins), condition keys per action and resource
 * type, condition key types through templates.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogOf, compileService, EMPTY_CATALOG, parseServiceReference, type ServiceReference } from '../../../src/core/catalog/index';

function parsed(text: string): ServiceReference {
  const r = parseServiceReference(text);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const ACME = parsed(readFileSync(new URL('../../../examples/acme/acme.service.json', import.meta.url), 'utf8'));
const acme = compileService(ACME, 3);

describe('actions', () => {
  it('finds actions regardless of case, with the catalog spelling', () => {
    expect(acme.prefix).toBe('acme');
    expect(acme.version).toBe(3);
    expect(acme.action('getproject')?.name).toBe('GetProject');
    expect(acme.action('GETPROJECT')?.name).toBe('GetProject');
    expect(acme.action('GetProjects')).toBeUndefined();
    expect(acme.action('Get*')).toBeUndefined();
    expect(acme.actions().map((a) => a.name)).toContain('ListDocuments');
  });

  it('gives each action its access level as the brief lists them', () => {
    const level = (n: string) => acme.action(n)!.accessLevel;
    expect(level('ListProjects')).toBe('List');
    expect(level('ListDocuments')).toBe('List');
    expect(level('GetProject')).toBe('Read');
    expect(level('GetProjectPolicy')).toBe('Read');
    expect(level('GetDocument')).toBe('Read');
    for (const w of ['CreateProject', 'UpdateProject', 'DeleteProject', 'PutDocument', 'DeleteDocument']) expect(level(w), w).toBe('Write');
    expect(level('TagProject')).toBe('Tagging');
    expect(level('UntagProject')).toBe('Tagging');
    expect(level('PutProjectPolicy')).toBe('Permissions management');
  });

  it('lists resource types (required) and action condition keys', () => {
    expect(acme.action('GetDocument')!.resources).toEqual([{ type: 'document', required: true }]);
    expect(acme.action('ListProjects')!.resources).toEqual([]);
    expect(acme.action('CreateProject')!.conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'acme:ProjectVisibility']);
  });
});

describe('resourceTypeOf', () => {
  it('matches ARNs to their resource type, the most specific format first', () => {
    expect(acme.resourceTypeOf('arn:aws:acme:us-east-1:123456789012:project/p1')).toBe('project');
    expect(acme.resourceTypeOf('arn:aws:acme:us-east-1:123456789012:project/p1/document/d1')).toBe('document');
    expect(acme.resourceTypeOf('arn:aws-cn:acme:cn-north-1:123456789012:project/p1')).toBe('project');
  });

  it('answers undefined for ARNs no format matches', () => {
    for (const arn of [
      'arn:aws:acme:us-east-1:123456789012:project/',
      'arn:aws:acme:us-east-1:123456789012:projects/p1',
      'arn:aws:acme:us-east-1:12345:project/p1',
      'arn:aws:acme::123456789012:project/p1',
      'arn:aws:s3:us-east-1:123456789012:project/p1',
      'arn:aws:acme:us-east-1:123456789012:Project/p1',
      'project/p1',
      '*',
      '',
    ]) {
      expect(acme.resourceTypeOf(arn), arn).toBeUndefined();
    }
  });

  it('matches formats without region and account only by ARNs without them', () => {
    const svc = compileService(
      parsed(JSON.stringify({ Name: 'store', Actions: [{ Name: 'Get', Resources: [{ Name: 'bucket' }] }], Resources: [{ Name: 'bucket', ARNFormats: ['arn:${Partition}:store:::${BucketName}'] }] })),
      1,
    );
    expect(svc.resourceTypeOf('arn:aws:store:::my-bucket')).toBe('bucket');
    expect(svc.resourceTypeOf('arn:aws:store:::my-bucket/with/slashes')).toBe('bucket');
    expect(svc.resourceTypeOf('arn:aws:store:us-east-1::my-bucket')).toBeUndefined();
  });
});

describe('condition keys', () => {
  it("adds a resource type's keys to the action's when the action takes that type", () => {
    expect(acme.conditionKeys('GetProject', 'project')).toEqual(['aws:ResourceTag/${TagKey}', 'acme:ProjectVisibility']);
    expect(acme.conditionKeys('CreateProject', 'project')).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'acme:ProjectVisibility', 'aws:ResourceTag/${TagKey}']);
    expect(acme.conditionKeys('GetDocument', 'document')).toEqual(['aws:ResourceTag/${TagKey}']);
    // A type the action does not take adds nothing.
    expect(acme.conditionKeys('GetDocument', 'project')).toEqual([]);
    // Without a type: those of every type the action takes.
    expect(acme.conditionKeys('UpdateProject')).toEqual(['acme:ProjectVisibility', 'aws:ResourceTag/${TagKey}']);
    expect(acme.conditionKeys('NoSuchAction')).toEqual([]);
  });

  it('types declared keys, templates matching any variable value, regardless of case', () => {
    expect(acme.conditionKeyTypes('acme:ProjectVisibility')).toEqual(['String']);
    expect(acme.conditionKeyTypes('ACME:projectvisibility')).toEqual(['String']);
    expect(acme.conditionKeyTypes('aws:RequestTag/team')).toEqual(['String']);
    expect(acme.conditionKeyTypes('aws:resourcetag/cost-center')).toEqual(['String']);
    expect(acme.conditionKeyTypes('aws:TagKeys')).toEqual(['ArrayOfString']);
    expect(acme.conditionKeyTypes('aws:RequestTag/')).toBeUndefined();
    expect(acme.conditionKeyTypes('acme:Nope')).toBeUndefined();
  });
});

describe('catalogOf', () => {
  it('finds services by prefix regardless of case, listed in prefix order', () => {
    const other = compileService(parsed(JSON.stringify({ Name: 'Billing', Actions: [{ Name: 'GetInvoice' }] })), 1);
    const catalog = catalogOf([acme, other]);
    expect(catalog.service('ACME')).toBe(acme);
    expect(catalog.service('billing')?.prefix).toBe('billing');
    expect(catalog.service('s3')).toBeUndefined();
    expect(catalog.services().map((s) => s.prefix)).toEqual(['acme', 'billing']);
    expect(EMPTY_CATALOG.services()).toEqual([]);
  });
});

describe('ARN format matching cost and variables', () => {
  const svc = (formats: string[]) =>
    compileService(parsed(JSON.stringify({ Name: 'store', Actions: [{ Name: 'Get', Resources: [{ Name: 'thing' }] }], Resources: [{ Name: 'thing', ARNFormats: formats }] })), 1);

  it('lets a middle variable stop at the character after it, the last one take the rest', () => {
    const s = svc(['arn:${Partition}:store:::${BucketName}/${ObjectName}']);
    expect(s.resourceTypeOf('arn:aws:store:::bucket/a/b/c.txt')).toBe('thing');
    expect(s.resourceTypeOf('arn:aws:store:::bucket/')).toBeUndefined();
    const logs = svc(['arn:${Partition}:store:${Region}:${Account}:log-group:${Group}:log-stream:${Stream}']);
    expect(logs.resourceTypeOf('arn:aws:store:us-east-1:123456789012:log-group:g1:log-stream:s:1')).toBe('thing');
    expect(logs.resourceTypeOf('arn:aws:store:us-east-1:123456789012:log-group:g:1:log-stream:s')).toBeUndefined();
  });

  it('matches adversarial ARNs in linear time', () => {
    const s = svc(['arn:${Partition}:store:${Region}:${Account}:a/${A}/b/${B}/c/${C}/d/${D}/e/${E}']);
    const evil = `arn:aws:store:us-east-1:123456789012:a/${'x/b/'.repeat(2000)}`;
    const started = performance.now();
    expect(s.resourceTypeOf(evil)).toBeUndefined();
    expect(acme.resourceTypeOf(`arn:aws:acme:us-east-1:123456789012:project/${'p/document/'.repeat(5000)}x`)).toBe('document');
    expect(performance.now() - started).toBeLessThan(200);
  });
});
