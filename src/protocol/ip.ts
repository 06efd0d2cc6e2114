/**
 * IP addresses as the room sees them: the part of an addr before the port,
 * and a check that a typed `/ban` or `/unban` argument is an address at all.
 * Pure string work, so the room needs no node:net.
 */

/** `1.2.3.4:5` → `1.2.3.4`, `[::1]:5` → `::1`. */
export const ipOf = (addr: string): string => {
  if (addr.startsWith('[')) {
    const end = addr.indexOf(']');
    return end < 0 ? addr : addr.slice(1, end);
  }
  const colon = addr.lastIndexOf(':');
  return colon < 0 ? addr : addr.slice(0, colon);
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** Eight groups of hex, or fewer with one `::` standing for the rest. */
const isIpv6 = (text: string): boolean => {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((g) => HEX_GROUP.test(g))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
};

/** An IPv4 or IPv6 address as typed, in the form addrs show it (IPv6 lower-cased, no brackets). */
export const parseIp = (text: string): string | undefined => {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (IPV4.test(bare)) return bare;
  if (isIpv6(bare)) return bare.toLowerCase();
  return undefined;
};
