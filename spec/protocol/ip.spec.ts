import { describe, expect, it } from 'vitest';
import { ipOf, parseIp } from '../../src/protocol/ip';

describe('ip', () => {
  it('takes the address out of an addr', () => {
    expect(ipOf('127.0.0.2:5000')).toBe('127.0.0.2');
    expect(ipOf('[::1]:5000')).toBe('::1');
    expect(ipOf('[fe80::1]:80')).toBe('fe80::1');
  });

  it('accepts IPv4 and IPv6 as typed and nothing else', () => {
    expect(parseIp('10.0.0.1')).toBe('10.0.0.1');
    expect(parseIp('::1')).toBe('::1');
    expect(parseIp('[FE80::1]')).toBe('fe80::1');
    for (const bad of ['256.0.0.1', '1.2.3', '01.2.3.4', 'bob', '1.2.3.4:5', ':::', '1::2::3', '']) expect(parseIp(bad)).toBeUndefined();
  });
});
