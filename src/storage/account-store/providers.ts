/**
 * @module Identity providers on SQLite: OpenID Connect (`oidc_providers`; client ids and thumbprints as
 * JSON arrays) and SAML (`saml_providers`), by ARN. Both are projected: AssumeRoleWithWebIdentity and
 * AssumeRoleWithSAML read them on the data plane.
 */
import { asc, eq } from 'drizzle-orm';
import type { ProviderStore } from '../../core/ports';
import type { OidcProviderRecord } from '../../core/records';
import * as t from '../schema/account';
import type { StoreMethods } from './context';
import { deleteTags } from './tag-table';

const toOidc = (r: typeof t.oidcProviders.$inferSelect): OidcProviderRecord => ({
  ...r,
  clientIds: JSON.parse(r.clientIds) as string[],
  thumbprints: JSON.parse(r.thumbprints) as string[],
});

/** The identity providers' methods. */
export const providerMethods: ProviderStore & ThisType<StoreMethods> = {
  findOidcProvider(arn) {
    const r = this.c.db.select().from(t.oidcProviders).where(eq(t.oidcProviders.arn, arn)).get();
    return r && toOidc(r);
  },

  listOidcProviders() {
    return this.c.db.select().from(t.oidcProviders).orderBy(asc(t.oidcProviders.arn)).all().map(toOidc);
  },

  putOidcProvider(p) {
    const row = { ...p, clientIds: JSON.stringify(p.clientIds), thumbprints: JSON.stringify(p.thumbprints) };
    this.c.db.insert(t.oidcProviders).values(row).onConflictDoUpdate({ target: t.oidcProviders.arn, set: row }).run();
    this.c.emit({
      op: 'put',
      table: 'oidc_providers',
      row: { accountId: this.c.accountId, arn: p.arn, url: p.url, clientIds: row.clientIds, thumbprints: row.thumbprints },
    });
  },

  deleteOidcProvider(arn) {
    deleteTags(this.c, 'oidc-provider', arn);
    this.c.db.delete(t.oidcProviders).where(eq(t.oidcProviders.arn, arn)).run();
    this.c.emit({ op: 'del', table: 'oidc_providers', key: { accountId: this.c.accountId, arn } });
  },

  findSamlProvider(arn) {
    return this.c.db.select().from(t.samlProviders).where(eq(t.samlProviders.arn, arn)).get();
  },

  listSamlProviders() {
    return this.c.db.select().from(t.samlProviders).orderBy(asc(t.samlProviders.arn)).all();
  },

  putSamlProvider(p) {
    this.c.db.insert(t.samlProviders).values(p).onConflictDoUpdate({ target: t.samlProviders.arn, set: p }).run();
    this.c.emit({
      op: 'put',
      table: 'saml_providers',
      row: { accountId: this.c.accountId, arn: p.arn, metadataDocument: p.metadataDocument, validUntil: p.validUntil },
    });
  },

  deleteSamlProvider(arn) {
    deleteTags(this.c, 'saml-provider', arn);
    this.c.db.delete(t.samlProviders).where(eq(t.samlProviders.arn, arn)).run();
    this.c.emit({ op: 'del', table: 'saml_providers', key: { accountId: this.c.accountId, arn } });
  },
};
