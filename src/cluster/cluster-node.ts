import { map, Subscription } from 'rxjs';
import { nodeOf, nodeStopped, shutdown } from '../room/events';
import { joinCluster } from './cluster-log';
import { Entry, UNDELIVERED_MS } from './entry';
import type { EventLog } from './event-log';
import type { ChatState } from '../room/state';

/**
 * A node of a cluster as the room's event log: this node's own events are
 * appended to the shared log in Redis, and the fold reads the whole log,
 * each entry at its own time (Redis's clock), so every node folds the same
 * events at the same times. After each step the node may owe the log a
 * snapshot (see cluster-log.ts). `stored`: what the store (--data) kept, the
 * state a cluster whose log is empty starts from.
 */
export const joinAsNode = async (url: string, name: string, stored?: ChatState): Promise<EventLog> => {
  const cluster = await joinCluster(url, name, stored);
  /** The entry being folded: its time is the fold's clock, and the snapshot is taken at it. */
  let entry: Entry | undefined;
  let appending: Subscription | undefined;
  return {
    node: cluster.node,
    seed: cluster.seed,
    gate: cluster.gate,
    now: cluster.now,
    foldTime: () => entry?.at ?? cluster.now(),
    entry: () => entry?.id,
    fold: (own$, undelivered) => {
      appending = own$.subscribe((event) => cluster.append(event, () => undelivered(event)));
      return cluster.entries$.pipe(
        map((next) => {
          entry = next;
          return next.event;
        }),
      );
    },
    folded: (state) => {
      if (entry !== undefined) cluster.folded(entry, state);
    },
    watch: (members) => cluster.watch(() => members().map(nodeOf)),
    // A node of a cluster stops alone: its clients are told, the other nodes' hear they left.
    stopEvent: (everyone) => (everyone ? shutdown : nodeStopped(cluster.node)),
    unheardMs: UNDELIVERED_MS,
    stop: async () => {
      appending?.unsubscribe();
      await cluster.stop();
    },
  };
};
