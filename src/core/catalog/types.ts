/**
 * @module A SaaS's service catalog: its services declared in AWS's own "service reference information"
 * format (Service Authorization Reference, "Simplified AWS service information for programmatic access",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/service-reference.html), accepted
 * as AWS publishes it, so tooling that reads AWS's files reads a SaaS's too.
 *
 * OWNER: the catalog work (issue 9 §1) fills in parsing and validation beside this file; the decision path
 * reads catalogs only through {@link Catalog}.
 */

/** An action's access level, as the reference's pages show it. */
export type AccessLevel = 'Read' | 'List' | 'Write' | 'Permissions management' | 'Tagging';

/** One action of a catalog service, validated. */
export interface CatalogAction {
  /** The catalog's spelling (`GetProject`). */
  readonly name: string;
  readonly accessLevel: AccessLevel;
  /** Resource types the action applies to (the catalog's order). */
  readonly resources: readonly { readonly type: string; readonly required: boolean }[];
  /** `ActionConditionKeys`. */
  readonly conditionKeys: readonly string[];
}

/** One service of the catalog, validated and indexed. */
export interface CatalogService {
  /** The service prefix (`acme`), lower case. */
  readonly prefix: string;
  /** Increases with every change of this service's definition. */
  readonly version: number;
  /** The action named `name` (any case), or undefined. */
  action(name: string): CatalogAction | undefined;
  /** The resource type whose ARN formats match `arn`, or undefined when none does. */
  resourceTypeOf(arn: string): string | undefined;
  /** Condition keys a request for `action` on a resource of `resourceType` may carry. */
  conditionKeys(action: string, resourceType?: string): readonly string[];
}

/** Every service the deployment declares, as one isolate sees them at one moment. */
export interface Catalog {
  service(prefix: string): CatalogService | undefined;
  services(): readonly CatalogService[];
}
