/**
 * @module An operation's output with its timestamp members as `Date`s: the actions answer timestamps as
 * ISO 8601 text (what the Query serializer writes), and an audit event's `responseElements` writes them in
 * CloudTrail's own date form (services/audit/parameters.ts), which needs to know which members are dates.
 * The model says so; nothing else is changed.
 */
import type { MemberRef, ServiceModel } from './model/types';

const shapeName = (ref: MemberRef) => (typeof ref === 'string' ? ref : ref.shape);

/** `value` of shape `shape` with every timestamp member parsed; other values as they are (not copied). */
export function timestampsAsDates(model: ServiceModel, shape: string | undefined, value: unknown): unknown {
  const def = shape ? model.shapes[shape] : undefined;
  if (!def || value === null || value === undefined) return value;
  switch (def.type) {
    case 'timestamp':
      if (typeof value === 'string') {
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? value : d;
      }
      return value;
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value) || !def.members) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = def.members[k] ? timestampsAsDates(model, shapeName(def.members[k]!), v) : v;
      return out;
    }
    case 'list':
      return Array.isArray(value) && def.member ? value.map((v) => timestampsAsDates(model, shapeName(def.member!), v)) : value;
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value) || !def.value) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = timestampsAsDates(model, shapeName(def.value), v);
      return out;
    }
    default:
      return value;
  }
}
