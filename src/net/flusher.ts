import { Gatherer } from './gather';

/**
 * Gathers every connection that has output pending and writes each one once
 * per event-loop turn. One write system call per client per turn instead of
 * one per line is what makes fan-out fast on Node (see README, Speed).
 */
export interface Flushable {
  /** Writes what is pending; `gatherer` joins several lines into one write. */
  flush(gatherer: Gatherer): void;
}

/**
 * How long a stream of arriving connections may hold everyone's output back:
 * as long as the last flush took, so that writing costs no more than the
 * joins it gathers, but never less than MIN_HOLD_MS nor more than MAX_HOLD_MS.
 */
export const MIN_HOLD_MS = 10;
export const MAX_HOLD_MS = 250;

export class Flusher {
  private dirty = new Set<Flushable>();
  private scheduled = false;
  private holdRequested = false;
  /** When the current hold began (ms), or undefined when not holding. */
  private holdingSince: number | undefined;
  private lastFlushMs = 0;
  /** Flushes run one after another, so one gatherer serves them all. */
  private readonly gatherer = new Gatherer();

  constructor(private readonly now: () => number = () => performance.now()) {}

  mark(target: Flushable): void {
    this.dirty.add(target);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushAll);
    }
  }

  /**
   * A connection was accepted this turn. Node accepts one connection per
   * event-loop turn, so a crowd joining at once would cost one write to every
   * member per join, N² in all. Holding this turn's output for the next turn,
   * as long as connections keep arriving (within the hold limits above), gathers their
   * join notices into one write per member. A turn without a new connection
   * flushes at once, so chat is held only while connections arrive.
   */
  holdForArrivals(): void {
    this.holdRequested = true;
  }

  private readonly flushAll = (): void => {
    if (this.holdRequested) {
      this.holdRequested = false;
      const since = (this.holdingSince ??= this.now());
      const limit = Math.min(MAX_HOLD_MS, Math.max(MIN_HOLD_MS, this.lastFlushMs));
      if (this.now() - since < limit) {
        setImmediate(this.flushAll);
        return;
      }
    }
    this.holdingSince = undefined;
    this.scheduled = false;
    const batch = this.dirty;
    this.dirty = new Set();
    const began = this.now();
    for (const target of batch) target.flush(this.gatherer);
    this.lastFlushMs = this.now() - began;
  };
}
