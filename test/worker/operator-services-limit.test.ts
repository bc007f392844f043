/**
 * The catalog holds at most CATALOG_LIMITS.services services (every isolate keeps each one compiled): a new
 * service beyond it is refused with 409 and nothing written; replacing an existing one still works, and a
 * deletion makes room.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG_LIMITS } from '../../src/core/catalog/index';
import { operator } from './support';

const minimal = (name: string) => ({ Name: name, Actions: [{ Name: 'Get' }] });

describe('service count limit', () => {
  it('refuses a service beyond the limit, still replaces existing ones, and accepts one after a deletion', async () => {
    const listed = (await (await operator('GET', '/services')).json()) as { services: { prefix: string }[] };
    const room = CATALOG_LIMITS.services - listed.services.length;
    const created: string[] = [];
    for (let i = 0; i < room; i++) {
      const name = `limit${i}`;
      const res = await operator('PUT', `/services/${name}`, minimal(name));
      expect(res.status, name).toBe(200);
      created.push(name);
    }
    const over = await operator('PUT', '/services/limitover', minimal('limitover'));
    expect(over.status).toBe(409);
    expect(await over.json()).toEqual({ code: 'LimitExceeded', message: `The catalog already has ${CATALOG_LIMITS.services} services; delete one first.` });
    expect((await operator('GET', '/services/limitover')).status).toBe(404);

    const replaced = await operator('PUT', `/services/${created[0]}`, minimal(created[0]!));
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { version: number }).version).toBe(2);

    expect((await operator('DELETE', `/services/${created[1]}`)).status).toBe(200);
    expect((await operator('PUT', '/services/limitover', minimal('limitover'))).status).toBe(200);
    for (const name of [...created.filter((n) => n !== created[1]), 'limitover']) await operator('DELETE', `/services/${name}`);
  });
});
