import { Observable, OperatorFunction } from 'rxjs';

/**
 * Emits `first` on subscription, then the source, then `last` when the source
 * completes: what `concat(of(first), source, of(last))` means. Every client
 * holds one of these for its whole connection, so it is one subscriber deep
 * instead of concat's queue of inner subscriptions: with thousands of idle
 * clients, what each holds is what the server holds.
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
