/**
 * @module SAML 2.0 for AssumeRoleWithSAML and the IAM SAML provider actions: metadata parsing, response
 * verification (strict XML, Exclusive C14N, XML Signature with the metadata's keys only), claim checks,
 * condition keys, and the mapping of refusals to AWS errors. Pure: WebCrypto and the core only.
 *
 * Why hand-written (checked for issue 8, `npm view` and a run in workerd): the maintained JavaScript
 * verifiers are xml-crypto 6.3.2 and the SP stacks built on it (samlify 2.13, @node-saml/node-saml 5.1,
 * which add node-rsa / xml-encryption and a whole SP flow). xml-crypto does run in workerd under
 * `nodejs_compat`, but it is a general XML Signature library over a lenient DOM (@xmldom/xmldom recovers
 * from malformed input silently and reads U+0085/U+2028 as line ends) and XPath: any Reference URI,
 * Transforms list, KeyInfo, several Signatures — and the caller must itself make sure the element it
 * reads is the one that was signed. That generality is where its bypasses came from (CVE-2025-29774 and
 * CVE-2025-29775: a comment in DigestValue, several SignedInfo). This module verifies only the profile
 * SAML uses, reads the claims from the very element verified, and refuses the rest (see verify.ts and
 * dsig.ts). test/unit/saml/*-differential.test.ts fuzz it against xmldom and xml-crypto.
 */
export { samlContext } from './context';
export { samlFailureToAwsError, type SamlFailure, type SamlFailureReason } from './failure';
export { MIN_RSA_BITS, parseSamlMetadata, parseXsDateTime, type SamlMetadata } from './metadata';
export {
  AWS_ATTRIBUTE,
  AWS_SAML_AUDIENCES,
  AWS_SAML_RECIPIENT,
  SAML_CLOCK_SKEW_MS,
  verifySamlAssertion,
  type SamlAssertion,
  type VerifySamlInput,
} from './verify';
