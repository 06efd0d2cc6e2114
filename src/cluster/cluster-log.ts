import Redis from 'ioredis';
import { Observable } from 'rxjs';
import { nodeLost, nodeOf, reseed, RoomEvent } from '../room/events';
import { ChatState, initialState } from '../room/state';
import { compareIds, Entry, fieldsOf, isLate, parseEntry, timeOf } from './entry';
import { turnAppender } from './appender';
import type { FlushGate } from '../net/flusher';
import { ClusterStartError } from './cluster-start-error';
import { clusterKeys } from './keys';

/** A node refreshes its liveness key this often, with this time to live; the others look this often. */
export const ALIVE_REFRESH_MS = 2000;
export const ALIVE_TTL_MS = 8000;
export const ALIVE_CHECK_MS = 2000;
/**
 * One node (the lowest-numbered that has members, or any node while none
 * has) writes the state it folded to after every SNAPSHOT_EVERY entries:
 * well inside the log's length, so a snapshot always has its entries after it.
 */
export const SNAPSHOT_EVERY = 10_000;
/** The log keeps about this many entries; a node that starts later loads a snapshot first. */
export const LOG_LENGTH = 100_000;
const READ_COUNT = 1000;
const READ_BLOCK_MS = 1000;

interface Snapshot {
  readonly id: string;
  readonly count: number;
  readonly state: ChatState;
}

export interface ClusterLog {
  /** This node's number: its clients' ids start at node × NODE_SPAN. */
  readonly node: number;
  /** The state to fold from: the snapshot's, or the empty server's. */
  readonly seed: ChatState;
  /** Every entry of the log from the seed's position on, in log order, late lines left out. */
  readonly entries$: Observable<Entry>;
  /** Redis's clock as this node estimates it (ms). */
  readonly now: () => number;
  /**
   * Appends one of this node's events. For a line that Redis does not take
   * in time, or takes too late, `undelivered` is called (once).
   */
  readonly append: (event: RoomEvent, undelivered: () => void) => void;
  /** What this node's flushes wait for: its own lines coming back round the log. */
  readonly gate: FlushGate;
  /** After each entry is folded: writes a snapshot when one is due and this node is the one to write it. */
  readonly folded: (entry: Entry, state: ChatState) => void;
  /** Starts watching the nodes that have members for one whose liveness key has gone. */
  readonly watch: (nodesWithMembers: () => Iterable<number>) => void;
  readonly stop: () => Promise<void>;
}

const connectOnce = async (url: string): Promise<Redis> => {
  // No retries while starting: Redis unreachable at start-up is an error to report, not to wait out.
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: null, enableAutoPipelining: true });
  let cause: NodeJS.ErrnoException | undefined;
  redis.on('error', (err: NodeJS.ErrnoException) => (cause ??= err));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    const why = cause ?? (err as NodeJS.ErrnoException);
    throw new ClusterStartError(`cannot reach Redis at ${url}: ${why.code ?? why.message}`);
  }
  // From now on, reconnect for as long as it takes; commands wait meanwhile.
  redis.options.retryStrategy = (times: number) => Math.min(100 * times, 1000);
  return redis;
};

/**
 * Joins the cluster NAME in the Redis at `url`: the room's event stream
 * becomes a Redis Stream that every node appends its own clients' events
 * to and reads whole, so every node folds the same events in the same
 * order, at the same times (the entries' ids carry Redis's clock).
 */
