import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullBucket, take, TokenBucket } from '../../src/net/token-bucket';

/** Takes one token per line at the given times (ms); what each take said. */
const run = (times: readonly number[], rate: number, burst: number) => {
  let bucket: TokenBucket = fullBucket(burst, 0);
  return times.map((now) => {
    const taken = take(bucket, now, rate, burst);
    bucket = taken.bucket;
    return taken;
  });
};

describe('token bucket', () => {
  it('lets a burst through at once, then one line per 1/rate s', () => {
    const takes = run([0, 0, 0], 10, 2);
    expect(takes.map((t) => t.ok)).toEqual([true, true, false]);
    expect(takes[2]).toMatchObject({ ok: false, waitMs: 100 });
  });

  it('says to notify on the first wait only, until the bucket has been full again', () => {
    // burst 2, rate 10/s: full again 200 ms after being emptied.
    const notified = (times: number[]) => run(times, 10, 2).map((t) => (t.ok ? 'ok' : t.notify ? 'notify' : 'wait'));
    // Flood: the first wait notifies, the next waits do not.
    expect(notified([0, 0, 0, 100, 100, 200, 200])).toEqual(['ok', 'ok', 'notify', 'ok', 'wait', 'ok', 'wait']);
    // A pause long enough to fill the bucket: the next flood is told again.
    expect(notified([0, 0, 0, 100, 300, 300, 300])).toEqual(['ok', 'ok', 'notify', 'ok', 'ok', 'ok', 'notify']);
    // A pause that leaves it short of full: not told again.
    expect(notified([0, 0, 0, 100, 250, 250, 250])).toEqual(['ok', 'ok', 'notify', 'ok', 'ok', 'wait', 'wait']);
  });

  it('with a burst of 1, the line that waited finding the one token does not count as full', () => {
    const notified = run([0, 0, 100, 100, 200, 500, 500], 10, 1).map((t) => (t.ok ? 'ok' : t.notify ? 'notify' : 'wait'));
    expect(notified).toEqual(['ok', 'notify', 'ok', 'wait', 'ok', 'ok', 'notify']);
  });

  it('rate 0 never waits', () => {
    expect(run([0, 0, 0, 0], 0, 1).every((t) => t.ok)).toBe(true);
  });

  it('over any schedule: at most one notice per run of waits, and never more lines than burst + rate × time', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 200 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 10 }), (gaps, rate, burst) => {
        let now = 0;
        let bucket = fullBucket(burst, 0);
        let passed = 0;
        let waiting = false;
        let noticeInRun = 0;
        for (const gap of gaps) {
          now += gap;
          const taken = take(bucket, now, rate, burst);
          bucket = taken.bucket;
          if (taken.ok) {
            passed++;
            waiting = false;
          } else {
            if (!waiting) noticeInRun = 0;
            waiting = true;
            if (taken.notify) noticeInRun++;
            expect(noticeInRun).toBeLessThanOrEqual(1);
          }
          expect(passed).toBeLessThanOrEqual(burst + (now * rate) / 1000 + 1e-9);
        }
      }),
    );
  });
});
