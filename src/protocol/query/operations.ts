/**
 * @module The services served on the one Query endpoint (IAM and STS) and the resolution of a request's
 * `Action` + `Version` to a service and operation.
 *
 * IAM and STS share the endpoint and are told apart by `Version` (IAM `2010-05-08`, STS `2011-06-15`);
 * the caller may add the SigV4 credential scope's service as a hint, and a hint that disagrees with
 * `Version` is refused. Errors, worded as AWS words them:
 * - no `Action` → `MissingAction` 400 "Missing Action" (AWS Common Errors: "The request is missing an
 *   action or a required parameter");
 * - an unknown `Action`, an unknown or missing `Version` (reported as `NO_VERSION_SPECIFIED`), or a hint
 *   that names the other service → `InvalidAction` 400
 *   "Could not find operation CreateUserX for version 2010-05-08".
 * Action names are case-sensitive, as in the models.
 *
 * Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
import { clipEcho } from '../../core/echo';
import { AwsError } from '../../core/errors';
import type { DecodeOptions } from './decode';
import type { QueryParams } from './form';
import { IAM_OWN_CHECKS } from './iam-checks';
import { IAM_MODEL } from './model/iam.gen';
import { STS_MODEL } from './model/sts.gen';
import type { ServiceModel } from './model/types';

/** The services of the Query endpoint. */
export type ServiceName = 'iam' | 'sts';

/** A served service: its model, API version, and how its requests are decoded. */
export interface ServiceDef {
  readonly name: ServiceName;
  readonly model: ServiceModel;
  readonly version: string;
  /** Options of `decodeInput` for this service's requests (IAM's own path checks). */
  readonly decodeOptions: DecodeOptions;
}

/** IAM (2010-05-08) and STS (2011-06-15). */
export const SERVICES: { readonly iam: ServiceDef; readonly sts: ServiceDef } = {
  iam: { name: 'iam', model: IAM_MODEL, version: '2010-05-08', decodeOptions: { ownChecks: IAM_OWN_CHECKS } },
  sts: { name: 'sts', model: STS_MODEL, version: '2011-06-15', decodeOptions: {} },
};

/** A request resolved to its service and operation. */
export interface ResolvedOperation {
  readonly service: ServiceName;
  readonly model: ServiceModel;
  /** The operation name (`CreateUser`), a key of `model.operations`. */
  readonly operation: string;
  readonly version: string;
}

/** `Version` value AWS reports when the request has none. */
const NO_VERSION = 'NO_VERSION_SPECIFIED';

const byVersion = (version: string): ServiceDef | undefined =>
  version === SERVICES.iam.version ? SERVICES.iam : version === SERVICES.sts.version ? SERVICES.sts : undefined;

/**
 * Resolves `Action` and `Version` to the service and operation.
 *
 * @param hint the SigV4 credential scope's service, when known (`'iam'` or `'sts'`; anything else never matches)
 * @throws AwsError `MissingAction` or `InvalidAction` (both 400)
 */
export function resolveOperation(params: QueryParams, hint?: string): ResolvedOperation {
  const action = params.get('Action');
  if (action === undefined || action === '') throw new AwsError('MissingAction', 'Missing Action', 400);
  const version = params.get('Version');
  const service = version === undefined ? undefined : byVersion(version);
  const notFound = (): AwsError =>
    new AwsError('InvalidAction', `Could not find operation ${clipEcho(action)} for version ${clipEcho(version || NO_VERSION)}`, 400);
  if (service === undefined || (hint !== undefined && hint !== service.name)) throw notFound();
  if (!Object.hasOwn(service.model.operations, action)) throw notFound();
  return { service: service.name, model: service.model, operation: action, version: service.version };
}
