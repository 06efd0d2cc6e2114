import * as render from '../protocol/render';
import { Effect, send } from '../room/effects';
import { ClientId } from '../room/events';
import { StoreChange } from '../room/store-changes';
import { Store } from './store';

/** How long a write may take before what waits on it is answered as not delivered (§14). */
export const STORE_TIMEOUT_MS = 1000;

interface Held {
  readonly effects: readonly Effect[];
  /** Who caused them: told, if they cannot be kept. */
  readonly by: ClientId | undefined;
}

const changesOf = (effects: readonly Effect[]): StoreChange[] => effects.flatMap((e) => (e.type === 'store' ? [e.change] : []));

const within = async (work: Promise<void> | void, ms: number): Promise<void> => {
  if (work === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store took over ${ms} ms`)), ms);
  });
  await Promise.race([work, late]).finally(() => clearTimeout(timer));
};

/**
 * Durable before delivered, in one place: the effects of a turn that asks
 * the store to keep something are held back, the turn's changes are written
 * as one transaction, and only once it has committed are the effects handed
 * to the router, and so to the outboxes and the flusher. A line any client
 * receives is therefore already in the store. Effects that come after held
 * ones wait behind them, so nobody sees the room's order change. If the
 * store fails or takes over a second, what the turn said is not delivered:
 * whoever caused it is told `!!! Not delivered: server unavailable; try again`.
 */
export const durableTurns = (
  store: Store,
  perform: (effects: readonly Effect[]) => void,
  notDelivered: string,
  /** Told the chat lines that were not kept, so the room takes them out of its history. */
  lost: (lines: readonly { readonly room: string; readonly line: string }[]) => void,
) => {
  let held: Held[] = [];
  let scheduled = false;
  /** The write in flight, so turns commit one after another. */
  let previous: Promise<void> = Promise.resolve();
  let writing = 0;

  const settle = (batch: readonly Held[], ok: boolean): void => {
    for (const { effects, by } of batch) {
      if (ok || changesOf(effects).length === 0) perform(effects);
      else if (by !== undefined) perform([send(by, render.error(notDelivered))]);
    }
  };

  const commit = (): void => {
    scheduled = false;
    const batch = held;
    held = [];
    const changes = batch.flatMap((h) => changesOf(h.effects));
    writing++;
    previous = previous.then(async () => {
      try {
        await within(store.write(changes), STORE_TIMEOUT_MS);
        settle(batch, true);
      } catch {
        settle(batch, false);
        lost(changes.flatMap((c) => (c.kind === 'line' ? [{ room: c.room, line: c.line }] : [])));
      } finally {
        writing--;
      }
    });
  };

  return {
    /** The effects of one folded event, caused by `by` (a client's event) or by nobody (a shutdown). */
    take: (effects: readonly Effect[], by: ClientId | undefined): void => {
      if (held.length === 0 && !scheduled && writing === 0 && effects.every((e) => e.type !== 'store')) {
        perform(effects);
        return;
      }
      held.push({ effects, by });
      if (!scheduled) {
        scheduled = true;
        // End of this turn: every event folded in it is in the batch.
        setImmediate(commit);
      }
    },
    /** Resolves once everything taken so far is written and performed. */
    drained: async (): Promise<void> => {
      if (scheduled) commit();
      await previous;
    },
  };
};
