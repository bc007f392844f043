/**
 * @module The order of a certificate chain: "each certificate must certify the preceding certificate"
 * (IAM User Guide, Managing server certificates in IAM, Troubleshooting,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html), read as RFC 5280
 * §6.1.4 (a)/(b) chains names: the issuer of each certificate is the subject of the next, compared as
 * their DER (X.509 names in one chain are encoded by the same issuer, so byte equality is what path
 * building finds first). Signatures are not verified here (certificate.ts: IAM checks form, not trust).
 */
import { children, contextTag, readTlv } from './der';

/** The issuer and subject Names of a certificate's DER (RFC 5280 §4.1.2.4, §4.1.2.6), as DER. */
export function certificateNames(der: Uint8Array): { issuer: Uint8Array; subject: Uint8Array } {
  const [tbs] = children(der, readTlv(der, 0, der.length));
  const fields = children(der, tbs!);
  const at = fields[0]?.tag === contextTag(0) ? 1 : 0;
  const slice = (i: number) => der.subarray(fields[at + i]!.offset, fields[at + i]!.end);
  return { issuer: slice(2), subject: slice(4) };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Where the chain `[body, ...chain]` (DER, already parsed as certificates) breaks: the index in `chain` of
 * the certificate not issued by the one after it, -1 for the body itself (its issuer is not the chain's
 * first certificate); undefined when every link holds. The last certificate of the chain may be a root or
 * an intermediate: its issuer is not checked.
 */
export function chainBreak(body: Uint8Array, chain: readonly Uint8Array[]): number | undefined {
  const all = [body, ...chain];
  for (let i = 0; i + 1 < all.length; i++) {
    if (!sameBytes(certificateNames(all[i]!).issuer, certificateNames(all[i + 1]!).subject)) return i - 1;
  }
  return undefined;
}
