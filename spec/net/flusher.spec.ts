import { describe, expect, it } from 'vitest';
import { Flusher, MAX_HOLD_MS } from '../../src/net/flusher';

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

  it('never holds longer than MAX_HOLD_MS while connections keep arriving', async () => {
    const { flusher, flushed, target, advance } = setup();
    flusher.mark(target('a'));
    let held = 0;
    while (flushed.length === 0) {
      flusher.holdForArrivals();
      await turn();
      advance(1);
      held++;
      expect(held).toBeLessThanOrEqual(MAX_HOLD_MS + 1);
    }
    expect(held).toBe(MAX_HOLD_MS + 1);
    // The next arrival starts a new hold.
    flusher.mark(target('b'));
    flusher.holdForArrivals();
    await turn();
    expect(flushed).toEqual(['a']);
    await turn();
    expect(flushed).toEqual(['a', 'b']);
  });
});
