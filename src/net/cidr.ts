import { isIP } from 'node:net';

/**
 * An IP address as one 128-bit number. IPv4 `a.b.c.d` is stored as its
 * IPv4-mapped IPv6 form `::ffff:a.b.c.d`, so a client of a dual-stack
 * listener (`::ffff:1.2.3.4`) and the same client on an IPv4 listener
 * (`1.2.3.4`) are one address: one per-IP count, one entry in a range.
 * A bigint is a primitive, so it works as a Map key by value.
 */
export type Ip = bigint;

/** A CIDR range over the 128-bit space: `base` with its host bits cleared, `bits` leading bits fixed. */
export interface Cidr {
  readonly base: Ip;
  readonly bits: number;
}

const MAPPED_V4 = 0xffffn << 32n;

const ipv4Value = (text: string): bigint => text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);

const ipv6Groups = (text: string): number[] =>
  text === ''
    ? []
    : text.split(':').flatMap((group) => {
        if (!group.includes('.')) return [parseInt(group, 16)];
        const v4 = Number(ipv4Value(group));
        return [Math.floor(v4 / 0x10000), v4 % 0x10000];
      });

/** Expands `::`; the text is already known to be valid IPv6. */
const ipv6Value = (text: string): bigint => {
  const gap = text.indexOf('::');
  const groups =
    gap < 0
      ? ipv6Groups(text)
      : (() => {
          const head = ipv6Groups(text.slice(0, gap));
          const tail = ipv6Groups(text.slice(gap + 2));
          return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
        })();
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
};

/** `1.2.3.4`, `::1`, `::ffff:1.2.3.4`, … as an Ip; anything else (a zone `%eth0` too) is undefined. */
export const parseIp = (text: string): Ip | undefined => {
  switch (isIP(text)) {
    case 4:
      return MAPPED_V4 | ipv4Value(text);
    case 6:
      return text.includes('%') ? undefined : ipv6Value(text);
    default:
      return undefined;
  }
};

/** A socket's remote address as an Ip: as parseIp, with a link-local zone (`fe80::1%eth0`) ignored. */
export const remoteIp = (address: string): Ip | undefined => {
  const zone = address.indexOf('%');
  return parseIp(zone < 0 ? address : address.slice(0, zone));
};

const maskOf = (bits: number): bigint => (bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits));

const PREFIX = /^\d{1,3}$/;

/**
 * `ADDRESS` or `ADDRESS/PREFIX`, IPv4 (prefix 0–32) or IPv6 (0–128). An IPv4
 * range covers the same addresses written IPv4-mapped. Host bits set below
 * the prefix (`10.1.2.3/8`) are cleared: it is the range that contains them.
 */
export const parseCidr = (text: string): Cidr | undefined => {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(address);
  if (ip === undefined) return undefined;
  const v4 = isIP(address) === 4;
  const width = v4 ? 32 : 128;
  let prefix = width;
  if (slash >= 0) {
    const digits = text.slice(slash + 1);
    if (!PREFIX.test(digits) || Number(digits) > width) return undefined;
    prefix = Number(digits);
  }
  const bits = v4 ? 96 + prefix : prefix;
  return { base: ip & maskOf(bits), bits };
};

export const contains = (range: Cidr, ip: Ip): boolean => (ip & maskOf(range.bits)) === range.base;

/** A list of ranges, kept with the text it was given in (for --help and the start-up log). */
export interface AddressList {
  readonly text: string;
  readonly ranges: readonly Cidr[];
}

/** `none`, or comma-separated addresses and ranges (spaces around each allowed). */
export const parseAddressList = (text: string): AddressList | undefined => {
  const trimmed = text.trim();
  if (trimmed === 'none') return { text: 'none', ranges: [] };
  const entries = trimmed.split(',').map((entry) => entry.trim());
  const ranges: Cidr[] = [];
  for (const entry of entries) {
    const range = parseCidr(entry);
    if (range === undefined) return undefined;
    ranges.push(range);
  }
  return { text: entries.join(','), ranges };
};

export const listContains = (list: AddressList, ip: Ip): boolean => list.ranges.some((range) => contains(range, ip));
