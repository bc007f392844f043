/**
 * @module ContextEntries (IAM API Reference, data type ContextEntry) → the engine's condition context.
 *
 * `ContextKeyType` says how to read `ContextKeyValues`: the scalar types (`string`, `numeric`, `boolean`,
 * `ip`, `binary`, `date`) take one value, their `…List` forms any number and become multivalued keys
 * (what `ForAnyValue:` / `ForAllValues:` test). Values are checked against their type, so a typo fails
 * the call with InvalidInput instead of silently never matching; booleans are normalized to `true` /
 * `false`. Without a type, one value is a string and several a string list. A key given twice keeps the
 * last entry.
 */
import { invalidInput } from '../../../core/errors';
import type { ContextValue } from '../../../core/policy/index';

/** ContextEntry as the model decodes it. */
export interface ContextEntryInput {
  ContextKeyName?: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}

const SCALAR_TYPES = ['string', 'numeric', 'boolean', 'ip', 'binary', 'date'] as const;
type ScalarType = (typeof SCALAR_TYPES)[number];

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:\/(?:12[0-8]|1[01]\d|[1-9]?\d))?$/;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The normalized value, or undefined when `v` is not a value of `type`. */
function normalize(type: ScalarType, v: string): string | undefined {
  switch (type) {
    case 'string':
      return v;
    case 'numeric':
      return NUMERIC.test(v.trim()) ? v.trim() : undefined;
    case 'boolean': {
      const b = v.trim().toLowerCase();
      return b === 'true' || b === 'false' ? b : undefined;
    }
    case 'ip':
      return IPV4.test(v.trim()) || IPV6.test(v.trim()) ? v.trim() : undefined;
    case 'binary':
      return BASE64.test(v.trim()) ? v.trim() : undefined;
    case 'date': {
      const t = v.trim();
      // Epoch seconds, or ISO 8601 (the formats the Date condition operators accept).
      if (/^\d+$/.test(t)) return t;
      return ISO_DATE.test(t) && !Number.isNaN(Date.parse(t)) ? t : undefined;
    }
  }
}

/** Converts ContextEntries to engine context values; throws InvalidInput for an entry that is not usable. */
export function contextFromEntries(entries: readonly ContextEntryInput[] | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  const spelled = new Map<string, string>();
  for (const e of entries ?? []) {
    const name = e.ContextKeyName;
    if (!name) throw invalidInput('ContextKeyName is required for each ContextEntry.');
    const values = e.ContextKeyValues ?? [];
    const declared = e.ContextKeyType ?? (values.length > 1 ? 'stringList' : 'string');
    const list = declared.endsWith('List');
    const base = (list ? declared.slice(0, -4) : declared) as ScalarType;
    if (!SCALAR_TYPES.includes(base)) throw invalidInput(`Invalid ContextKeyType ${declared} for context key ${name}.`);
    if (!list && values.length !== 1) {
      throw invalidInput(`Context key ${name} of type ${declared} must have exactly one value.`);
    }
    const normalized = values.map((v) => {
      const n = normalize(base, v);
      if (n === undefined) throw invalidInput(`Invalid value ${v} for context key ${name} of type ${declared}.`);
      return n;
    });
    // Keys are case-insensitive: a later entry for the same key replaces the earlier one.
    const previous = spelled.get(name.toLowerCase());
    if (previous !== undefined) delete out[previous];
    spelled.set(name.toLowerCase(), name);
    out[name] = list ? normalized : normalized[0]!;
  }
  return out;
}
