/**
 * Gathers every connection that has output pending and writes each one once
 * per event-loop turn. One write system call per client per turn instead of
 * one per line is what makes fan-out fast on Node (see README, Speed).
 */
export interface Flushable {
  flush(): void;
}

export class Flusher {
  private dirty = new Set<Flushable>();
  private scheduled = false;

  mark(target: Flushable): void {
    this.dirty.add(target);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushAll);
    }
  }

  private readonly flushAll = (): void => {
    this.scheduled = false;
    const batch = this.dirty;
    this.dirty = new Set();
    for (const target of batch) target.flush();
  };
}
