/**
 * @module SAML 2.0 for AssumeRoleWithSAML and the IAM SAML provider actions: metadata parsing, response
 * verification (strict XML, Exclusive C14N, XML Signature with the metadata's keys only), claim checks,
 * condition keys, and the mapping of refusals to AWS errors. Pure: WebCrypto and the core only.
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
