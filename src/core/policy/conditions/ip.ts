/**
 * @module IP address condition operators with IPv4 and IPv6 CIDR ranges (parsed here, no library).
 * "If you specify an IP address without the associated routing prefix, IAM uses the default prefix
 * value of /32" (and /128 for IPv6). An IPv4 address never matches an IPv6 range and vice versa.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 */
import { parsedOperator } from './types';

/** A parsed CIDR range: the address bytes (4 or 16) and the prefix length in bits. */
export interface Cidr {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

const V6_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses dotted-quad IPv4 into 4 bytes: exactly four parts of 1–3 ASCII digits, each 0–255 without
 * leading zeros (`01` is rejected). One pass over the characters, no intermediate strings.
 */
export function parseIpv4(s: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  let leadingZero = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46; // a virtual '.' ends the last part
    if (c === 46) {
      if (digits === 0 || part > 3) return undefined;
      out[part++] = value;
      value = 0;
      digits = 0;
      leadingZero = false;
    } else if (c >= 48 && c <= 57) {
      if (leadingZero || digits === 3) return undefined;
      if (digits === 0 && c === 48) leadingZero = true;
      value = value * 10 + (c - 48);
      if (value > 255) return undefined;
      digits++;
    } else return undefined;
  }
  return part === 4 ? out : undefined;
}

/** Parses IPv6 (with `::` compression and an optional trailing dotted IPv4) into 16 bytes. */
export function parseIpv6(s: string): Uint8Array | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (V6_GROUP.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const total = head.length + tail.length;
  // INVARIANT: without `::` there must be exactly 8 groups; with it, fewer than 8.
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => { bytes[2 * i] = g >> 8; bytes[2 * i + 1] = g & 0xff; });
  return bytes;
}

/** Parses an IPv4 or IPv6 address. */
export const parseIp = (s: string): Uint8Array | undefined => (s.includes(':') ? parseIpv6(s) : parseIpv4(s));

/** Parses `addr` or `addr/prefix`; undefined when malformed or the prefix is out of range. */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  const bytes = parseIp(slash < 0 ? s : s.slice(0, slash));
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (slash < 0) return { bytes, prefix: max };
  const p = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p) || Number(p) > max) return undefined;
  return { bytes, prefix: Number(p) };
}

/** Whether `ip` lies inside `range` (same address family only). */
export function cidrContains(range: Cidr, ip: Uint8Array): boolean {
  if (ip.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

/** `IpAddress` and `NotIpAddress`: the request's address inside one of the policy's ranges. */
export const IP_OPERATORS = {
  IpAddress: parsedOperator('IpAddress', false, parseCidr, parseIp, (ip, range) => cidrContains(range, ip)),
  NotIpAddress: parsedOperator('NotIpAddress', true, parseCidr, parseIp, (ip, range) => cidrContains(range, ip)),
} as const;
