import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contains, listContains, parseAddressList, parseCidr, parseIp } from '../../src/net/cidr';
import { PerIpCount } from '../../src/net/per-ip';

const MAX128 = (1n << 128n) - 1n;
const v6 = fc.bigInt({ min: 0n, max: MAX128 });
const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const dotted = ([a, b, c, d]: readonly number[]): string => `${a}.${b}.${c}.${d}`;
const v4Value = ([a, b, c, d]: readonly number[]): bigint => BigInt(((a! << 24) >>> 0) + (b! << 16) + (c! << 8) + d!);

/** All eight groups, no `::`, hex digits in a random case. */
const full = (value: bigint, upper: boolean): string => {
  const hex = value.toString(16).padStart(32, '0');
  const groups = hex.match(/.{4}/g)!.map((g) => g.replace(/^0+(?=.)/, ''));
  return upper ? groups.join(':').toUpperCase() : groups.join(':');
};
/** The RFC 5952 form, as the WHATWG URL parser writes it. */
const compressed = (value: bigint): string => new URL(`http://[${full(value, false)}]`).hostname.slice(1, -1);
const bits = (value: bigint): string => value.toString(2).padStart(128, '0');
/** `other` with its first `n` bits replaced by `base`'s. */
const sharing = (base: bigint, other: bigint, n: number): bigint => {
  const low = (1n << BigInt(128 - n)) - 1n;
  return (base & (MAX128 ^ low)) | (other & low);
};
/** The last 32 bits, dotted. */
const v4Text = (value: bigint): string => [24n, 16n, 8n, 0n].map((shift) => Number((value >> shift) & 0xffn)).join('.');

describe('address parsing properties', () => {
  it('reads every IPv6 address the same in full, upper-case and compressed form', () => {
    fc.assert(
      fc.property(v6, (value) => {
        expect(parseIp(full(value, false))).toBe(value);
        expect(parseIp(full(value, true))).toBe(value);
        expect(parseIp(compressed(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads every IPv4 address as its IPv4-mapped form, written either way', () => {
    fc.assert(
      fc.property(v4, (quad) => {
        const value = (0xffffn << 32n) | v4Value(quad);
        expect(parseIp(dotted(quad))).toBe(value);
        expect(parseIp(`::ffff:${dotted(quad)}`)).toBe(value);
        expect(parseIp(compressed(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('range properties', () => {
  it('an IPv6 range holds exactly the addresses that share its first PREFIX bits', () => {
    fc.assert(
      fc.property(v6, fc.nat(128), v6, fc.nat(128), (base, prefix, other, shared) => {
        // A random address rarely shares a long prefix: also try one that shares `shared` bits.
        for (const candidate of [other, sharing(base, other, shared)]) {
          const range = parseCidr(`${compressed(base)}/${prefix}`)!;
          expect(contains(range, candidate)).toBe(bits(base).slice(0, prefix) === bits(candidate).slice(0, prefix));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with node:net BlockList on IPv4 and IPv6 subnets', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(v4, fc.nat(32), v4).map(([net, prefix, addr]) => ({ family: 'ipv4' as const, net: dotted(net), prefix, addr: dotted(addr) })),
          fc.tuple(v6, fc.nat(128), v6).map(([net, prefix, addr]) => ({ family: 'ipv6' as const, net: compressed(net), prefix, addr: compressed(addr) })),
        ),
        ({ family, net, prefix, addr }) => {
          const blocked = new BlockList();
          // BlockList wants the network address itself, host bits cleared.
          const range = parseCidr(`${net}/${prefix}`)!;
          blocked.addSubnet(family === 'ipv4' ? v4Text(range.base) : compressed(range.base), prefix, family);
          expect(contains(range, parseIp(addr)!)).toBe(blocked.check(addr, family));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a list holds an address exactly when one of its entries does, spaces or not', () => {
    const entry = fc.oneof(
      fc.tuple(v4, fc.option(fc.nat(32), { nil: undefined })).map(([q, p]) => (p === undefined ? dotted(q) : `${dotted(q)}/${p}`)),
      fc.tuple(v6, fc.option(fc.nat(128), { nil: undefined })).map(([v, p]) => (p === undefined ? compressed(v) : `${compressed(v)}/${p}`)),
    );
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.oneof(v6, v4.map((q) => (0xffffn << 32n) | v4Value(q))), (entries, spaced, address) => {
        const list = parseAddressList(entries.join(spaced ? ' , ' : ','))!;
        expect(list.ranges).toHaveLength(entries.length);
        expect(list.text).toBe(entries.join(','));
        expect(listContains(list, address)).toBe(entries.some((e) => contains(parseCidr(e)!, address)));
        expect(parseAddressList(list.text)).toEqual(list);
      }),
    );
  });
});

describe('per-IP counting properties', () => {
  type Op = { readonly kind: 'open' | 'close'; readonly who: number };
  const pool = ['10.0.0.1', '::ffff:10.0.0.1', '10.0.0.2', '127.0.0.1', '2001:db8::1', '::1'];
  const key = (who: number): string => (pool[who] === '::ffff:10.0.0.1' ? '10.0.0.1' : pool[who]!);

  it('behind the gate, no counted address ever holds more than max, and closing everything leaves nothing', () => {
    fc.assert(
      fc.property(
        fc.nat(4),
        fc.boolean(),
        fc.array(fc.record({ kind: fc.constantFrom<'open' | 'close'>('open', 'open', 'close'), who: fc.nat(pool.length - 1) }), { maxLength: 200 }),
        (max, exemptLoopback, ops: Op[]) => {
          const count = new PerIpCount(max, parseAddressList(exemptLoopback ? '127.0.0.0/8,::1' : 'none')!);
          /** The model: connections open per address (exempt ones too), admitted by the same rule. */
          const open = new Map<string, number>();
          const exempt = (k: string): boolean => max === 0 || (exemptLoopback && (k === '127.0.0.1' || k === '::1'));
          for (const op of ops) {
            const k = key(op.who);
            const address = parseIp(pool[op.who]!)!;
            const held = open.get(k) ?? 0;
            if (op.kind === 'open') {
              const refused = !exempt(k) && held >= max;
              expect(count.full(address)).toBe(refused);
              if (!refused) {
                count.take(address);
                open.set(k, held + 1);
              }
            } else if (held > 0) {
              count.release(address);
              open.set(k, held - 1);
            }
            expect(count.countOf(address)).toBe(exempt(k) ? 0 : open.get(k) ?? 0);
            if (!exempt(k)) expect(count.countOf(address)).toBeLessThanOrEqual(max);
          }
          for (const [k, n] of open) for (let i = 0; i < n; i++) count.release(parseIp(k)!);
          expect(count.addresses).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
