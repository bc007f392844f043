/**
 * @module Wire names shared by the Query decoder and the XML serializer: which key or element name a member,
 * list element or map entry travels under, and whether a list or map is flattened.
 *
 * Rules (botocore `serialize.QuerySerializer` and `parsers.QueryParser`, whose traits merge the member
 * reference's over the target shape's):
 * - a structure member is named by its `locationName`, else its member name; a FLATTENED list whose element
 *   reference has a `locationName` is named by that instead (`NamedListArg` → `Foo.1=a`, `<Foo>a</Foo>`);
 * - a non-flattened list nests its elements under `member` (or the element's `locationName`);
 * - a non-flattened map nests entries under `entry`; key and value are `key`/`value` (or their `locationName`).
 *
 * Spec: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html (Query key resolution, XML shape
 * serialization); botocore `serialize.py` / `parsers.py`.
 */
import { refShape, refTraits } from './model/types';
import type { MemberRef, ServiceModel, ShapeDef, TimestampFormat } from './model/types';

/** The shape a reference points to, or undefined when the model lacks it. */
export const shapeOf = (model: ServiceModel, ref: MemberRef): ShapeDef | undefined => model.shapes[refShape(ref)];

/** The reference's `locationName`/`xmlName`, else the target shape's own `locationName`. */
export function locationOf(ref: MemberRef, shape: ShapeDef | undefined): string | undefined {
  const t = refTraits(ref);
  return t?.locationName ?? t?.xmlName ?? shape?.locationName;
}

/** Whether the list or map is flattened (the reference's trait wins over the shape's). */
export function isFlattened(ref: MemberRef, shape: ShapeDef): boolean {
  return refTraits(ref)?.flattened ?? shape.flattened ?? false;
}

/** The timestamp format of a reference (default `iso8601`, the Query protocol's). */
export function timestampFormatOf(ref: MemberRef, shape: ShapeDef): TimestampFormat {
  return refTraits(ref)?.timestampFormat ?? shape.timestampFormat ?? 'iso8601';
}

/** The key / element name of structure member `name` (see the module rules). */
export function memberWireName(model: ServiceModel, name: string, ref: MemberRef, shape: ShapeDef): string {
  if (shape.type === 'list' && shape.member !== undefined && isFlattened(ref, shape)) {
    const element = locationOf(shape.member, shapeOf(model, shape.member));
    if (element !== undefined) return element;
  }
  return locationOf(ref, shape) ?? name;
}

/** The element name of a non-flattened list's items (`member` unless renamed). */
export function listItemName(model: ServiceModel, list: ShapeDef): string {
  return list.member === undefined ? 'member' : (locationOf(list.member, shapeOf(model, list.member)) ?? 'member');
}

/** The key and value names of a map's entries (`key`/`value` unless renamed). */
export function mapEntryNames(model: ServiceModel, map: ShapeDef): { key: string; value: string } {
  return {
    key: map.key === undefined ? 'key' : (locationOf(map.key, shapeOf(model, map.key)) ?? 'key'),
    value: map.value === undefined ? 'value' : (locationOf(map.value, shapeOf(model, map.value)) ?? 'value'),
  };
}
