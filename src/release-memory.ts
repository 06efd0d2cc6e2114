import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the process looks at itself. */
const CHECK_MS = 2000;
/** Busy less than this share of the last check interval counts as quiet. */
const QUIET_UTILIZATION = 0.05;
/** Collect only when the heap has grown at least this much since the last look at live memory. */
const GROWTH_BYTES = 16 * 2 ** 20;

export interface Reading {
  /** Share of the last interval the event loop was busy, 0 to 1. */
  readonly busy: number;
  /** Heap in use now, live and garbage. */
  readonly heapUsed: number;
  /** The lowest heap in use seen since the last collection: about what is live. */
  readonly baseline: number;
}

/** A full collection pays off only once activity has stopped after the heap grew. */
export const shouldCollect = ({ busy, heapUsed, baseline }: Reading): boolean =>
  busy < QUIET_UTILIZATION && heapUsed - baseline >= GROWTH_BYTES;

/**
 * V8 collects garbage only while the program allocates, so after a burst
 * (a crowd joining, a flood) a server that goes quiet keeps the heap the
 * burst grew, hundreds of MB with thousands of clients, for as long as it
 * stays quiet. This runs a full collection when the event loop has been
 * nearly idle for a check interval and the heap has grown since; the freed
 * pages go back to the system a moment later. It never runs while the server
 * is busy, so it costs the chat nothing.
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
  let baseline = process.memoryUsage().heapUsed;
  let since = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, since).utilization;
    since = now;
    const heapUsed = process.memoryUsage().heapUsed;
    if (shouldCollect({ busy, heapUsed, baseline })) {
      collect();
      baseline = process.memoryUsage().heapUsed;
      since = performance.eventLoopUtilization();
    } else {
      baseline = Math.min(baseline, heapUsed);
    }
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
};

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
