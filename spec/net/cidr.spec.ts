import { describe, expect, it } from 'vitest';
import { contains, listContains, parseAddressList, parseCidr, parseIp, remoteIp } from '../../src/net/cidr';

const ip = (text: string): bigint => {
  const parsed = parseIp(text);
  if (parsed === undefined) throw new Error(`not an address: ${text}`);
  return parsed;
};
const range = (text: string) => {
  const parsed = parseCidr(text);
  if (parsed === undefined) throw new Error(`not a range: ${text}`);
  return parsed;
};

describe('parseIp', () => {
  it('reads IPv4 as its IPv4-mapped IPv6 number', () => {
    expect(ip('1.2.3.4')).toBe(0xffff01020304n);
    expect(ip('0.0.0.0')).toBe(0xffff00000000n);
    expect(ip('255.255.255.255')).toBe(0xffffffffffffn);
  });

  it('counts ::ffff:a.b.c.d, in either spelling, as the IPv4 address', () => {
    expect(ip('::ffff:127.0.0.1')).toBe(ip('127.0.0.1'));
    expect(ip('::ffff:7f00:1')).toBe(ip('127.0.0.1'));
    expect(ip('0:0:0:0:0:ffff:127.0.0.1')).toBe(ip('127.0.0.1'));
  });

  it('reads IPv6 in every spelling', () => {
    expect(ip('::')).toBe(0n);
    expect(ip('::1')).toBe(1n);
    expect(ip('0:0:0:0:0:0:0:1')).toBe(1n);
    expect(ip('2001:db8::')).toBe(0x20010db8n << 96n);
    expect(ip('2001:DB8:0:0:0:0:0:1')).toBe((0x20010db8n << 96n) | 1n);
    expect(ip('fe80::1:2')).toBe((0xfe80n << 112n) | 0x10002n);
    expect(ip('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
    expect(ip('64:ff9b::192.0.2.33')).toBe((0x64ff9bn << 96n) | 0xc0000221n);
  });

  it.each(['', 'localhost', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4/8', ':::1', '1::2::3', 'fe80::1%eth0', ' 1.2.3.4', '[::1]', '12345::'])(
    'refuses %j',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );

  it('ignores the zone of a link-local remote address', () => {
    expect(remoteIp('fe80::1%eth0')).toBe(ip('fe80::1'));
    expect(remoteIp('::ffff:10.0.0.1')).toBe(ip('10.0.0.1'));
  });
});

describe('parseCidr and contains', () => {
  it('matches an IPv4 range, whichever way the address is written', () => {
    const loopback = range('127.0.0.0/8');
    expect(contains(loopback, ip('127.0.0.1'))).toBe(true);
    expect(contains(loopback, ip('127.255.255.255'))).toBe(true);
    expect(contains(loopback, ip('::ffff:127.1.2.3'))).toBe(true);
    expect(contains(loopback, ip('128.0.0.1'))).toBe(false);
    expect(contains(loopback, ip('::1'))).toBe(false);
  });

  it('reads a bare address as a range of one', () => {
    expect(range('10.1.2.3')).toEqual(range('10.1.2.3/32'));
    expect(contains(range('10.1.2.3'), ip('10.1.2.3'))).toBe(true);
    expect(contains(range('10.1.2.3'), ip('10.1.2.4'))).toBe(false);
    expect(contains(range('::1'), ip('::1'))).toBe(true);
    expect(contains(range('::1'), ip('::2'))).toBe(false);
  });

  it('matches IPv6 ranges, /0 to /128', () => {
    expect(contains(range('2001:db8::/32'), ip('2001:db8:ffff::1'))).toBe(true);
    expect(contains(range('2001:db8::/32'), ip('2001:db9::1'))).toBe(false);
    expect(contains(range('::/0'), ip('1.2.3.4'))).toBe(true);
    expect(contains(range('::/0'), ip('ffff::'))).toBe(true);
    expect(contains(range('fe80::/10'), ip('febf::1'))).toBe(true);
    expect(contains(range('fe80::/10'), ip('fec0::1'))).toBe(false);
  });

  it('lets an IPv4 /0 cover every IPv4 address and no other', () => {
    expect(contains(range('0.0.0.0/0'), ip('203.0.113.9'))).toBe(true);
    expect(contains(range('0.0.0.0/0'), ip('2001:db8::1'))).toBe(false);
  });

  it('clears host bits below the prefix: the range that contains them', () => {
    expect(range('10.1.2.3/8')).toEqual(range('10.0.0.0/8'));
    expect(contains(range('10.1.2.3/8'), ip('10.200.0.1'))).toBe(true);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.0/ 8', '10.0.0.0/0x8', 'x/8', '/8', '10.0.0.0/1000'])(
    'refuses %j',
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );
});

describe('parseAddressList', () => {
  it('reads the default exempt list', () => {
    const list = parseAddressList('127.0.0.0/8,::1')!;
    expect(list.text).toBe('127.0.0.0/8,::1');
    expect(listContains(list, ip('127.0.0.2'))).toBe(true);
    expect(listContains(list, ip('::1'))).toBe(true);
    expect(listContains(list, ip('::ffff:127.0.0.1'))).toBe(true);
    expect(listContains(list, ip('10.0.0.1'))).toBe(false);
  });

  it('allows spaces around entries and keeps the list as written without them', () => {
    expect(parseAddressList(' 10.0.0.0/8 , 2001:db8::/32 ')).toEqual(parseAddressList('10.0.0.0/8,2001:db8::/32'));
    expect(parseAddressList(' 10.0.0.0/8 , 2001:db8::/32 ')!.text).toBe('10.0.0.0/8,2001:db8::/32');
  });

  it('reads none as the empty list', () => {
    const none = parseAddressList('none')!;
    expect(none).toEqual({ text: 'none', ranges: [] });
    expect(listContains(none, ip('127.0.0.1'))).toBe(false);
  });

  it.each(['', ',', '127.0.0.1,', ',127.0.0.1', '127.0.0.1,,::1', 'none,127.0.0.1', 'localhost', '127.0.0.0/8;::1', 'all'])('refuses %j', (text) => {
    expect(parseAddressList(text)).toBeUndefined();
  });
});
