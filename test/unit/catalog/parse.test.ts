/**
 * The service reference parser and validator (src/core/catalog/parse.ts): the example SaaS's catalog and
 * an AWS-shaped document are accepted as they are; every rule refuses with a path and a sentence.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessLevelOf, CATALOG_LIMITS, compileService, parseServiceReference, type CatalogProblem } from '../../../src/core/catalog/index';

const ACME = readFileSync(new URL('../../../examples/acme/acme.service.json', import.meta.url), 'utf8');

/** A small valid document; `edit` changes a copy. */
function doc(edit: (d: any) => void = () => {}): string {
  const d: any = {
    Name: 'widgets',
    Version: 'v1.0',
    Actions: [
      { Name: 'GetWidget', Annotations: { Properties: { IsList: false, IsPermissionManagement: false, IsTaggingOnly: false, IsWrite: false } }, Resources: [{ Name: 'widget' }], ActionConditionKeys: ['widgets:Color'] },
      { Name: 'ListWidgets', Annotations: { Properties: { IsList: true } } },
    ],
    Resources: [{ Name: 'widget', ARNFormats: ['arn:${Partition}:widgets:${Region}:${Account}:widget/${WidgetId}'], ConditionKeys: ['aws:ResourceTag/${TagKey}'] }],
    ConditionKeys: [
      { Name: 'widgets:Color', Types: ['String'] },
      { Name: 'aws:ResourceTag/${TagKey}', Types: ['String'] },
    ],
  };
  edit(d);
  return JSON.stringify(d);
}

function problems(text: string, reserved: string[] = []): CatalogProblem[] {
  const r = parseServiceReference(text, { reserved });
  if (r.ok) throw new Error('expected the document to be refused');
  return r.error;
}

/** The one problem of a document, as `path: message`. */
const only = (text: string) => {
  const p = problems(text);
  expect(p).toHaveLength(1);
  return `${p[0]!.path}: ${p[0]!.message}`;
};

describe('accepted documents', () => {
  it('accepts the example SaaS catalog as written', () => {
    const r = parseServiceReference(ACME);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.Name).toBe('acme');
  });

  it('keeps fields it does not read (SupportedBy, Operations, unknown ones) in the parsed document', () => {
    const text = doc((d) => {
      d.Operations = [{ Name: 'GetWidget', AuthorizedActions: [{ Name: 'GetWidget', Service: 'widgets' }], SDK: [{ Name: 'widgets', Method: 'get_widget', Package: 'Boto3' }] }];
      d.Actions[0].SupportedBy = { 'IAM Access Analyzer Policy Generation': true, 'IAM Action Last Accessed': true };
      d.SomethingNew = { x: 1 };
    });
    const r = parseServiceReference(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect((r.value as any).SomethingNew).toEqual({ x: 1 });
      expect(r.value.Operations).toHaveLength(1);
    }
  });

  it('accepts formats without region or account (as s3 has) and colons in the resource part', () => {
    const text = doc((d) => {
      d.Resources.push({ Name: 'bucket', ARNFormats: ['arn:${Partition}:widgets:::${BucketName}'] });
      d.Resources.push({ Name: 'stream', ARNFormats: ['arn:${Partition}:widgets:${Region}:${Account}:log-group:${Group}:log-stream:${Stream}'] });
    });
    expect(parseServiceReference(text).ok).toBe(true);
  });

  it('accepts a mixed-case Name (prefixes are matched regardless of case)', () => {
    expect(parseServiceReference(doc((d) => (d.Name = 'Widgets'))).ok).toBe(true);
  });
});

describe('access level from the flags', () => {
  it('derives each level, the specific flag before IsWrite', () => {
    expect(accessLevelOf({ IsPermissionManagement: true, IsWrite: true })).toBe('Permissions management');
    expect(accessLevelOf({ IsTaggingOnly: true, IsWrite: true })).toBe('Tagging');
    expect(accessLevelOf({ IsWrite: true })).toBe('Write');
    expect(accessLevelOf({ IsList: true })).toBe('List');
    expect(accessLevelOf({})).toBe('Read');
    expect(accessLevelOf(undefined)).toBe('Read');
  });
});

