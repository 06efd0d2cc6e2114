import { describe, expect, it } from 'vitest';
import { shouldCollect } from '../src/release-memory';

const MB = 2 ** 20;
const grown = { quietForMs: 6000, heapHeld: 40 * MB, baseline: 24 * MB };

describe('shouldCollect', () => {
  it('collects once the loop has been quiet for 6 s and the heap holds 16 MB more than its low mark', () => {
    expect(shouldCollect(grown)).toBe(true);
  });

  it('never collects before the loop has been quiet for 6 s', () => {
    expect(shouldCollect({ ...grown, quietForMs: 4000, heapHeld: 400 * MB })).toBe(false);
  });

  it('leaves a quiet heap alone when it has not grown enough to pay for a collection', () => {
    expect(shouldCollect({ ...grown, quietForMs: 60_000, heapHeld: 40 * MB - 1 })).toBe(false);
  });
});
