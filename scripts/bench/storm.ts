import { connect, Socket } from 'node:net';

export interface StormParams {
  /** Connections in all. */
  readonly clients: number;
  /** Opened at once; the next batch starts once all of these are welcomed. */
  readonly batch: number;
  /** The storm is over once no line has reached any client for this long. */
  readonly settleMs: number;
  /** How often the server's RSS is read while the storm lasts. */
  readonly sampleMs: number;
}

export interface StormResult {
  /** From the first connection to the last line any client received (the last join notices). */
  readonly seconds: number;
  /** The highest RSS read, every `sampleMs`, from the first connection until the storm settled. */
  readonly peakMB: number;
  /** RSS as soon as the storm settled (`settleMs` without a line). */
  readonly settledMB: number;
  readonly samples: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A join storm, as a reconnect after a restart looks: `clients` connections
 * opened `batch` at a time, each batch once the one before it is welcomed,
 * every client reading and dropping what it gets. The server's RSS is
 * sampled through the storm (`rssMB`) for its peak. Resolves with the
 * connections still open, for the caller to read the server at rest.
 */
export const runStorm = async (
  port: number,
  p: StormParams,
  rssMB: () => number,
): Promise<{ result: StormResult; sockets: Socket[] }> => {
  const sockets: Socket[] = [];
  let welcomed = 0;
  let lastData = 0;
  let peakMB = 0;
  let samples = 0;
  const sample = (): number => {
    const mb = rssMB();
    samples++;
    if (mb > peakMB) peakMB = mb;
    return mb;
  };
  const began = Date.now();
  lastData = began;
  const sampler = setInterval(sample, p.sampleMs);
  try {
    for (let i = 0; i < p.clients; i += p.batch) {
      for (let k = i; k < Math.min(p.clients, i + p.batch); k++) {
        const socket = connect({ port, host: '127.0.0.1' });
        socket.on('error', () => undefined);
        socket.once('data', () => welcomed++);
        socket.on('data', () => (lastData = Date.now()));
        sockets.push(socket);
      }
      const end = Date.now() + 120_000;
      while (welcomed < Math.min(p.clients, i + p.batch)) {
        if (Date.now() > end) throw new Error('bench: timed out waiting for welcomes');
        await sleep(2);
      }
    }
    while (Date.now() - lastData < p.settleMs) await sleep(Math.max(2, p.settleMs - (Date.now() - lastData)));
    const settledMB = sample();
    return { result: { seconds: (lastData - began) / 1000, peakMB, settledMB, samples }, sockets };
  } finally {
    clearInterval(sampler);
  }
};
