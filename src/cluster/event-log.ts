import { Observable } from 'rxjs';
import type { FlushGate } from '../net/flusher';
import { RoomEvent, shutdown } from '../room/events';
import { ClientId } from '../room/ids';
import { ChatState } from '../room/state';

/**
 * Where the room's fold gets its events from, and what it owes that source
 * after each step. A single server folds its own clients' events as they
 * come (`localLog`); a node of a cluster sends them to the shared log and
 * folds the log (`src/cluster/cluster-node.ts`). The rest of the server is
 * the same either way.
 */
export interface EventLog {
  /** This process's node number (0 alone): its clients' ids start at node × NODE_SPAN + 1. */
  readonly node: number;
  /** The state to fold from: the empty server's, or a cluster's snapshot. */
  readonly seed: ChatState | undefined;
  /** What this process's flushes wait for (a node's own lines coming back round the log); nothing alone. */
  readonly gate: FlushGate | undefined;
  /** The clock bans and mutes are judged by at the edge: this process's, or the log's. */
  readonly now: () => number;
  /** The time of the event being folded; undefined: the scheduler's clock. */
  readonly foldTime: (() => number) | undefined;
  /** The id of the log entry being folded (a cluster's), so each node's store writes it once; undefined alone. */
  readonly entry: () => string | undefined;
  /**
   * This process's own events in, the events to fold out. `undelivered` is
   * told of an own event the log did not take in time (its sender is told).
   */
  readonly fold: (own$: Observable<RoomEvent>, undelivered: (event: RoomEvent) => void) => Observable<RoomEvent>;
  /** After each fold step, with its state; undefined when the source owes it nothing (a single server). */
  readonly folded: ((state: ChatState) => void) | undefined;
  /** Starts watching for other nodes that are gone; `members` are the ids of the room's members now. */
  readonly watch: (members: () => readonly ClientId[]) => void;
  /** The event that stops this server: the whole room's shutdown, or (a node of a cluster) this node's alone unless `everyone`. */
  readonly stopEvent: (everyone: boolean) => RoomEvent;
  /** How long a stopping node waits for its stop to come back round the log before telling its own clients itself; undefined: no wait. */
  readonly unheardMs: number | undefined;
  /** Stops reading and writing the log. */
  readonly stop: () => Promise<void>;
}

/** A single server: its own events are the room's, in the order they come. */
export const localLog: EventLog = {
  node: 0,
  seed: undefined,
  gate: undefined,
  now: Date.now,
  foldTime: undefined,
  entry: () => undefined,
  fold: (own$) => own$,
  folded: undefined,
  watch: () => undefined,
  stopEvent: () => shutdown,
  unheardMs: undefined,
  stop: () => Promise.resolve(),
};
