/**
 * @module Identity providers on SQLite: OpenID Connect (`oidc_providers`; client ids and thumbprints as
 * JSON arrays) and SAML (`saml_providers`), by ARN. Both are projected: AssumeRoleWithWebIdentity and
 * AssumeRoleWithSAML read them on the data plane.
 */
import { asc, eq } from 'drizzle-orm';
import type { ProviderStore } from '../../core/ports';
import type { OidcProviderRecord } from '../../core/records';
import * as t from '../schema/account';
import type { StoreContext } from './context';
import { deleteTags } from './tag-table';

const toOidc = (r: typeof t.oidcProviders.$inferSelect): OidcProviderRecord => ({
  ...r,
  clientIds: JSON.parse(r.clientIds) as string[],
  thumbprints: JSON.parse(r.thumbprints) as string[],
});

/** The identity providers of one transaction. */
export function providerStore(c: StoreContext): ProviderStore {
  return {
    findOidcProvider(arn) {
      const r = c.db.select().from(t.oidcProviders).where(eq(t.oidcProviders.arn, arn)).get();
      return r && toOidc(r);
    },

    listOidcProviders: () => c.db.select().from(t.oidcProviders).orderBy(asc(t.oidcProviders.arn)).all().map(toOidc),

    putOidcProvider(p) {
      const row = { ...p, clientIds: JSON.stringify(p.clientIds), thumbprints: JSON.stringify(p.thumbprints) };
      c.db.insert(t.oidcProviders).values(row).onConflictDoUpdate({ target: t.oidcProviders.arn, set: row }).run();
      c.emit({
        op: 'put',
        table: 'oidc_providers',
        row: { accountId: c.accountId, arn: p.arn, url: p.url, clientIds: row.clientIds, thumbprints: row.thumbprints },
      });
    },

    deleteOidcProvider(arn) {
      deleteTags(c, 'oidc-provider', arn);
      c.db.delete(t.oidcProviders).where(eq(t.oidcProviders.arn, arn)).run();
      c.emit({ op: 'del', table: 'oidc_providers', key: { accountId: c.accountId, arn } });
    },

    findSamlProvider: (arn) => c.db.select().from(t.samlProviders).where(eq(t.samlProviders.arn, arn)).get(),

    listSamlProviders: () => c.db.select().from(t.samlProviders).orderBy(asc(t.samlProviders.arn)).all(),

    putSamlProvider(p) {
      c.db.insert(t.samlProviders).values(p).onConflictDoUpdate({ target: t.samlProviders.arn, set: p }).run();
      c.emit({
        op: 'put',
        table: 'saml_providers',
        row: { accountId: c.accountId, arn: p.arn, metadataDocument: p.metadataDocument, validUntil: p.validUntil },
      });
    },

    deleteSamlProvider(arn) {
      deleteTags(c, 'saml-provider', arn);
      c.db.delete(t.samlProviders).where(eq(t.samlProviders.arn, arn)).run();
      c.emit({ op: 'del', table: 'saml_providers', key: { accountId: c.accountId, arn } });
    },
  };
}
