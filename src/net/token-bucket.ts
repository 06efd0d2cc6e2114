/**
 * Flood control as a pure value: `burst` tokens, refilled at `rate` per
 * second, one taken per input line. A line that finds no token is not
 * dropped: the caller waits `waitMs` and stops reading meanwhile.
 *
 * The bucket also tells when to warn the client: `notify` is true for the
 * first wait of a run, that is the first since the bucket was last full.
 */
export interface TokenBucket {
  readonly tokens: number;
  readonly at: number;
  /** A line has waited since the bucket was last full: the client has been told. */
  readonly told: boolean;
  /** The last take found no token: the next one is for the line that waited. */
  readonly blocked: boolean;
}

export type Take =
  | { readonly ok: true; readonly bucket: TokenBucket }
  | { readonly ok: false; readonly bucket: TokenBucket; readonly waitMs: number; readonly notify: boolean };

export const fullBucket = (burst: number, now: number): TokenBucket => ({ tokens: burst, at: now, told: false, blocked: false });

export const take = (bucket: TokenBucket, now: number, rate: number, burst: number): Take => {
  if (rate <= 0) return { ok: true, bucket };
  // Tokens only grow between takes, so a bucket that was full at any moment
  // since the last take is full now. The take that ends a wait does not
  // count: with a burst of 1, the line that waited always finds it full.
  const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * rate) / 1000);
  if (tokens >= 1) {
    const refilled = tokens >= burst && !bucket.blocked;
    return { ok: true, bucket: { tokens: tokens - 1, at: now, told: bucket.told && !refilled, blocked: false } };
  }
  return {
    ok: false,
    bucket: bucket.told && bucket.blocked ? bucket : { ...bucket, told: true, blocked: true },
    waitMs: Math.ceil(((1 - tokens) * 1000) / rate),
    notify: !bucket.told,
  };
};
