/**
 * Joins a client's pending lines into one buffer for one write, in memory
 * that is reused from write to write. Most writes are taken by the kernel at
 * once and leave nothing behind, so the next client's lines can go where
 * they were; only a write that Node has to hold (the client is behind on
 * reading) keeps its bytes, and later lines go after them.
 *
 * A fresh buffer per write was measured to leave tens of MB of freed but
 * kept malloc memory after a crowd joined: thousands of them were alive at
 * once, waiting for a collection, amid the new connections' own allocations
 * (see docs/ARCHITECTURE.md, "Why output is written this way").
 */
export const SLAB_BYTES = 256 * 1024;

export class Gatherer {
  private slab = Buffer.alloc(0);
  private offset = 0;
  private start = 0;

  /** The parts copied into one buffer of `total` bytes, valid until `giveBack` or the next call. */
  gather(parts: readonly Buffer[], total: number): Buffer {
    this.begin(total);
    for (const part of parts) this.put(part);
    return this.end();
  }

  /** Starts a buffer of `total` bytes: `put` its parts in order, then `end` returns it (valid as `gather`'s). */
  begin(total: number): void {
    if (total > this.slab.length - this.offset) {
      this.slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, total));
      this.offset = 0;
    }
    this.start = this.offset;
  }

  /**
   * Copies with TypedArray's `set`, not `Buffer#copy`: copy validates its
   * arguments and wraps the source in a new Uint8Array for every part, and
   * this runs once per line per recipient.
   */
  put(part: Buffer): void {
    this.slab.set(part, this.offset);
    this.offset += part.length;
  }

  end(): Buffer {
    return this.slab.subarray(this.start, this.offset);
  }

  /** Nothing refers to `gathered`, the last buffer gathered, any more: its bytes may be overwritten. */
  giveBack(gathered: Buffer): void {
    if (gathered.buffer === this.slab.buffer && gathered.byteOffset + gathered.length === this.offset) {
      this.offset = gathered.byteOffset;
    }
  }
}
