/**
 * @module An IAM OIDC provider's URL and the issuer (`iss`) it stands for.
 *
 * IAM keeps the provider URL without its scheme (`token.actions.githubusercontent.com`,
 * `auth.example.com/` with a trailing slash when the issuer has one) and names the provider
 * `oidc-provider/<url>`; the issuer is `https://` + that URL, compared with `iss` exactly (OpenID Connect
 * Core 1.0 §3.1.3.7). The URL "must begin with https:// and should correspond to the iss claim …; path
 * components are allowed but query parameters are not" (CreateOpenIDConnectProvider, `Url`); an issuer has
 * no query and no fragment (OpenID Connect Discovery 1.0 §2). A port is accepted (AWS: "should not"
 * contain one, which is advice, not a rule); user info is refused. Nothing is normalized: the host keeps
 * its case, because `iss` is compared exactly.
 */
import { err, ok, type Result } from '../result';

const SCHEME = 'https://';
/** A DNS name or dotted IPv4 address, with an optional port. */
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;

/**
 * Checks a CreateOpenIDConnectProvider `Url` and returns it without its scheme, as IAM stores and shows
 * it; the error is the reason in words for an InvalidInput message.
 */
export function parseProviderUrl(input: string): Result<string, string> {
  if (input.slice(0, SCHEME.length).toLowerCase() !== SCHEME) return err('The URL must begin with https://.');
  const rest = input.slice(SCHEME.length);
  if (/[\s?#]/.test(rest) || /[\u0000-\u001f\u007f]/.test(rest)) return err('The URL must not contain a query, a fragment or white space.');
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  if (authority.includes('@')) return err('The URL must not contain user information.');
  if (!HOST_PORT.test(authority)) return err('The URL must name a host.');
  const port = authority.includes(':') ? Number(authority.slice(authority.lastIndexOf(':') + 1)) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return err('The URL has an invalid port.');
  return ok(rest);
}

/** The issuer a provider URL (without scheme) stands for. */
export const issuerOfProviderUrl = (providerUrl: string): string => `${SCHEME}${providerUrl}`;

/**
 * The provider URL an `iss` claim names (the issuer without `https://`), or undefined when the issuer is not
 * an https URL IAM could have registered.
 */
export function providerUrlOfIssuer(iss: string): string | undefined {
  if (!iss.startsWith(SCHEME)) return undefined;
  const parsed = parseProviderUrl(iss);
  return parsed.ok ? parsed.value : undefined;
}
