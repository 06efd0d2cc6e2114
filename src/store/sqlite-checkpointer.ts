import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies the write-ahead log into the database file. */
export const CHECKPOINT_EVERY_MS = 1000;

/**
 * Checkpoints an SQLite database in WAL mode from a thread of its own.
 *
 * SQLite's automatic checkpoint runs inside the commit that fills the log
 * past 1000 pages, on the thread that commits: the server's event loop. It
 * copies the log into the database file and syncs it, and every member's
 * output waits meanwhile (docs/PERFORMANCE.md, "With a store": the p99
 * went from 2.68x to 1.13x a server's without a store with the automatic
 * checkpoint off). So the server's connection turns it off, and this thread
 * runs a PASSIVE checkpoint on its own connection every `everyMs`: it never
 * waits for the writer, the writer never waits for it, and once it has
 * copied everything the writer starts the log again from its beginning, so
 * the log stays about one interval's commits long. Durability is the log's,
 * as before: a commit is in the log before the writer returns.
 */
export interface Checkpointer {
  /** Resolves once the thread has made its first checkpoint (for tests). */
  readonly started: Promise<void>;
  /** How many checkpoints the thread has made. */
  readonly count: () => number;
  readonly stop: () => Promise<void>;
}

// The worker is plain JavaScript, so it runs the same under ts-node, vitest and the compiled server.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 1000 });
const run = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage('checkpoint');
  } catch (err) {
    parentPort.postMessage(String(err && err.message));
  }
};
run();
const timer = setInterval(run, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export const startCheckpointer = (file: string, everyMs: number = CHECKPOINT_EVERY_MS): Checkpointer => {
  const worker = new Worker(WORKER, { eval: true, workerData: { file, everyMs, driver: require.resolve('better-sqlite3') } });
  // Not a reason to keep the process alive: the server's own handles are.
  worker.unref();
  let count = 0;
  let first: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (first = resolve));
  worker.on('message', (message) => {
    if (message !== 'checkpoint') return;
    count++;
    first();
  });
  // A checkpoint that fails (the disk full, say) is tried again at the next interval; the log only grows meanwhile.
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    started,
    count: () => count,
    stop: async () => {
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      await worker.terminate();
    },
  };
};
