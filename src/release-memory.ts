import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the process looks at itself. */
const CHECK_MS = 2000;
/** Busy less than this share of a check interval counts as quiet. */
const QUIET_UTILIZATION = 0.05;
/**
 * How long the loop must have been quiet. V8 gives the young generation's
 * reserve back in a full collection only once it judges the program's
 * allocation rate low; a collection right after a burst frees the burst's
 * objects but keeps that reserve (tens of MB). When even this one comes too
 * soon for V8, its own memory reducer gives the reserve back about 8 s later
 * (seen with --trace-gc-nvp: a reduce_memory=1 collection).
 */
const QUIET_FOR_MS = 6000;
/** Collect only when the heap holds at least this much more memory than its low mark. */
const GROWTH_BYTES = 16 * 2 ** 20;

export interface Reading {
  /** How long the event loop has been quiet (under 5% busy in every check interval). */
  readonly quietForMs: number;
  /** Memory the JS heap holds now (V8's heapTotal): live objects, garbage and free pages. */
  readonly heapHeld: number;
  /** The least the heap has held since the last collection, or right after it. */
  readonly baseline: number;
}

/**
 * A full collection pays off only once activity has stopped after the heap
 * grew. Growth is judged by what the heap holds, not by what is in use: a
 * burst grows the young generation's reserve, which stays held after its
 * objects are gone, and gives it back only in a full collection.
 */
export const shouldCollect = ({ quietForMs, heapHeld, baseline }: Reading): boolean =>
  quietForMs >= QUIET_FOR_MS && heapHeld - baseline >= GROWTH_BYTES;

/**
 * V8 collects garbage only while the program allocates, so after a burst
 * (a crowd joining, a flood) a server that goes quiet keeps the heap the
 * burst grew, hundreds of MB with thousands of clients, for as long as it
 * stays quiet. This runs a full collection when the event loop has been
 * nearly idle for QUIET_FOR_MS and the heap has grown; the freed pages go
 * back to the system. It never runs while the server is busy, so it costs
 * the chat nothing.
 */
export const releaseMemoryWhenQuiet = (): (() => void) => {
  const gc = fullCollector();
  if (gc === undefined) return () => undefined;
  // The first collection frees objects and picks fragmented pages to
  // evacuate; the second compacts them, so whole pages can be given back.
  const collect = (): void => {
    gc();
    gc();
  };
  let baseline = heapHeld();
  let since = performance.eventLoopUtilization();
  let quietForMs = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, since).utilization;
    since = now;
    quietForMs = busy < QUIET_UTILIZATION ? quietForMs + CHECK_MS : 0;
    const held = heapHeld();
    if (shouldCollect({ quietForMs, heapHeld: held, baseline })) {
      collect();
      baseline = heapHeld();
      since = performance.eventLoopUtilization();
    } else {
      baseline = Math.min(baseline, held);
    }
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * The heap V8 holds, from V8 itself: process.memoryUsage() reads /proc and
 * throws once the process is out of file descriptors, which is no reason to stop.
 */
const heapHeld = (): number => getHeapStatistics().total_heap_size;

/** V8's full collection, as `node --expose-gc` gives it; undefined where it cannot be had. */
const fullCollector = (): (() => void) | undefined => {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
};
