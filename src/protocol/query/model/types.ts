/**
 * @module The compact service-model format that drives the AWS Query codec: a documentation-free subset of
 * botocore's `service-2.json` (operations, shapes, constraints, wire traits, error table), generated into
 * `iam.gen.ts` / `sts.gen.ts` by `scripts/gen-model.mjs`.
 *
 * The codec works with any object of this format, not only IAM's and STS's: the protocol tests build one
 * from botocore's query-protocol vectors with the same generator.
 *
 * Spec: botocore service model format (`botocore/data/<service>/<version>/service-2.json`); the Smithy awsQuery
 * protocol (https://smithy.io/2.0/aws/protocols/aws-query-protocol.html).
 */

/** How a timestamp travels on the wire (`iso8601` is the Query protocol's default). */
export type TimestampFormat = 'iso8601' | 'unixTimestamp' | 'rfc822';

/** The shape types botocore uses. `character` appears only in protocol vectors. */
export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'character'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

/** Wire traits a reference to a shape may carry (on a structure member, a list member, a map key/value). */
export interface MemberTraits {
  readonly shape: string;
  /** Query key / XML element name used instead of the member name. */
  readonly locationName?: string;
  /** Smithy's name for `locationName`; treated the same way. */
  readonly xmlName?: string;
  /** The list or map is written without its wrapper element / `member` / `entry` level. */
  readonly flattened?: boolean;
  readonly timestampFormat?: TimestampFormat;
}

/**
 * A reference to a shape: just the shape's name (the common case, kept short for the bundle) or the name
 * plus wire traits.
 */
export type MemberRef = string | MemberTraits;

/** One shape. Only the fields meaningful for its `type` are present. */
export interface ShapeDef {
  readonly type: ShapeType;
  /** structure: members in model order (the order validation errors are reported in). */
  readonly members?: Readonly<Record<string, MemberRef>>;
  /** structure: names of required members. */
  readonly required?: readonly string[];
  /** list: the element shape. */
  readonly member?: MemberRef;
  /** map: key and value shapes. */
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  /** Shape-level wire traits (a member reference's own traits win over these). */
  readonly flattened?: boolean;
  readonly locationName?: string;
  readonly timestampFormat?: TimestampFormat;
  /** string/blob: length; list/map: element count; numbers: value. */
  readonly min?: number;
  readonly max?: number;
  /** string: a Java-style regular expression the whole value must match. */
  readonly pattern?: string;
  /** string: the allowed values. */
  readonly enum?: readonly string[];
  /** Values of this shape are secrets: never echoed in error messages. */
  readonly sensitive?: boolean;
}

/** One operation of the service. */
export interface OperationDef {
  /** Input structure shape; absent when the operation takes no parameters. */
  readonly input?: string;
  /** Output structure shape; absent when the response carries no `<…Result>` element. */
  readonly output?: string;
  /** Name of the element that wraps the output (`CreateUserResult`). */
  readonly resultWrapper?: string;
  /** Error codes the operation declares (see {@link ServiceModel.errors}). */
  readonly errors?: readonly string[];
}

/** Wire facts of a modeled error: HTTP status and whether the caller is at fault. */
export interface ErrorDef {
  readonly status: number;
  readonly sender: boolean;
}

/** A whole service: metadata, operations, the shapes reachable from them, and the error table. */
export interface ServiceModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly xmlNamespace?: string;
    readonly serviceId?: string;
  };
  readonly operations: Readonly<Record<string, OperationDef>>;
  readonly shapes: Readonly<Record<string, ShapeDef>>;
  /** Error code (`NoSuchEntity`) → status and fault. */
  readonly errors: Readonly<Record<string, ErrorDef>>;
}

/** The shape name a reference points to. */
export const refShape = (ref: MemberRef): string => (typeof ref === 'string' ? ref : ref.shape);

/** The reference's traits, or undefined for a bare shape name. */
export const refTraits = (ref: MemberRef): MemberTraits | undefined => (typeof ref === 'string' ? undefined : ref);
