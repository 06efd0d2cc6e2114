/**
 * Flood control as a pure value: `burst` tokens, refilled at `rate` per
 * second, one taken per input line. A line that finds no token is not
 * dropped: the caller waits `waitMs` and stops reading meanwhile.
 */
export interface TokenBucket {
  readonly tokens: number;
  readonly at: number;
}

export type Take = { readonly ok: true; readonly bucket: TokenBucket } | { readonly ok: false; readonly waitMs: number };

export const fullBucket = (burst: number, now: number): TokenBucket => ({ tokens: burst, at: now });

export const take = (bucket: TokenBucket, now: number, rate: number, burst: number): Take => {
  if (rate <= 0) return { ok: true, bucket };
  const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * rate) / 1000);
  if (tokens >= 1) return { ok: true, bucket: { tokens: tokens - 1, at: now } };
  return { ok: false, waitMs: Math.ceil(((1 - tokens) * 1000) / rate) };
};
