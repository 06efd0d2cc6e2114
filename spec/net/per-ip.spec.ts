import { describe, expect, it } from 'vitest';
import { parseAddressList, parseIp } from '../../src/net/cidr';
import { PerIpCount } from '../../src/net/per-ip';

const ip = (text: string): bigint => parseIp(text)!;
const none = parseAddressList('none')!;

describe('PerIpCount', () => {
  it('is full for an address once it holds max connections, and not after one closes', () => {
    const count = new PerIpCount(2, none);
    expect(count.full(ip('10.0.0.1'))).toBe(false);
    count.take(ip('10.0.0.1'));
    expect(count.full(ip('10.0.0.1'))).toBe(false);
    count.take(ip('10.0.0.1'));
    expect(count.full(ip('10.0.0.1'))).toBe(true);
    expect(count.full(ip('10.0.0.2'))).toBe(false);
    count.release(ip('10.0.0.1'));
    expect(count.full(ip('10.0.0.1'))).toBe(false);
  });

  it('counts ::ffff:a.b.c.d with a.b.c.d', () => {
    const count = new PerIpCount(1, none);
    count.take(ip('::ffff:10.0.0.1'));
    expect(count.full(ip('10.0.0.1'))).toBe(true);
    count.release(ip('10.0.0.1'));
    expect(count.addresses).toBe(0);
  });

  it('counts nothing for exempt addresses', () => {
    const count = new PerIpCount(1, parseAddressList('127.0.0.0/8,::1')!);
    count.take(ip('127.0.0.5'));
    count.take(ip('127.0.0.5'));
    expect(count.full(ip('127.0.0.5'))).toBe(false);
    expect(count.countOf(ip('127.0.0.5'))).toBe(0);
    count.take(ip('::2'));
    expect(count.full(ip('::2'))).toBe(true);
  });

  it('counts nothing with max 0', () => {
    const count = new PerIpCount(0, none);
    for (let i = 0; i < 5; i++) count.take(ip('10.0.0.1'));
    expect(count.full(ip('10.0.0.1'))).toBe(false);
    expect(count.addresses).toBe(0);
  });

  it('forgets an address when its last connection closes, and ignores a release it never took', () => {
    const count = new PerIpCount(3, none);
    count.take(ip('10.0.0.1'));
    count.release(ip('10.0.0.1'));
    count.release(ip('10.0.0.1'));
    count.release(ip('10.0.0.9'));
    expect(count.addresses).toBe(0);
    expect(count.countOf(ip('10.0.0.1'))).toBe(0);
  });
});
