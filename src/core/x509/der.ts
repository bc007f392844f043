/**
 * @module A strict reader of DER (ITU-T X.690 §10): the one encoding of X.509 certificates. Every value is
 * read against the bounds of its parent, so a truncated, overlong or nested-wrong input fails with a reason
 * and never reads past its buffer. DER's own rules are enforced: definite lengths only, in their shortest
 * form (X.690 §10.1), tag numbers in the low-tag form (X.509 uses no others).
 */

/** One decoded type-length-value: the tag octet and where its contents lie in the buffer. */
export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number): 0x30 SEQUENCE, 0x02 INTEGER... */
  tag: number;
  /** Offset of the identifier octet (the value with its header is `offset` to `end`). */
  offset: number;
  /** Offset of the contents and one past their end. */
  start: number;
  end: number;
}

export class DerError extends Error {
  override readonly name = 'DerError';
}

/** Common tags. */
export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Context-specific constructed tag `[n]` (X.690 §8.1.2: class 10, constructed). */
export const contextTag = (n: number) => 0xa0 | n;

/** Reads the value at `offset`, which must end at or before `limit`. */
export function readTlv(der: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated value');
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used in certificates');
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // 0x80 is BER's indefinite length (not DER); more than 4 length octets describes more than any input here.
    if (octets === 0 || octets > 4) throw new DerError('invalid length');
    if (start + octets > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[start + i]!;
    start += octets;
    // DER: the shortest form (X.690 §10.1): long form only from 128, without leading zero octets.
    if (length < 128 || der[offset + 2] === 0) throw new DerError('length not in its shortest form');
  }
  const end = start + length;
  if (end > limit) throw new DerError('value longer than its container');
  return { tag, offset, start, end };
}

/** Reads a value that must have `tag`. */
export function expectTlv(der: Uint8Array, offset: number, limit: number, tag: number, what: string): Tlv {
  const tlv = readTlv(der, offset, limit);
  if (tlv.tag !== tag) throw new DerError(`${what}: unexpected tag 0x${tlv.tag.toString(16)}`);
  return tlv;
}

/** The children of a constructed value, in order. */
export function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const child = readTlv(der, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** An OBJECT IDENTIFIER in dotted form (X.690 §8.19). */
export function readOid(der: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== TAG.oid || tlv.end === tlv.start) throw new DerError('invalid object identifier');
  const parts: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    const b = der[i]!;
    if (value === 0 && b === 0x80) throw new DerError('object identifier not in its shortest form');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('object identifier arc too large');
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  if (der[tlv.end - 1]! & 0x80) throw new DerError('truncated object identifier');
  const first = parts.shift()!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** UTCTime or GeneralizedTime in DER's form, `YYMMDDHHMMSSZ` / `YYYYMMDDHHMMSSZ` (RFC 5280 §4.1.2.5). */
export function readTime(der: Uint8Array, tlv: Tlv): Date {
  const text = String.fromCharCode(...der.subarray(tlv.start, tlv.end));
  const m =
    tlv.tag === TAG.utcTime ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : tlv.tag === TAG.generalizedTime ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!m) throw new DerError('invalid time');
  // RFC 5280 §4.1.2.5.1: a two-digit year YY ≥ 50 is 19YY, otherwise 20YY.
  const year = tlv.tag === TAG.utcTime ? (Number(m[1]) >= 50 ? 1900 : 2000) + Number(m[1]) : Number(m[1]);
  const [mo, d, h, mi, s] = m.slice(2).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) throw new DerError('invalid time');
  return date;
}
