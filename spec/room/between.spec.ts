import { describe, it } from 'vitest';
import { between } from '../../src/room/between';
import { testScheduler } from '../support/marbles';

describe('between', () => {
  it('emits first on subscription, then the source, then last when it completes', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a-b|');
      expectObservable(source.pipe(between('<', '>'))).toBe('<-a-b(>|)', { '<': '<', '>': '>', a: 'a', b: 'b' });
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('passes an error on without last', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a#').pipe(between('<', '>'))).toBe('<a#', { '<': '<', a: 'a' });
    });
  });

  it('unsubscribes from the source when unsubscribed, without last', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a---b|');
      expectObservable(source.pipe(between('<', '>')), '^--!').toBe('<a-', { '<': '<', a: 'a' });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});
