/**
 * `ip:port` as users see it: IPv6 in brackets, and an IPv4 client of a
 * dual-stack listener shown as plain IPv4 rather than `::ffff:1.2.3.4`.
 */
export const formatAddr = (ip: string, port: number): string => {
  const plain = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
};
