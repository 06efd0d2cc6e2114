import { describe, expect, it } from 'vitest';
import { EncodedLine } from '../../src/net/encoded-line';
import { Flusher, FlushGate, MAX_HOLD_MS, MIN_HOLD_MS } from '../../src/net/flusher';

/** Resolves after every immediate queued before it has run: one event-loop turn. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const setup = () => {
  let clock = 0;
  const flusher = new Flusher(() => clock);
  const flushed: string[] = [];
  const target = (name: string) => ({ flush: () => flushed.push(name) });
  return { flusher, flushed, target, advance: (ms: number) => (clock += ms) };
};

describe('Flusher', () => {
  it('writes each marked target once, at the end of the turn', async () => {
    const { flusher, flushed, target } = setup();
    const a = target('a');
    flusher.mark(a);
    flusher.mark(a);
    flusher.mark(target('b'));
    expect(flushed).toEqual([]);
    await turn();
    expect(flushed).toEqual(['a', 'b']);
  });

  it('holds output one more turn after an arrival, and flushes the first turn without one', async () => {
    const { flusher, flushed, target } = setup();
    flusher.mark(target('a'));
    flusher.holdForArrivals();
    await turn();
    expect(flushed).toEqual([]);
    flusher.holdForArrivals();
    await turn();
    expect(flushed).toEqual([]);
    await turn();
    expect(flushed).toEqual(['a']);
  });

  /** Marks `a` and keeps connections arriving, 1 ms a turn, until it is flushed; returns the turns held. */
  const holdWhileArriving = async ({ flusher, flushed, target, advance }: ReturnType<typeof setup>): Promise<number> => {
    const before = flushed.length;
    flusher.mark(target('a'));
    let held = 0;
    while (flushed.length === before) {
      flusher.holdForArrivals();
      await turn();
      advance(1);
      held++;
      expect(held).toBeLessThanOrEqual(MAX_HOLD_MS + 1);
    }
    return held;
  };

  it('holds no longer than the last flush took, within MIN_HOLD_MS and MAX_HOLD_MS', async () => {
    const quick = setup();
    expect(await holdWhileArriving(quick)).toBe(MIN_HOLD_MS + 1);

    // A flush that takes 40 ms lets the next hold last 40 ms.
    const slow = setup();
    slow.flusher.mark({ flush: () => slow.advance(40) });
    await turn();
    expect(await holdWhileArriving(slow)).toBe(40 + 1);

    const slowest = setup();
    slowest.flusher.mark({ flush: () => slowest.advance(10_000) });
    await turn();
    expect(await holdWhileArriving(slowest)).toBe(MAX_HOLD_MS + 1);
  });

  it('starts a new hold after a flush', async () => {
    const { flusher, flushed, target, advance } = setup();
    flusher.mark(target('a'));
    for (let held = 0; held <= MIN_HOLD_MS; held++) {
      flusher.holdForArrivals();
      await turn();
      advance(1);
    }
    expect(flushed).toEqual(['a']);
    // The next arrival starts a new hold.
    flusher.mark(target('b'));
    flusher.holdForArrivals();
    await turn();
    expect(flushed).toEqual(['a']);
    await turn();
    expect(flushed).toEqual(['a', 'b']);
  });

  it('journals each shared line once per flush, at places that only grow', async () => {
    const { flusher, target } = setup();
    const one = new EncodedLine('one', true);
    const two = new EncodedLine('two', true);
    const first = flusher.journal(one);
    expect(flusher.journal(two)).toBe(first + 1);
    expect(flusher.journal(one)).toBe(first);
    expect(flusher.journalled(first + 1)).toBe(two);
    // A line journalled while a flush runs stays for the next one.
    let late = -1;
    flusher.mark({ flush: () => (late = flusher.journal(new EncodedLine('late', true))) });
    await turn();
    expect(flusher.journalled(late).text).toBe('late');
    flusher.mark(target('a'));
    await turn();
    // After a flush, a line already written gets a new place.
    expect(flusher.journal(one)).toBeGreaterThan(late);
  });

  /** A gate whose outstanding ticket the test sets, and whose waiting flush the test lets through. */
  const testGate = () => {
    const gate = {
      outstanding: undefined as number | undefined,
      asked: [] as number[],
      letThrough: undefined as (() => void) | undefined,
      ticket: () => gate.outstanding,
      whenThrough: (ticket: number, then: () => void) => {
        gate.asked.push(ticket);
        gate.letThrough = then;
      },
    };
    return gate satisfies FlushGate;
  };

  it('waits at the gate for what is outstanding, then writes everything marked meanwhile in one flush', async () => {
    const gate = testGate();
    const flusher = new Flusher(() => 0, gate);
    const flushed: string[] = [];
    gate.outstanding = 7;
    flusher.mark({ flush: () => flushed.push('a') });
    await turn();
    await turn();
    expect(flushed).toEqual([]);
    expect(gate.asked).toEqual([7]);
    flusher.mark({ flush: () => flushed.push('b') });
    gate.letThrough!();
    await turn();
    expect(flushed).toEqual(['a', 'b']);
    // Once through, the flush goes without asking again; the next flush asks anew.
    expect(gate.asked).toEqual([7]);
    gate.outstanding = undefined;
    flusher.mark({ flush: () => flushed.push('c') });
    await turn();
    expect(flushed).toEqual(['a', 'b', 'c']);
    gate.outstanding = 8;
    flusher.mark({ flush: () => flushed.push('d') });
    await turn();
    expect(flushed).toEqual(['a', 'b', 'c']);
    expect(gate.asked).toEqual([7, 8]);
  });

  it('runs a step asked for before the flush first, and writes what it marks in that same flush', async () => {
    const { flusher, flushed, target } = setup();
    const order: string[] = [];
    flusher.beforeFlush(() => {
      order.push('commit');
      flusher.mark(target('released'));
    });
    expect(order).toEqual([]);
    await turn();
    expect(order).toEqual(['commit']);
    expect(flushed).toEqual(['released']);
  });

  it('runs a step asked for while the flush is held for arrivals this turn, and writes what it marks when the hold ends', async () => {
    const { flusher, flushed, target } = setup();
    flusher.mark(target('a'));
    flusher.holdForArrivals();
    const ran: string[] = [];
    flusher.beforeFlush(() => {
      ran.push('commit');
      flusher.mark(target('b'));
    });
    await turn();
    expect(ran).toEqual(['commit']);
    expect(flushed).toEqual([]);
    await turn();
    expect(flushed).toEqual(['a', 'b']);
  });

  it('runs a step asked for while the flush waits at the gate this turn, without waiting for the gate', async () => {
    const gate = testGate();
    const flusher = new Flusher(() => 0, gate);
    const flushed: string[] = [];
    gate.outstanding = 3;
    flusher.mark({ flush: () => flushed.push('a') });
    await turn();
    expect(gate.asked).toEqual([3]);
    const ran: string[] = [];
    flusher.beforeFlush(() => {
      ran.push('commit');
      flusher.mark({ flush: () => flushed.push('b') });
    });
    await turn();
    expect(ran).toEqual(['commit']);
    expect(flushed).toEqual([]);
    gate.letThrough!();
    await turn();
    expect(flushed).toEqual(['a', 'b']);
  });
});
