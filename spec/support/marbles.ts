import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';

/** One TestScheduler per test, asserting with vitest's deep equality. */
export const testScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
