import { EncodedLine, SentTally } from './encoded-line';
import { Gatherer } from './gather';

/**
 * Gathers every connection that has output pending and writes each one once
 * per event-loop turn. One write system call per client per turn instead of
 * one per line is what makes fan-out fast on Node (see docs/ARCHITECTURE.md, "Why output is written this way").
 */
export interface Flushable {
  /** Writes what is pending; `gatherer` joins several lines into one write. */
  flush(gatherer: Gatherer): void;
  /**
   * Set by the flusher while the target waits for its flush, so marking it
   * again costs nothing: the flusher keeps its targets in a plain array, not
   * a Set whose table, grown to every member in a join storm and held
   * through each hold, was garbage for the old generation after every flush.
   */
  flushMarked?: boolean;
}

/**
 * How long a stream of arriving connections may hold everyone's output back:
 * as long as the last flush took, so that writing costs no more than the
 * joins it gathers, but never less than MIN_HOLD_MS nor more than MAX_HOLD_MS.
 */
export const MIN_HOLD_MS = 10;
export const MAX_HOLD_MS = 250;

/**
 * Something a flush waits for, within limits of its own: in a node of a
 * cluster, the lines this node's clients sent coming back round the log, so
 * that they go out in this turn's writes instead of the next turn's.
 */
export interface FlushGate {
  /** What is outstanding now, or undefined when nothing is. */
  ticket(): number | undefined;
  /** Calls `then` once, when everything up to `ticket` is through or the gate gives up waiting. */
  whenThrough(ticket: number, then: () => void): void;
}

export class Flusher {
  private dirty: Flushable[] = [];
  /** The array flushed last time, emptied, to be the next `dirty`. */
  private spare: Flushable[] = [];
  /**
   * The shared lines (broadcasts) handed to connections since the last
   * flush, in order. A connection that gets several of them in a row holds
   * them as one range of places here, not one reference per line: in a join
   * storm, every member would otherwise hold a growing array of references
   * to the same join notices for as long as the flusher holds (up to
   * MAX_HOLD_MS), long enough for the arrays to be promoted to the old
   * generation, and each full collection would find hundreds of MB of them
   * dead (see docs/ARCHITECTURE.md, "Why output is written this way").
   */
  private readonly lines: EncodedLine[] = [];
  /** The place of `lines[0]`: places only grow, so one from an earlier flush is never mistaken for a current one. */
  private base = 0;
  private scheduled = false;
  private holdRequested = false;
  /** When the current hold began (ms), or undefined when not holding. */
  private holdingSince: number | undefined;
  private lastFlushMs = 0;
  /** Flushes run one after another, so one gatherer serves them all. */
  private readonly gatherer = new Gatherer();

  /** Set while this flush has waited at the gate and may now go. */
  private gatePassed = false;
  /** Counts waits at the gate: a wait that a congested flush overtook is void. */
  private gateWaits = 0;
  private congestion = false;
  /** Input waiting for the flush that congestion asked for, resumed the turn after it. */
  private afterFlushed: (() => void)[] = [];
  /** What must run before the next flush writes (a store's commit), in the order asked. */
  private preludes: (() => void)[] = [];

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly gate?: FlushGate,
    /** Where its connections count the lines (and bytes) they were handed, once a turn; nowhere when nobody reads the count (no --metrics-port). */
    readonly sent?: SentTally,
  ) {}

  mark(target: Flushable): void {
    if (target.flushMarked === true) return;
    target.flushMarked = true;
    this.dirty.push(target);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushAll);
    }
  }

  /**
   * Runs `step` before the next flush writes, and makes sure there is a
   * flush this turn. A store's commit goes here, so that what it releases is
   * written in this turn's writes: run from a callback of its own, it would
   * hand its output to a flush queued behind it, a whole event-loop turn
   * later. It also runs on its own this turn, so a flush held for arrivals
   * or at the cluster's gate never holds it back.
   */
  beforeFlush(step: () => void): void {
    this.preludes.push(step);
    if (this.preludes.length === 1) setImmediate(this.runPreludes);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushAll);
    }
  }

  private readonly runPreludes = (): void => {
    if (this.preludes.length === 0) return;
    const steps = this.preludes;
    this.preludes = [];
    for (const step of steps) step();
  };

  /**
   * Some connection's output for this turn is as much as one write should
   * carry: input waits (`afterFlush`), and the flush goes now, past any
   * hold for arrivals or the gate, so no hold outlasts a turn of input.
   */
  congest(): void {
    if (this.congestion) return;
    this.congestion = true;
    // Waiting at the gate, nothing else would run the flush.
    if (this.scheduled && this.gatePassed) setImmediate(this.flushAll);
  }

  get congested(): boolean {
    return this.congestion;
  }

  /**
   * Calls `resume` in the turn after the next flush, once the kernel has had
   * a poll phase to take what it wrote.
   */
  afterFlush(resume: () => void): void {
    this.afterFlushed.push(resume);
  }

  /** The place of a shared line in the journal, putting it there on its first recipient's call. */
  journal(line: EncodedLine): number {
    if (line.journalAt < this.base) {
      line.journalAt = this.base + this.lines.length;
      this.lines.push(line);
    }
    return line.journalAt;
  }

  /** The shared line at `place`, valid until the end of the next flush. */
  journalled(place: number): EncodedLine {
    return this.lines[place - this.base]!;
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
    if (!this.scheduled) return;
    this.runPreludes();
    if (this.holdRequested && !this.congestion) {
      this.holdRequested = false;
      const since = (this.holdingSince ??= this.now());
      const limit = Math.min(MAX_HOLD_MS, Math.max(MIN_HOLD_MS, this.lastFlushMs));
      if (this.now() - since < limit) {
        setImmediate(this.flushAll);
        return;
      }
    }
    if (this.gate !== undefined && !this.gatePassed && !this.congestion) {
      const ticket = this.gate.ticket();
      if (ticket !== undefined) {
        this.gatePassed = true;
        const wait = ++this.gateWaits;
        this.gate.whenThrough(ticket, () => {
          if (wait === this.gateWaits) setImmediate(this.flushAll);
        });
        return;
      }
    }
    this.gateWaits++;
    this.holdRequested = false;
    this.gatePassed = false;
    this.holdingSince = undefined;
    this.scheduled = false;
    const batch = this.dirty;
    this.dirty = this.spare;
    const journalled = this.lines.length;
    const began = this.now();
    for (const target of batch) {
      target.flushMarked = false;
      target.flush(this.gatherer);
    }
    this.lastFlushMs = this.now() - began;
    batch.length = 0;
    this.spare = batch;
    // Every line journalled before this flush has been written; one put there meanwhile waits for the next.
    this.base += journalled;
    if (this.lines.length === journalled) this.lines.length = 0;
    else this.lines.splice(0, journalled);
    if (this.congestion) {
      this.congestion = false;
      const resume = this.afterFlushed;
      this.afterFlushed = [];
      // An immediate queued now runs in the next turn, after its poll phase.
      setImmediate(() => resume.forEach((r) => r()));
    }
  };
}
