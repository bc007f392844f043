/** Types of xmloracle.mjs (see there why it is JavaScript). */
export interface OracleTree {
  ns: string;
  prefix: string;
  local: string;
  nsDecls: [prefix: string, uri: string][];
  attrs: [ns: string, local: string, prefix: string, value: string][];
  children: (OracleTree | string)[];
}
export function xmldomTree(xml: string): { ok: true; tree: OracleTree } | { ok: false; problems: string[] };
export function xmlCryptoExcC14n(xml: string, index: number, prefixes?: string[]): string;
export interface SignatureVerdict {
  valid: boolean;
  /** The canonical XML of each signed reference (only when valid). */
  signed: string[];
  error?: string;
}
export function xmlCryptoSignatures(xml: string, certPem: string): SignatureVerdict[];
export interface SignedClaims {
  assertionId: string | null;
  subject: string | undefined;
  attributes: Record<string, (string | undefined)[]>;
}
export function claimsOfSigned(canonicalXml: string): SignedClaims | undefined;
