/**
 * Provider URLs and issuers (core/jwt/issuer.ts) and base64url decoding (RFC 7515 §2).
 */
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, issuerOfProviderUrl, parseProviderUrl, providerUrlOfIssuer } from '../../../src/core/jwt/index';

describe('parseProviderUrl', () => {
  it('keeps the URL without https://, path, port, case and trailing slash as given', () => {
    expect(parseProviderUrl('https://token.actions.githubusercontent.com')).toEqual({ ok: true, value: 'token.actions.githubusercontent.com' });
    expect(parseProviderUrl('https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123')).toEqual({ ok: true, value: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC123' });
    expect(parseProviderUrl('https://auth.example.com/')).toEqual({ ok: true, value: 'auth.example.com/' });
    expect(parseProviderUrl('https://Idp.Example.com:8443/realms/x')).toEqual({ ok: true, value: 'Idp.Example.com:8443/realms/x' });
    expect(parseProviderUrl('HTTPS://idp.example.com')).toEqual({ ok: true, value: 'idp.example.com' });
  });

  it('refuses other schemes, queries, fragments, user info, spaces and hostless URLs', () => {
    for (const bad of [
      'http://idp.example.com',
      'idp.example.com',
      'https://idp.example.com/?a=b',
      'https://idp.example.com/#frag',
      'https://user@idp.example.com',
      'https://idp example.com',
      'https://',
      'https:///path',
      'https://idp.example.com:0',
      'https://idp.example.com:99999',
      'https://-bad-.example.com',
    ]) {
      expect(parseProviderUrl(bad).ok, bad).toBe(false);
    }
  });

  it('maps issuers and provider URLs both ways', () => {
    expect(issuerOfProviderUrl('accounts.google.com')).toBe('https://accounts.google.com');
    expect(providerUrlOfIssuer('https://auth.example.com/')).toBe('auth.example.com/');
    expect(providerUrlOfIssuer('http://127.0.0.1:8080')).toBeUndefined();
    expect(providerUrlOfIssuer('accounts.google.com')).toBeUndefined();
  });
});

describe('base64UrlDecode', () => {
  it('decodes unpadded base64url and refuses padding, + and /, and impossible lengths', () => {
    expect(Array.from(base64UrlDecode('_-8')!)).toEqual([255, 239]);
    expect(base64UrlDecode('')).toEqual(new Uint8Array());
    expect(base64UrlDecode('AA==')).toBeUndefined();
    expect(base64UrlDecode('+/8')).toBeUndefined();
    expect(base64UrlDecode('A')).toBeUndefined();
    expect(base64UrlDecode('AAAAA')).toBeUndefined();
  });
});
