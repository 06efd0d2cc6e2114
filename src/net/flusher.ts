import { performance } from 'node:perf_hooks';

/**
 * Gathers every connection that has output pending and writes each one once
 * per event-loop turn. One write system call per client per turn instead of
 * one per line is what makes fan-out fast on Node (see README, Speed).
 *
 * When a flush itself is long (thousands of clients), the next one waits as
 * long as the last one took: at most half the time goes to writing, the rest
 * to reading and folding events, and lines that arrive meanwhile share one
 * write. Node accepts one connection per turn, so without this a storm of N
 * joins would cost N² write system calls.
 */
export interface Flushable {
  flush(): void;
}

/** A flush shorter than this is followed by the next at once, as on a quiet server. */
const LONG_FLUSH_MS = 1;

export class Flusher {
  private dirty = new Set<Flushable>();
  private scheduled = false;
  private lastCost = 0;
  private lastEnd = 0;

  mark(target: Flushable): void {
    this.dirty.add(target);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastCost >= LONG_FLUSH_MS ? this.lastEnd + this.lastCost - performance.now() : 0;
    if (wait >= 1) setTimeout(this.flushAll, wait);
    else setImmediate(this.flushAll);
  }

  private readonly flushAll = (): void => {
    const started = performance.now();
    this.scheduled = false;
    const batch = this.dirty;
    this.dirty = new Set();
    for (const target of batch) target.flush();
    this.lastEnd = performance.now();
    this.lastCost = this.lastEnd - started;
  };
}
