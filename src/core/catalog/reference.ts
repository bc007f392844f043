/**
 * @module The service reference JSON as AWS publishes it (Service Authorization Reference, "Simplified AWS
 * service information for programmatic access"): the fields a catalog reads, spelled as AWS spells them.
 * Fields AWS adds that a catalog does not read (`SupportedBy`, `Operations`, anything newer) are kept in
 * the stored document and ignored here.
 */

/** `Annotations.Properties`: the access-level flags of an action. */
export interface ReferenceProperties {
  readonly IsList?: boolean;
  readonly IsPermissionManagement?: boolean;
  readonly IsTaggingOnly?: boolean;
  readonly IsWrite?: boolean;
}

/** One entry of `Actions`. */
export interface ReferenceAction {
  readonly Name: string;
  readonly Annotations?: { readonly Properties?: ReferenceProperties };
  readonly ActionConditionKeys?: readonly string[];
  readonly Resources?: readonly { readonly Name: string }[];
  readonly SupportedBy?: Readonly<Record<string, unknown>>;
}

/** One entry of `Resources`. */
export interface ReferenceResource {
  readonly Name: string;
  readonly ARNFormats: readonly string[];
  readonly ConditionKeys?: readonly string[];
}

/** One entry of `ConditionKeys`. */
export interface ReferenceConditionKey {
  readonly Name: string;
  readonly Types: readonly string[];
}

/** A whole service reference document. */
export interface ServiceReference {
  /** The service prefix (`acme`). */
  readonly Name: string;
  readonly Version?: string;
  readonly Actions: readonly ReferenceAction[];
  readonly Resources?: readonly ReferenceResource[];
  readonly ConditionKeys?: readonly ReferenceConditionKey[];
  /** Operations (SDK methods → actions): accepted and kept, not interpreted. */
  readonly Operations?: readonly unknown[];
}
