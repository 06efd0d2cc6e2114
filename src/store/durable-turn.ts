import * as render from '../protocol/render';
import { Effect, send } from '../room/effects';
import { ClientId } from '../room/events';
import { StoreChange } from '../room/store-changes';
import { Step, Store } from './store';

/** How long a write may take before what waits on it is answered as not delivered (§14). */
export const STORE_TIMEOUT_MS = 1000;

interface Held {
  readonly effects: readonly Effect[];
  /** What of them the store must keep, in order. */
  readonly changes: readonly StoreChange[];
  /** Who caused them: told, if they cannot be kept. */
  readonly by: ClientId | undefined;
  /** The cluster log entry they were folded from, if any. */
  readonly entry: string | undefined;
}

type LineChange = Extract<StoreChange, { kind: 'line' }>;

const none: readonly StoreChange[] = [];

/** The store changes among `effects`, in one pass and without an array when there are none (most effects of a chat turn are sends). */
const changesOf = (effects: readonly Effect[]): readonly StoreChange[] => {
  let changes: StoreChange[] | undefined;
  for (const e of effects) if (e.type === 'store') (changes ??= []).push(e.change);
  return changes ?? none;
};

/**
 * Waits for the store's `work`, and gives up on it once `ms` have passed:
 * a write is then told, through `late`, not to commit.
 */
export const within = async <T>(work: Promise<T>, ms: number, late?: AbortController): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      late?.abort();
      reject(new Error(`store took over ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Durable before delivered, in one place: the effects of a turn that asks
 * the store to keep something are held back, the turn's changes are written
 * as one transaction, and only once it has committed are the effects handed
 * to the router, and so to the outboxes and the flusher. The commit runs at
 * the end of the turn, just before the flush (`endOfTurn`); a store that
 * commits synchronously (SQLite) releases the turn's effects into that very
 * flush, so keeping a line costs its delivery no extra turn. A line any client
 * receives is therefore already in the store. Effects that come after held
 * ones wait behind them, so nobody sees the room's order change. One write
 * is in flight at a time; the turns that come meanwhile are written together
 * when it ends (so a store that stalls holds one batch, not a queue of them).
 * If the store fails, or a write has not committed within a second, what the
 * turn said is not delivered: whoever caused it is told
 * `!!! Not delivered: server unavailable; try again`.
 */
export const durableTurns = (
  store: Store,
  perform: (effects: readonly Effect[]) => void,
  notDelivered: string,
  /** Told the chat lines that were not kept, so the room takes them out of its history. */
  lost: (lines: readonly LineChange[]) => void,
  /** Runs the commit once this turn's events are folded: the flusher's `beforeFlush`. */
  endOfTurn: (commit: () => void) => void = setImmediate,
) => {
  let held: Held[] = [];
  let scheduled = false;
  /** The write in flight: turns commit one after another, never two at once. */
  let writing: Promise<void> | undefined;
  /**
   * What tells the write in flight it is late. Writes never overlap, so one
   * serves them all until a write is given up on. With one made for each
   * commit (a thousand a second in the bench), every young-generation
   * collection promoted about 24 KB; with one for all, none (`npm run bench
   * -- --scenario fanout-100 --data --trace-gc`, docs/PERFORMANCE.md, "With
   * a store").
   */
  let late = new AbortController();

  const settle = (batch: readonly Held[], ok: boolean): void => {
    for (const { effects, changes, by } of batch) {
      if (ok || changes.length === 0) perform(effects);
      else if (by !== undefined) perform([send(by, render.error(notDelivered))]);
    }
  };

  const schedule = (): void => {
    if (scheduled || writing !== undefined || held.length === 0) return;
    scheduled = true;
    // End of this turn: every event folded in it is in the batch.
    endOfTurn(commit);
  };

  const failed = (batch: readonly Held[], steps: readonly Step[]): void => {
    settle(batch, false);
    lost(steps.flatMap((s) => s.changes.filter((c): c is LineChange => c.kind === 'line')));
  };

  const commit = (): void => {
    // A commit that drained() already made early.
    if (!scheduled) return;
    scheduled = false;
    const batch = held;
    held = [];
    const steps: Step[] = [];
    for (const { entry, changes } of batch) if (changes.length > 0) steps.push({ entry, changes });
    if (late.signal.aborted) late = new AbortController();
    const given = late;
    let work: Promise<void> | void;
    try {
      work = store.write(steps, given.signal);
    } catch {
      failed(batch, steps);
      return;
    }
    if (work === undefined) {
      // Committed already: the effects go out in this turn's flush.
      settle(batch, true);
      return;
    }
    const pending = work;
    writing = (async () => {
      try {
        await within(pending, STORE_TIMEOUT_MS, given);
        settle(batch, true);
      } catch {
        failed(batch, steps);
      } finally {
        writing = undefined;
        schedule();
      }
    })();
  };

  return {
    /** The effects of one folded event, caused by `by` (a client's event) or by nobody (a shutdown), folded from cluster log entry `entry`. */
    take: (effects: readonly Effect[], by: ClientId | undefined, entry?: string): void => {
      const changes = changesOf(effects);
      if (held.length === 0 && !scheduled && writing === undefined && changes.length === 0) {
        perform(effects);
        return;
      }
      held.push({ effects, changes, by, entry });
      schedule();
    },
    /** Resolves once everything taken so far is written and performed. */
    drained: async (): Promise<void> => {
      while (scheduled || writing !== undefined || held.length > 0) {
        if (scheduled) commit();
        else if (writing === undefined) schedule();
        await writing;
      }
    },
  };
};
