/**
 * @module Reads of identity providers from the D1 read model, for the STS federation actions answered in
 * the isolate (AssumeRoleWithWebIdentity). The account is the role's (from the RoleArn), not the caller's:
 * web identity calls are unsigned. Rows are projected by the account's object (`putOidcProvider`), so a new
 * provider is visible here after projection plus replica lag; pass a session at least as fresh as a
 * bookmark when the caller has one.
 */
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { D1Like } from './read-model';
import * as schema from './schema/read-model';

/** An OIDC provider as the data plane needs it. */
export interface OidcProviderView {
  arn: string;
  /** The issuer without `https://`, as IAM stores it. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
}

const strings = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * The provider of `accountId` whose URL is exactly `url` (the token's issuer without `https://`), or
 * undefined. One indexed read (the account's rows; at most 100 providers per account).
 */
export async function findOidcProviderByUrl(session: D1Like, accountId: string, url: string): Promise<OidcProviderView | undefined> {
  const t = schema.oidcProviders;
  const row = await drizzle(session as D1Database, { schema })
    .select({ arn: t.arn, url: t.url, clientIds: t.clientIds, thumbprints: t.thumbprints })
    .from(t)
    .where(and(eq(t.accountId, accountId), eq(t.url, url)))
    .get();
  return row && { arn: row.arn, url: row.url, clientIds: strings(row.clientIds), thumbprints: strings(row.thumbprints) };
}

/** A SAML provider's metadata from the read model, or undefined. */
export async function findSamlProviderMetadata(session: D1Like, accountId: string, arn: string): Promise<string | undefined> {
  const t = schema.samlProviders;
  const row = await drizzle(session as D1Database, { schema })
    .select({ metadata: t.metadataDocument })
    .from(t)
    .where(and(eq(t.accountId, accountId), eq(t.arn, arn)))
    .get();
  return row?.metadata;
}