describe('refused documents', () => {
  it('refuses text that is not JSON, and JSON that is not an object', () => {
    expect(only('{"Name": "x",')).toBe('$: The document is not valid JSON.');
    expect(only('[]')).toMatch(/^\$: The document must be a JSON object/);
    expect(only('"acme"')).toMatch(/^\$: The document must be a JSON object/);
  });

  it('refuses a document over the size cap', () => {
    const big = doc((d) => (d.Padding = 'x'.repeat(CATALOG_LIMITS.documentBytes)));
    expect(only(big)).toMatch(/^\$: The document is \d+ bytes; a service's document is at most 262144 bytes\.$/);
  });

  it('refuses a missing, empty or malformed Name', () => {
    expect(problems(doc((d) => delete d.Name))[0]).toEqual({ path: '$.Name', message: 'Name (the service prefix) is required and must be a string.' });
    expect(problems(doc((d) => (d.Name = 7)))[0]!.path).toBe('$.Name');
    for (const bad of ['wid gets', 'widgets:x', '-widgets', 'widgets-', '9widgets', 'wid*', 'a'.repeat(65), 'wídgets']) {
      const p = problems(doc((d) => (d.Name = bad)));
      expect(p[0]!.path, bad).toBe('$.Name');
      expect(p[0]!.message, bad).toMatch(/must be 1 to 64 letters, digits and hyphens/);
    }
  });

  it('refuses the reserved prefixes, in any case, and those the caller adds', () => {
    for (const name of ['iam', 'IAM', 'sts', 'aws', 'Aws']) {
      expect(problems(doc((d) => (d.Name = name)))[0]!.message, name).toMatch(/is reserved/);
    }
    expect(problems(doc(), ['widgets'])[0]).toEqual({ path: '$.Name', message: expect.stringContaining('The service prefix "widgets" is reserved') });
  });

  it('refuses a bad Version and Operations that is not an array', () => {
    expect(only(doc((d) => (d.Version = 2)))).toBe('$.Version: Version must be a string.');
    expect(only(doc((d) => (d.Operations = {})))).toBe('$.Operations: Operations must be an array.');
  });

  it('refuses missing, empty or oversized Actions', () => {
    expect(only(doc((d) => delete d.Actions))).toBe('$.Actions: Actions must be an array.');
    expect(only(doc((d) => (d.Actions = [])))).toBe('$.Actions: Actions must not be empty.');
    const many = doc((d) => (d.Actions = Array.from({ length: CATALOG_LIMITS.actions + 1 }, (_, i) => ({ Name: `A${i}` }))));
    expect(only(many)).toBe(`$.Actions: Actions has ${CATALOG_LIMITS.actions + 1} entries; at most ${CATALOG_LIMITS.actions} are allowed.`);
  });

  it('refuses action names with wildcards, colons, spaces, or none', () => {
    for (const bad of ['Get*', 'Get?', 'widgets:Get', 'Get Widget', '', 'x'.repeat(129)]) {
      const text = doc((d) => (d.Actions[1].Name = bad));
      expect(only(text), bad).toMatch(/^\$\.Actions\[1\]\.Name: An action needs a Name/);
    }
    expect(only(doc((d) => delete d.Actions[1].Name))).toMatch(/^\$\.Actions\[1\]\.Name/);
    expect(only(doc((d) => (d.Actions[1] = 'ListWidgets')))).toBe('$.Actions[1]: An action must be an object with a Name.');
  });

  it('refuses an action declared twice, regardless of case', () => {
    expect(only(doc((d) => (d.Actions[1].Name = 'getwidget')))).toBe('$.Actions[1].Name: The action getwidget is declared twice (action names are case-insensitive).');
  });

  it('refuses flags that are not booleans', () => {
    expect(only(doc((d) => (d.Actions[1].Annotations.Properties.IsList = 'true')))).toBe('$.Actions[1].Annotations.Properties.IsList: IsList must be true or false.');
    expect(only(doc((d) => (d.Actions[1].Annotations = [])))).toBe('$.Actions[1].Annotations: Annotations must be an object.');
    expect(only(doc((d) => (d.Actions[1].Annotations = { Properties: 1 })))).toBe('$.Actions[1].Annotations.Properties: Annotations.Properties must be an object.');
  });

  it('refuses an action using an undeclared resource type, or one twice', () => {
    expect(only(doc((d) => (d.Actions[0].Resources = [{ Name: 'gadget' }])))).toBe(
      '$.Actions[0].Resources[0].Name: The action GetWidget uses the resource type gadget, which Resources does not declare.',
    );
    expect(only(doc((d) => (d.Actions[0].Resources = [{ Name: 'widget' }, { Name: 'Widget' }])))).toBe(
      '$.Actions[0].Resources[1].Name: The action GetWidget lists the resource type Widget twice.',
    );
    expect(only(doc((d) => (d.Actions[0].Resources = ['widget'])))).toBe("$.Actions[0].Resources[0]: The action GetWidget's resources must be objects with a Name.");
  });

  it('refuses an action condition key that ConditionKeys does not declare', () => {
    expect(only(doc((d) => (d.Actions[0].ActionConditionKeys = ['widgets:Colour'])))).toBe(
      '$.Actions[0].ActionConditionKeys[0]: The action GetWidget uses the condition key widgets:Colour, which ConditionKeys does not declare.',
    );
    expect(only(doc((d) => (d.Actions[0].ActionConditionKeys = [7])))).toBe('$.Actions[0].ActionConditionKeys[0]: ActionConditionKeys entries must be strings.');
  });

  it('refuses a resource type without ARN formats, twice declared, or badly named', () => {
    expect(only(doc((d) => (d.Resources[0].ARNFormats = [])))).toBe('$.Resources[0].ARNFormats: The resource type widget needs at least one ARN format.');
    expect(problems(doc((d) => delete d.Resources[0].ARNFormats)).map((p) => p.path)).toContain('$.Resources[0].ARNFormats');
    expect(only(doc((d) => d.Resources.push({ Name: 'WIDGET', ARNFormats: ['arn:${Partition}:widgets:::w/${Id}'] })))).toBe(
      '$.Resources[1].Name: The resource type WIDGET is declared twice.',
    );
    expect(problems(doc((d) => (d.Resources[0].Name = 'wid get')))[0]!.path).toBe('$.Resources[0].Name');
  });

  it('refuses the same ARN format on two resource types', () => {
    const f = 'arn:${Partition}:widgets:${Region}:${Account}:widget/${WidgetId}';
    expect(only(doc((d) => d.Resources.push({ Name: 'gizmo', ARNFormats: [f] })))).toBe(`$.Resources[1].ARNFormats[0]: The ARN format ${f} is declared by both widget and gizmo.`);
  });

  const formatCases: [string, RegExp][] = [
    ['arn:aws:widgets:${Region}:${Account}:widget/${Id}', /must have \$\{Partition\} as its partition/],
    ['arn:${Partition}:gadgets:${Region}:${Account}:widget/${Id}', /must name the service "widgets" as its third component, not "gadgets"/],
    ['arn:${Partition}:Widgets:${Region}:${Account}:widget/${Id}', /must name the service "widgets"/],
    ['arn:${Partition}:widgets:us-east-1:${Account}:widget/${Id}', /must have \$\{Region\} or nothing as its region/],
    ['arn:${Partition}:widgets:${Region}:123456789012:widget/${Id}', /must have \$\{Account\} or nothing as its account/],
    ['arn:${Partition}:widgets:${Region}:${Account}', /must have six colon-separated components/],
    ['arn:${Partition}:widgets:${Region}:${Account}:', /must have a resource/],
    ['urn:${Partition}:widgets:${Region}:${Account}:widget/${Id}', /must start with "arn:"/],
    ['arn:${Partition}:widgets:${Region}:${Account}:widget/${Id', /variable that is not of the form/],
    ['arn:${Partition}:widgets:${Region}:${Account}:widget/$Id', /variable that is not of the form/],
    ['arn:${Partition}:widgets:${Region}:${Account}:widget/${1d}', /variable that is not of the form/],
    ['arn:${Partition}:widgets:${Region}:${Account}:widget/${Widget Id}', /variable that is not of the form/],
    ['arn:${Partition}:widgets:${Region}:${Account}:widget/*', /not allowed in an ARN/],
    ['arn:${Partition}:widgets:${Region}:${Account}:widget/?x', /not allowed in an ARN/],
    ['arn:${Partition}:widgets:${Region}:${Account}:widget id/${Id}', /not allowed in an ARN/],
    [`arn:\${Partition}:widgets:\${Region}:\${Account}:${'w'.repeat(1100)}`, /longer than 1024 characters/],
    ['arn:${Partition}:widgets:${Region}:${Account}:widget/${Id}${Version}', /two variables side by side/],
  ];
  for (const [format, message] of formatCases) {
    it(`refuses the ARN format ${format.slice(0, 80)}`, () => {
      const p = problems(doc((d) => (d.Resources[0].ARNFormats = [format])));
      expect(p).toHaveLength(1);
      expect(p[0]!.path).toBe('$.Resources[0].ARNFormats[0]');
      expect(p[0]!.message).toMatch(message);
    });
  }

  it('refuses a resource condition key that is not declared', () => {
    expect(only(doc((d) => (d.Resources[0].ConditionKeys = ['widgets:Size'])))).toBe(
      '$.Resources[0].ConditionKeys[0]: The resource type widget uses the condition key widgets:Size, which ConditionKeys does not declare.',
    );
  });

  it("refuses condition keys of another service, malformed, twice declared, or without a known type", () => {
    expect(only(doc((d) => d.ConditionKeys.push({ Name: 's3:prefix', Types: ['String'] })))).toBe(
      '$.ConditionKeys[2].Name: The condition key s3:prefix must be widgets:<name> or a global aws:<name>.',
    );
    expect(only(doc((d) => d.ConditionKeys.push({ Name: 'Color', Types: ['String'] })))).toMatch(/^\$\.ConditionKeys\[2\]\.Name: The condition key Color must be widgets:<name>/);
    expect(only(doc((d) => d.ConditionKeys.push({ Name: 'widgets:Co lor', Types: ['String'] })))).toMatch(/must be letters, digits/);
    expect(only(doc((d) => d.ConditionKeys.push({ Name: 'widgets:Tag/${Key', Types: ['String'] })))).toMatch(/must be letters, digits/);
    expect(only(doc((d) => d.ConditionKeys.push({ Name: 'WIDGETS:color', Types: ['String'] })))).toBe(
      '$.ConditionKeys[2].Name: The condition key WIDGETS:color is declared twice (condition keys are case-insensitive).',
    );
    expect(only(doc((d) => (d.ConditionKeys[0].Types = ['Text'])))).toMatch(/^\$\.ConditionKeys\[0\]\.Types: The condition key widgets:Color has the unknown type "Text"/);
    expect(only(doc((d) => (d.ConditionKeys[0].Types = [])))).toBe('$.ConditionKeys[0].Types: The condition key widgets:Color needs Types: an array of one to four types.');
    expect(only(doc((d) => delete d.ConditionKeys[0].Types))).toMatch(/^\$\.ConditionKeys\[0\]\.Types/);
    // Without declarations, the references to them are refused too.
    expect(problems(doc((d) => (d.ConditionKeys = {}))).map((p) => p.path)).toEqual(['$.ConditionKeys', '$.Resources[0].ConditionKeys[0]', '$.Actions[0].ActionConditionKeys[0]']);
  });

  it('reports every problem of a document in one answer, capped', () => {
    const text = doc((d) => {
      d.Actions = Array.from({ length: 80 }, (_, i) => ({ Name: `A${i}`, Resources: [{ Name: 'nope' }] }));
    });
    const p = problems(text);
    expect(p).toHaveLength(CATALOG_LIMITS.problems + 1);
    expect(p[CATALOG_LIMITS.problems]!.message).toBe('30 more problems not listed.');
  });
});

describe('never throws, whatever the input', () => {
  const ACME_DOC = JSON.parse(ACME);

  /** Every JSON path of a value (objects and arrays walked). */
  function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (typeof v !== 'object' || v === null) return [at];
    return [at, ...Object.entries(v).flatMap(([k, c]) => paths(c, [...at, Array.isArray(v) ? Number(k) : k]))];
  }
  const ALL_PATHS = paths(ACME_DOC).filter((p) => p.length > 0);

  it('answers ok or problems for random JSON and random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ Name: 'acme', Actions: v }))), (text) => {
        const r = parseServiceReference(text);
        if (!r.ok) for (const p of r.error) expect(p.path.startsWith('$')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('answers ok (and compiles) or problems when any part of the acme document is replaced', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_PATHS), fc.jsonValue(), (path, value) => {
        const doc = structuredClone(ACME_DOC);
        let at: any = doc;
        for (const k of path.slice(0, -1)) at = at[k];
        at[path[path.length - 1]!] = value;
        const r = parseServiceReference(JSON.stringify(doc));
        if (r.ok) {
          const s = compileService(r.value, 1);
          s.resourceTypeOf('arn:aws:acme:us-east-1:123456789012:project/p1');
          for (const a of s.actions()) s.conditionKeys(a.name, a.resources[0]?.type);
        } else {
          expect(r.error.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
