/** Latencies in 10 µs buckets up to 10 s: constant memory however many deliveries are counted. */
const BUCKET_US = 10;
const BUCKETS = 1_000_000;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  private total = 0;
  private maxUs = 0;

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.maxUs = 0;
  }

  record(us: number): void {
    const bucket = Math.min(BUCKETS, Math.max(0, Math.floor(us / BUCKET_US)));
    this.counts[bucket]!++;
    this.total++;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** The latency in ms below which `p` percent of the recorded ones fall. */
  percentile(p: number): number {
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank && seen > 0) return ((i + 1) * BUCKET_US) / 1000;
    }
    return 0;
  }

  get maxMs(): number {
    return this.maxUs / 1000;
  }
}
