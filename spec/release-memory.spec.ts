import { describe, expect, it } from 'vitest';
import { shouldCollect } from '../src/release-memory';

const MB = 2 ** 20;

describe('shouldCollect', () => {
  it('collects once the loop is quiet and the heap has grown 16 MB past what was live', () => {
    expect(shouldCollect({ busy: 0.01, heapUsed: 40 * MB, baseline: 24 * MB })).toBe(true);
  });

  it('never collects while the server is busy', () => {
    expect(shouldCollect({ busy: 0.05, heapUsed: 400 * MB, baseline: 24 * MB })).toBe(false);
  });

  it('leaves a quiet heap alone when it has not grown enough to pay for a collection', () => {
    expect(shouldCollect({ busy: 0, heapUsed: 40 * MB - 1, baseline: 24 * MB })).toBe(false);
  });
});
