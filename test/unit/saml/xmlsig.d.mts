/** Types of xmlsig.mjs (see there why it is JavaScript). */
export interface SignXmlOptions {
  target: 'assertion' | 'response';
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  /** A certificate (PEM) to embed as KeyInfo/X509Data. */
  keyInfoCert?: string;
  inclusiveNamespacesPrefixList?: string[];
}
export function signXml(xml: string, keyPem: string, options: SignXmlOptions): string;
export function referenceExcC14n(xml: string, local: string, prefixes?: string[]): string;
