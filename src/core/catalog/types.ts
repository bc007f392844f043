/**
 * @module A SaaS's service catalog: its services declared in AWS's own "service reference information"
 * format (Service Authorization Reference, "Simplified AWS service information for programmatic access",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/service-reference.html), accepted
 * as AWS publishes it, so tooling that reads AWS's files reads a SaaS's too.
 *
 * `reference.ts` is the JSON as AWS publishes it (read and validated by `parse.ts`); `compile.ts` turns a
 * valid document into the {@link CatalogService} everything else reads. The decision path reads catalogs
 * only through {@link Catalog}.
 */

/** An action's access level, as the reference's pages show it. */
export type AccessLevel = 'Read' | 'List' | 'Write' | 'Permissions management' | 'Tagging';

/** One action of a catalog service, validated. */
export interface CatalogAction {
  /** The catalog's spelling (`GetProject`). */
  readonly name: string;
  readonly accessLevel: AccessLevel;
  /**
   * Resource types the action applies to (the catalog's order). The JSON format has no "required" mark
   * (the HTML pages' asterisk): every listed type is `required: true`, the action is authorized against
   * a resource of one of them; an action that lists none is authorized against `*`.
   */
  readonly resources: readonly { readonly type: string; readonly required: boolean }[];
  /** `ActionConditionKeys`. */
  readonly conditionKeys: readonly string[];
}

/** One resource type of a catalog service. */
export interface CatalogResourceType {
  /** The catalog's spelling (`project`). */
  readonly name: string;
  /** `ARNFormats`: `arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}`. */
  readonly arnFormats: readonly string[];
  /** The resource type's `ConditionKeys` (they apply to every action on a resource of the type). */
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
  /** Every action, in the catalog's order. */
  actions(): readonly CatalogAction[];
  /** The resource type named `name` (any case), or undefined. */
  resourceType(name: string): CatalogResourceType | undefined;
  /**
   * The `Types` the catalog gives a condition key it declares (`["String"]`), matched case-insensitively, a
   * template's variable matching any text (`aws:RequestTag/team` is `aws:RequestTag/${TagKey}`); undefined
   * when the service does not declare the key.
   */
  conditionKeyTypes(key: string): readonly string[] | undefined;
}

/** Every service the deployment declares, as one isolate sees them at one moment. */
export interface Catalog {
  service(prefix: string): CatalogService | undefined;
  services(): readonly CatalogService[];
}
