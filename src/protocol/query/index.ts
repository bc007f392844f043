/**
 * @module The AWS Query protocol, driven by the IAM and STS service models: what other folders may use.
 *
 * Request path: `parseQuery(body)` → `resolveOperation(params, scopeService)` →
 * `decodeInput(model, operation, params)` (typed, validated input) → service → `serializeResponse(model,
 * operation, output, requestId)`; any `AwsError` → `serializeError(err, requestId, xmlns)`.
 *
 * Spec: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html; IAM API Reference.
 */
export { parseQuery, parseQueryPairs, decodeComponent } from './form';
export type { QueryParams } from './form';
export { decodeInput } from './decode';
export type { DecodeOptions, OwnCheck } from './decode';
export { serializeResponse, serializeError, QUERY_RESPONSE_CONTENT_TYPE } from './serialize';
export { outputViolations } from './output-check';
export { timestampsAsDates } from './timestamps';
export type { WireError } from './serialize';
export { escapeText, escapeAttr } from './xml';
export { SERVICES, resolveOperation } from './operations';
export { IAM_OWN_CHECKS } from './iam-checks';
export type { ResolvedOperation, ServiceDef, ServiceName } from './operations';
export { compilePattern, matchesPattern, translateJavaPattern } from './patterns';
export { IAM_MODEL } from './model/iam.gen';
export { STS_MODEL } from './model/sts.gen';
export type { ErrorDef, MemberRef, OperationDef, ServiceModel, ShapeDef, ShapeType, TimestampFormat } from './model/types';
