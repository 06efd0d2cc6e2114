import { MonoTypeOperatorFunction, Observable } from 'rxjs';

/**
 * Maps each value, some of them asynchronously (a password hash), keeping
 * their order: while one is pending, the values after it wait behind it.
 * Used on one client's events, so a slow check holds back that client's own
 * later lines only; a value needing no wait passes straight through.
 */
export const inOrder =
  <T>(check: (value: T) => T | Promise<T>): MonoTypeOperatorFunction<T> =>
  (source) =>
    new Observable<T>((subscriber) => {
      const waiting: T[] = [];
      let pending = false;
      let ended = false;
      const take = (value: T): void => {
        const result = check(value);
        if (!(result instanceof Promise)) {
          subscriber.next(result);
          return;
        }
        pending = true;
        result.then(
          (checked) => {
            pending = false;
            if (subscriber.closed) return;
            subscriber.next(checked);
            drain();
          },
          (err: unknown) => subscriber.error(err),
        );
      };
      const drain = (): void => {
        while (!pending && waiting.length > 0) take(waiting.shift()!);
        if (!pending && ended) subscriber.complete();
      };
      const subscription = source.subscribe({
        next: (value) => {
          if (pending || waiting.length > 0) waiting.push(value);
          else take(value);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          ended = true;
          drain();
        },
      });
      return () => subscription.unsubscribe();
    });
