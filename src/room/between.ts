import { Observable, OperatorFunction } from 'rxjs';

/**
 * Emits `first` on subscription, then the source, then `last` when the source
 * completes: what `concat(of(first), source, of(last))` means. Every client
 * holds one of these for its whole connection, and concat's general machinery
 * costs about 1.6 KB a subscription against about 0.9 KB for this (measured
 * with `node --expose-gc` over 20,000 subscriptions), which matters with
 * thousands of idle clients.
 */
export const between =
  <T>(first: T, last: T): OperatorFunction<T, T> =>
  (source) =>
    new Observable<T>((subscriber) => {
      subscriber.next(first);
      return source.subscribe({
        next: (value) => subscriber.next(value),
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          subscriber.next(last);
          subscriber.complete();
        },
      });
    });
