/** @module The service catalog's pure core (issue 9 §1): types, the reference JSON, parsing, compiling. */
export type { AccessLevel, Catalog, CatalogAction, CatalogResourceType, CatalogService } from './types';
export type { ReferenceAction, ReferenceConditionKey, ReferenceResource, ServiceReference } from './reference';
export { accessLevelOf, CATALOG_LIMITS, parseServiceReference, RESERVED_PREFIXES, SERVICE_PREFIX, type CatalogProblem, type ParseOptions } from './parse';
export { arnFormatError, compileArnFormat } from './arn-format';
export { catalogOf, compileService, EMPTY_CATALOG } from './compile';
