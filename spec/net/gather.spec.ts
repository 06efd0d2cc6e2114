import { describe, expect, it } from 'vitest';
import { Gatherer, SLAB_BYTES } from '../../src/net/gather';

const parts = (...texts: string[]): Buffer[] => texts.map((t) => Buffer.from(t));

describe('Gatherer', () => {
  it('joins the parts, in order, into one buffer of exactly their bytes', () => {
    const gatherer = new Gatherer();
    expect(gatherer.gather(parts('a\n', 'bc\n', 'def\n'), 9).toString()).toBe('a\nbc\ndef\n');
  });

  it('reuses the memory of a buffer given back', () => {
    const gatherer = new Gatherer();
    const first = gatherer.gather(parts('one\n', 'two\n'), 8);
    gatherer.giveBack(first);
    const second = gatherer.gather(parts('three\n', 'four\n'), 11);
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset);
    expect(second.toString()).toBe('three\nfour\n');
  });

  it('never overwrites a buffer not given back (a write Node still holds)', () => {
    const gatherer = new Gatherer();
    const held = gatherer.gather(parts('held\n', 'bytes\n'), 11);
    const next = gatherer.gather(parts('next\n', 'one\n'), 9);
    expect(next.byteOffset).toBe(held.byteOffset + held.length);
    expect(held.toString()).toBe('held\nbytes\n');
    expect(next.toString()).toBe('next\none\n');
  });

  it('ignores giving back a buffer that is not the last one gathered', () => {
    const gatherer = new Gatherer();
    const older = gatherer.gather(parts('older\n', 'line\n'), 11);
    const newer = gatherer.gather(parts('newer\n', 'line\n'), 11);
    gatherer.giveBack(older);
    gatherer.gather(parts('third\n', 'line\n'), 11);
    expect(older.toString()).toBe('older\nline\n');
    expect(newer.toString()).toBe('newer\nline\n');
  });

  it('starts new memory when the parts do not fit, leaving the old bytes alone', () => {
    const gatherer = new Gatherer();
    const small = gatherer.gather(parts('small\n', 'one\n'), 10);
    const big = Buffer.alloc(SLAB_BYTES, 'x');
    const large = gatherer.gather([big, Buffer.from('\n')], SLAB_BYTES + 1);
    expect(large.length).toBe(SLAB_BYTES + 1);
    expect(large.buffer).not.toBe(small.buffer);
    expect(small.toString()).toBe('small\none\n');
  });
});
