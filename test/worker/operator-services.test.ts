/**
 * The service catalog's operator API (http/operator-services.ts) against real D1: create, replace, get,
 * list, delete with versions that only grow; every invalid document refused with 400 and a list of
 * problems, changing nothing; unknown prefixes 404; never a 500 for random bodies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOKMARK, dispatch, OPERATOR_TOKEN, operator } from './support';

const ACME_TEXT = Object.values(import.meta.glob('/examples/acme/acme.service.json', { query: '?raw', import: 'default', eager: true }))[0] as string;
const ACME = JSON.parse(ACME_TEXT) as Record<string, any>;

/** PUT with a raw body (the document text as sent). */
const putRaw = (prefix: string, body: string, token = OPERATOR_TOKEN) =>
  dispatch(`https://iam.test/operator/services/${prefix}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

/** A copy of the acme document named `name`, its ARN formats naming it too, after `edit`. */
function service(name: string, edit: (d: any) => void = () => {}): any {
  const d = JSON.parse(ACME_TEXT.replaceAll(':acme:', `:${name.toLowerCase()}:`).replaceAll('"acme:', `"${name.toLowerCase()}:`));
  d.Name = name;
  edit(d);
  return d;
}

const uniquePrefix = () => `svc${Math.floor(Math.random() * 1e9)}`;

describe('PUT, GET, list, DELETE', () => {
  it('stores the acme catalog as sent and answers it with its version', async () => {
    const put = await putRaw('acme', ACME_TEXT);
    expect(put.status).toBe(200);
    expect(put.headers.get('x-iam-bookmark')).toMatch(BOOKMARK);
    const { version } = (await put.json()) as { version: number };
    expect(version).toBeGreaterThanOrEqual(1);

    const got = await operator('GET', '/services/acme');
    expect(got.status).toBe(200);
    const body = (await got.json()) as any;
    expect(body).toMatchObject({ prefix: 'acme', version });
    expect(body.document).toEqual(ACME);
    expect(Date.parse(body.updatedAt)).not.toBeNaN();

    const listed = (await (await operator('GET', '/services')).json()) as { services: { prefix: string; version: number }[] };
    expect(listed.services).toContainEqual(expect.objectContaining({ prefix: 'acme', version }));
  });

  it('replaces a service with the next version; the path prefix matches Name regardless of case', async () => {
    const prefix = uniquePrefix();
    const first = (await (await operator('PUT', `/services/${prefix}`, service(prefix))).json()) as any;
    expect(first).toMatchObject({ prefix, version: 1 });
    const second = await operator('PUT', `/services/${prefix.toUpperCase()}`, service(prefix, (d) => d.Actions.pop()));
    expect(second.status).toBe(200);
    expect(((await second.json()) as any).version).toBe(2);
    const mixed = await operator('PUT', `/services/${prefix}`, service(prefix.toUpperCase()));
    expect(((await mixed.json()) as any).version).toBe(3);
    const got = (await (await operator('GET', `/services/${prefix.toUpperCase()}`)).json()) as any;
    expect(got).toMatchObject({ prefix, version: 3 });
    expect(got.document.Name).toBe(prefix.toUpperCase());
  });

  it('deletes a service: 404 afterwards, gone from the list, and a new PUT continues the versions', async () => {
    const prefix = uniquePrefix();
    await operator('PUT', `/services/${prefix}`, service(prefix));
    await operator('PUT', `/services/${prefix}`, service(prefix));
    const del = await operator('DELETE', `/services/${prefix}`);
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ prefix, version: 3, deleted: true });
    expect(del.headers.get('x-iam-bookmark')).toMatch(BOOKMARK);
    expect((await operator('GET', `/services/${prefix}`)).status).toBe(404);
    expect((await operator('DELETE', `/services/${prefix}`)).status).toBe(404);
    const listed = (await (await operator('GET', '/services')).json()) as { services: { prefix: string }[] };
    expect(listed.services.map((s) => s.prefix)).not.toContain(prefix);
    const again = (await (await operator('PUT', `/services/${prefix}`, service(prefix))).json()) as any;
    expect(again.version).toBe(4);
  });

  it('answers 404 in the operator shape for a prefix never declared', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await operator(method, '/services/never-declared');
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ code: 'NotFound', message: 'The service never-declared does not exist.' });
    }
  });

  it('requires the operator token', async () => {
    for (const [method, path] of [['GET', '/operator/services'], ['GET', '/operator/services/acme'], ['PUT', '/operator/services/acme'], ['DELETE', '/operator/services/acme']] as const) {
      const res = await dispatch(`https://iam.test${path}`, { method, headers: { authorization: 'Bearer wrong' }, ...(method === 'PUT' ? { body: ACME_TEXT } : {}) });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect((await putRaw('acme', ACME_TEXT, 'wrong')).status).toBe(401);
  });
});

