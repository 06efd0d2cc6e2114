import { Effect, historyAnswer, send } from '../room/effects';
import { STORE_TIMEOUT_MS, within } from './durable-turn';
import { Store } from './store';

type ReadHistory = Extract<Effect, { type: 'readHistory' }>;
type Perform = (effects: readonly Effect[]) => void;

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => typeof (value as Promise<T>).then === 'function';

/**
 * `/history` beyond what a room holds in memory, answered at the edge. The
 * room has already decided the answer's texts (the `readHistory` effect);
 * the store reads the lines, and they go to the client between those texts.
 * Nothing in the room's state depends on them, so they need not pass through
 * the fold (in a cluster, through the log to every node): the router hands
 * this only the reads of its own clients. Effects reach the router after
 * their turn has committed (durable-turn.ts), so the store holds every line
 * the client was sent before asking. SQLite answers at once, in the asking
 * event's place among the client's lines; PostgreSQL answers when its query
 * returns, or with the store's failure text after STORE_TIMEOUT_MS (§14:
 * "commands that read the store answer the same").
 */
export const historyReads =
  (
    store: Store,
    /** Where the answers go: the router, and the recording if any. */
    perform: Perform,
  ) =>
  ({ to, room, count, answer }: ReadHistory): void => {
    const failed = (): void => perform([send(to, answer.failed)]);
    let lines: readonly string[] | Promise<readonly string[]>;
    try {
      lines = store.history(room, count);
    } catch {
      failed();
      return;
    }
    if (!isPromise(lines)) {
      perform(historyAnswer(to, lines, answer));
      return;
    }
    void within(lines, STORE_TIMEOUT_MS).then((got) => perform(historyAnswer(to, got, answer)), failed);
  };
