import type Redis from 'ioredis';
import type { FlushGate } from '../net/flusher';
import { compareIds, timeOf, LATE_MS, UNDELIVERED_MS } from './entry';

/**
 * How long a flush waits for this node's own lines to come back round the
 * log before it writes what it has anyway (Redis slow or stalled): a few
 * round trips to Redis on a busy machine, short enough that nothing local
 * (a "not delivered") waits noticeably.
 */
export const GATE_LIMIT_MS = 20;

interface Waiting {
  readonly fields: string[];
  readonly sent: number;
  /** For a line: tells its sender it was not delivered. */
  readonly undelivered: (() => void) | undefined;
  /** Set once the sender has been told, so it is told once (the timer and a late answer may both find it). */
  told: boolean;
}

export interface Appender {
  /** Queues one entry for this turn's write; `undelivered` only for a line, whose sender must hear when Redis did not take it in time. */
  readonly append: (fields: string[], sent: number, undelivered?: () => void) => void;
  /** The reader has folded the log up to `id`. */
  readonly readTo: (id: string) => void;
  /** Lets a flush wait until this node's lines written so far have been read back and folded. */
  readonly gate: FlushGate;
}

/**
 * Appends a node's events to the log one event-loop turn at a time: what its
 * clients sent in one turn goes to Redis in one write, as one MULTI/EXEC.
 * Redis serves a blocked XREAD right after the command that fed its stream,
 * which for a transaction is EXEC: every node is woken once with the whole
 * turn's entries, not with the first alone and the rest on its next XREAD.
 *
 * And the node's output waits for them (see `gate`): a single server writes
 * the lines it read in a turn at the end of that turn; a node that flushed
 * before its turn's lines came back would write them a turn later, and every
 * client would get more writes, each emptier (see docs/PERFORMANCE.md: the
 * cluster's figures before and after).
 */
export const turnAppender = (redis: Redis, log: string, maxLength: number): Appender => {
  let waiting: Waiting[] = [];
  /** Batches written, and how many of them (in order) the reader has folded, or that failed. */
  let written = 0;
  let through = 0;
  /** Each written batch's last id once Redis has answered (null: nothing of it was taken). */
  const lastIds = new Map<number, string | null>();
  let readUpTo = '0-0';
  let waiter: { readonly ticket: number; readonly then: () => void; readonly timer: NodeJS.Timeout } | undefined;

  const advance = (): void => {
    for (;;) {
      const id = lastIds.get(through + 1);
      if (id === undefined || (id !== null && compareIds(id, readUpTo) > 0)) break;
      lastIds.delete(++through);
    }
    if (waiter !== undefined && through >= waiter.ticket) release();
  };
  const release = (): void => {
    const { then, timer } = waiter!;
    waiter = undefined;
    clearTimeout(timer);
    then();
  };

  const write = (): void => {
    const batch = waiting;
    waiting = [];
    const n = ++written;
    const tell = (w: Waiting): void => {
      if (w.undelivered === undefined || w.told) return;
      w.told = true;
      w.undelivered();
    };
    const timer = batch.some((w) => w.undelivered !== undefined) ? setTimeout(() => batch.forEach(tell), UNDELIVERED_MS) : undefined;
    const transaction = redis.multi();
    for (const w of batch) transaction.xadd(log, 'MAXLEN', '~', maxLength, '*', ...w.fields);
    transaction.exec().then(
      (results) => {
        clearTimeout(timer);
        let last: string | null = null;
        batch.forEach((w, i) => {
          const [err, id] = results?.[i] ?? [null, null];
          const taken = err === null && typeof id === 'string';
          if (taken) last = id;
          if (!taken || timeOf(id) - w.sent > LATE_MS) tell(w);
        });
        lastIds.set(n, last);
        advance();
      },
      () => {
        clearTimeout(timer);
        batch.forEach(tell);
        lastIds.set(n, null);
        advance();
      },
    );
  };

  return {
    append: (fields, sent, undelivered) => {
      if (waiting.length === 0) setImmediate(write);
      waiting.push({ fields, sent, undelivered, told: false });
    },
    readTo: (id) => {
      readUpTo = id;
      advance();
    },
    gate: {
      // A batch still waiting for this turn's write counts: it is written before the flush's wait begins.
      ticket: () => {
        const last = written + (waiting.length > 0 ? 1 : 0);
        return last > through ? last : undefined;
      },
      whenThrough: (ticket, then) => {
        if (waiter !== undefined) release();
        if (through >= ticket) return then();
        waiter = { ticket, then, timer: setTimeout(release, GATE_LIMIT_MS) };
      },
    },
  };
};
