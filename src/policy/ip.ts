/**
 * IP addresses and CIDR blocks for `IpAddress` / `NotIpAddress`, IPv4 and IPv6, written here
 * rather than imported (the policy module has no dependencies).
 *
 * Every address lives in one 128-bit space: an IPv4 address a.b.c.d is the IPv4-mapped IPv6
 * address ::ffff:a.b.c.d (RFC 4291 §2.5.5.2), and an IPv4 block /n is that block at /(96+n). So a
 * request from `::ffff:127.0.0.1` (what a dual-stack Node socket reports for an IPv4 client) falls
 * in `127.0.0.0/8`, and `127.0.0.1` falls in `::ffff:127.0.0.0/104`. One consequence, kept on
 * purpose: `::/0` contains every IPv4 address too, while `0.0.0.0/0` contains only IPv4.
 */

export interface IpBlock {
  /** The network address, host bits cleared. */
  readonly network: bigint;
  /** Prefix length in the 128-bit space (an IPv4 /8 is 104). */
  readonly prefix: number;
}

const V4_MAPPED = 0xffffn << 32n;
const ALL_ONES = (1n << 128n) - 1n;
const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

function parseIPv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0n;
  for (const octet of octets) {
    // Leading zeros are refused: "010" is octal to some parsers and decimal to others.
    if (!DECIMAL_OCTET.test(octet)) return undefined;
    const n = Number(octet);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

/** RFC 4291 §2.2 text forms: eight groups, one `::`, and an optional dotted IPv4 tail. */
function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : [];
  const groups: bigint[] = [];
  const readGroups = (parts: string[], allowV4Tail: boolean): boolean => {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (allowV4Tail && i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part);
        if (v4 === undefined) return false;
        groups.push(v4 >> 16n, v4 & 0xffffn);
      } else if (HEX_GROUP.test(part)) {
        groups.push(BigInt(parseInt(part, 16)));
      } else {
        return false;
      }
    }
    return true;
  };
  if (!readGroups(head, halves.length === 1)) return undefined;
  const headCount = groups.length;
  if (!readGroups(tail, true)) return undefined;
  const tailCount = groups.length - headCount;
  if (halves.length === 1) {
    if (groups.length !== 8) return undefined;
  } else {
    // `::` stands for at least one group of zeros.
    if (groups.length > 7) return undefined;
    groups.splice(headCount, 0, ...new Array<bigint>(8 - headCount - tailCount).fill(0n));
  }
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** A single address (no prefix) as a 128-bit value, or undefined if it is not one. */
export function parseIpAddress(text: string): bigint | undefined {
  if (text.includes(':')) return parseIPv6(text);
  const v4 = parseIPv4(text);
  return v4 === undefined ? undefined : V4_MAPPED | v4;
}

/**
 * An address or CIDR block. A bare address is a /32 or /128 block. Host bits after the prefix are
 * ignored (`10.1.2.3/8` is `10.0.0.0/8`), as AWS and most firewalls do.
 */
export function parseIpBlock(text: string): IpBlock | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const isV6 = address.includes(':');
  const value = parseIpAddress(address);
  if (value === undefined) return undefined;
  let prefix = 128;
  if (slash >= 0) {
    const written = text.slice(slash + 1);
    if (!PREFIX.test(written)) return undefined;
    const n = Number(written);
    if (n > (isV6 ? 128 : 32)) return undefined;
    prefix = isV6 ? n : 96 + n;
  }
  return { network: value & mask(prefix), prefix };
}

export function ipInBlock(address: bigint, block: IpBlock): boolean {
  return (address & mask(block.prefix)) === block.network;
}

function mask(prefix: number): bigint {
  return prefix === 0 ? 0n : (ALL_ONES << BigInt(128 - prefix)) & ALL_ONES;
}