export const joinCluster = async (url: string, name: string, stored?: ChatState): Promise<ClusterLog> => {
  const keys = clusterKeys(name);
  const commands = await connectOnce(url);
  const reader = commands.duplicate({ enableAutoPipelining: false });
  reader.on('error', () => undefined);
  const node = await commands.incr(keys.nodeSeq);
  let offset = 0;
  /** Redis's clock against ours, measured again at every refresh: a line's lateness is judged on Redis's clock. */
  const measureClock = async (): Promise<void> => {
    const asked = Date.now();
    const [seconds, micros] = await commands.time();
    offset = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - Math.round((asked + Date.now()) / 2);
  };
  const now = (): number => Date.now() + offset;
  const refresh = async (): Promise<void> => {
    await commands.set(keys.alive(node), '1', 'PX', ALIVE_TTL_MS);
    await measureClock();
  };
  await refresh();
  const loadSnapshot = async (): Promise<Snapshot> => {
    const saved = await commands.get(keys.snapshot);
    return saved === null ? { id: '0-0', count: 0, state: initialState } : (JSON.parse(saved) as Snapshot);
  };
  /**
   * A cluster starting on an empty log (new, or its Redis flushed) with a
   * store (PostgreSQL, §14) starts from what the store kept: the first node
   * to come makes that state the log's snapshot, so every node, also one
   * that joins later, folds the log from the same state.
   */
  const firstSnapshot = async (): Promise<Snapshot> => {
    if (stored === undefined || (await commands.exists(keys.snapshot)) === 1 || (await commands.xlen(keys.log)) > 0) return loadSnapshot();
    const fromStore: Snapshot = { id: '0-0', count: 0, state: stored };
    const made = await commands.set(keys.snapshot, JSON.stringify(fromStore), 'NX');
    return made === 'OK' ? fromStore : loadSnapshot();
  };
  const snapshot = await firstSnapshot();

  let stopped = false;
  let count = snapshot.count;
  const appender = turnAppender(commands, keys.log, LOG_LENGTH);
  const timers: NodeJS.Timeout[] = [setInterval(() => void refresh().catch(() => undefined), ALIVE_REFRESH_MS)];

  const entries$ = new Observable<Entry>((subscriber) => {
    let last = snapshot.id;
    const loop = async (): Promise<void> => {
      while (!stopped) {
        let reply: [string, [string, string[]][]][] | null;
        try {
          reply = (await reader.xread('COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', keys.log, last)) as typeof reply;
        } catch {
          if (stopped) return;
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        for (const [, items] of reply ?? []) {
          // A full batch means this node is behind: has the log been trimmed past where it stands?
          if (items.length === READ_COUNT) {
            const caught = await catchUp(last);
            if (caught !== undefined) {
              last = caught.id;
              count = caught.count;
              subscriber.next({ id: caught.id, at: timeOf(caught.id), event: reseed(caught.state), sent: undefined });
              break;
            }
          }
          for (const [id, fields] of items) {
            last = id;
            count++;
            const entry = parseEntry(id, fields);
            if (entry !== undefined && !isLate(entry)) subscriber.next(entry);
          }
        }
        appender.readTo(last);
        // Let this batch's output be written before asking for more: what arrives meanwhile
        // comes as one batch, written to each client in one go (as a busy single server gathers it).
        if (reply !== null) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    void loop();
    return () => {
      stopped = true;
    };
  });

  /** The snapshot to start again from, if the log no longer holds the entry after `last`. */
  const catchUp = async (last: string): Promise<Snapshot | undefined> => {
    const [first] = (await commands.xrange(keys.log, '-', '+', 'COUNT', 1)) as [string, string[]][];
    if (first === undefined || compareIds(first[0], last) <= 0) return undefined;
    const saved = await loadSnapshot();
    return compareIds(saved.id, last) > 0 ? saved : undefined;
  };

  const append = (event: RoomEvent, undelivered: () => void): void => {
    const sent = now();
    appender.append(fieldsOf(event, sent), sent, event.type === 'line' ? undelivered : undefined);
  };

  const folded = (entry: Entry, state: ChatState): void => {
    if (count % SNAPSHOT_EVERY !== 0) return;
    if (state.users.some((u) => nodeOf(u.id) < node)) return;
    const value: Snapshot = { id: entry.id, count, state };
    void commands.set(keys.snapshot, JSON.stringify(value)).catch(() => undefined);
  };

  const watch = (nodesWithMembers: () => Iterable<number>): void => {
    const check = async (): Promise<void> => {
      for (const other of new Set(nodesWithMembers())) {
        if (other === node || stopped) continue;
        if ((await commands.exists(keys.alive(other))) === 0) append(nodeLost(other), () => undefined);
      }
    };
    timers.push(setInterval(() => void check().catch(() => undefined), ALIVE_CHECK_MS));
  };

  const stop = async (): Promise<void> => {
    stopped = true;
    timers.forEach(clearInterval);
    reader.disconnect();
    // Others would see this node lost in ALIVE_TTL_MS anyway; do not wait long on a Redis that is gone.
    const gone = new Promise((resolve) => setTimeout(resolve, 500).unref());
    await Promise.race([commands.del(keys.alive(node)).catch(() => undefined), gone]);
    commands.disconnect();
  };

  timers.forEach((t) => t.unref());
  return { node, seed: snapshot.state, entries$, now, append, gate: appender.gate, folded, watch, stop };
};