describe('refused documents change nothing', () => {
  /** PUTs `body` and expects 400 with `message` among the problems; the stored service is unchanged. */
  async function refused(prefix: string, body: string, problem: RegExp): Promise<any> {
    const before = await (await operator('GET', `/services/${prefix}`)).text();
    const res = await putRaw(prefix, body);
    expect(res.status, body.slice(0, 200)).toBe(400);
    const answer = (await res.json()) as any;
    expect(answer.code).toBe('InvalidRequest');
    expect(answer.message).toMatch(problem);
    expect(await (await operator('GET', `/services/${prefix}`)).text()).toBe(before);
    return answer;
  }

  it('refuses each kind of invalid document with its problem, path by path', async () => {
    const prefix = uniquePrefix();
    await operator('PUT', `/services/${prefix}`, service(prefix));
    const cases: [any, RegExp, string][] = [
      [service(prefix, (d) => (d.Actions[0].Resources = [{ Name: 'folder' }])), /uses the resource type folder, which Resources does not declare/, '$.Actions[0].Resources[0].Name'],
      [service(prefix, (d) => (d.Resources[0].ARNFormats = [`arn:aws:${prefix}:\${Region}:\${Account}:project/\${ProjectId}/document/\${DocumentId}`])), /must have \$\{Partition\} as its partition/, '$.Resources[0].ARNFormats[0]'],
      [service(prefix, (d) => (d.Resources[0].ARNFormats = [`arn:\${Partition}:other:\${Region}:\${Account}:x/\${Id}`])), /must name the service/, '$.Resources[0].ARNFormats[0]'],
      [service(prefix, (d) => (d.Resources[0].ARNFormats = [`arn:\${Partition}:${prefix}:\${Region}:\${Account}`])), /six colon-separated components/, '$.Resources[0].ARNFormats[0]'],
      [service(prefix, (d) => (d.Resources[0].ARNFormats = [`arn:\${Partition}:${prefix}:\${Region}:\${Account}:x/\${Id`])), /not of the form \$\{Name\}/, '$.Resources[0].ARNFormats[0]'],
      [service(prefix, (d) => d.Actions.push({ ...d.Actions[0], Name: d.Actions[0].Name.toUpperCase() })), /is declared twice/, '$.Actions[13].Name'],
      [service(prefix, (d) => (d.Actions[2].Name = 'Delete*')), /An action needs a Name/, '$.Actions[2].Name'],
      [service(prefix, (d) => (d.Actions[0].ActionConditionKeys = [`${prefix}:Nope`])), /which ConditionKeys does not declare/, '$.Actions[0].ActionConditionKeys[0]'],
      [service(prefix, (d) => (d.ConditionKeys[0].Types = ['Colour'])), /unknown type "Colour"/, '$.ConditionKeys[0].Types'],
      [service(prefix, (d) => (d.ConditionKeys[0].Name = 's3:Thing')), /must be .*:<name> or a global aws:<name>/, '$.ConditionKeys[0].Name'],
      [service(prefix, (d) => (d.Actions = [])), /Actions must not be empty/, '$.Actions'],
      [service(prefix, (d) => (d.Actions[0].Annotations.Properties.IsWrite = 'yes')), /IsWrite must be true or false/, '$.Actions[0].Annotations.Properties.IsWrite'],
    ];
    for (const [doc, problem, path] of cases) {
      const answer = await refused(prefix, JSON.stringify(doc), problem);
      expect(answer.errors.map((e: any) => e.path), path).toContain(path);
    }
  });

  it('refuses a Name that differs from the path, reserved prefixes, and bad path prefixes', async () => {
    const prefix = uniquePrefix();
    await refused(prefix, JSON.stringify(service(`${prefix}x`)), new RegExp(`Name "${prefix}x" must equal the service prefix of the path, "${prefix}"`));
    for (const reserved of ['iam', 'sts', 'aws', 'IAM']) {
      const res = await operator('PUT', `/services/${reserved}`, service(reserved.toLowerCase() === 'aws' ? 'aws' : reserved));
      expect(res.status, reserved).toBe(400);
      expect(((await res.json()) as any).message).toMatch(/is reserved/);
    }
    for (const bad of ['a_b', '-x', 'x-', '9x', 'x'.repeat(65)]) {
      const res = await operator('PUT', `/services/${bad}`, service('acme'));
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as any).message).toMatch(/must be 1 to 64 letters, digits and hyphens/);
    }
  });

  it('refuses bodies that are not a JSON object, not UTF-8, or too large', async () => {
    const prefix = uniquePrefix();
    await refused(prefix, '{"Name":', /not valid JSON/);
    await refused(prefix, '[1,2]', /must be a JSON object/);
    await refused(prefix, '', /not valid JSON/);
    const res = await dispatch(`https://iam.test/operator/services/${prefix}`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).message).toBe('The request body is not valid UTF-8.');
    const big = await putRaw(prefix, JSON.stringify(service(prefix, (d) => (d.Padding = 'x'.repeat(262_144)))));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'RequestTooLarge' });
    expect((await operator('GET', `/services/${prefix}`)).status).toBe(404);
  });

  it('never answers 500 to random bodies and paths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string(), fc.constant(JSON.stringify(service('fuzz', (d) => (d.Resources = null))))), fc.stringMatching(/^[a-zA-Z0-9-]{1,10}$/), async (body, prefix) => {
        const res = await putRaw(prefix, body);
        expect([200, 400]).toContain(res.status);
        const answer = (await res.json()) as any;
        if (res.status === 400) expect(typeof answer.message).toBe('string');
      }),
      { numRuns: 60 },
    );
  });
});
