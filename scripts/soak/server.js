// The server under soak, compiled (npm run build), in its own process so its
// RSS is the server's alone, without ts-node's compiler in memory. Prints
// `listening on HOST:PORT`, then one JSON line of vital signs per interval.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { startChatServer } = require('../../dist/chat-server');
const { decodeConfig } = require('../../dist/config/decode');

const INTERVAL_MS = Number(process.env.SOAK_INTERVAL_MS || 10000);

const main = async () => {
  const decoded = decodeConfig(process.argv.slice(2), {});
  if (decoded._tag === 'Left' || decoded.right.kind !== 'run') throw new Error('bad soak server flags');
  const chat = await startChatServer(decoded.right.config);
  process.stdout.write(`listening on ${chat.host}:${chat.port}\n`);
  // The histogram records whole timer periods; subtracting the period leaves the delay.
  const RESOLUTION_MS = 10;
  const late = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  setInterval(() => {
    // With --expose-gc, measure what is live, not what the collector has yet to reclaim.
    if (global.gc) global.gc();
    const memory = process.memoryUsage();
    const vitals = {
      rssMB: memory.rss / 2 ** 20,
      heapMB: memory.heapUsed / 2 ** 20,
      loopP50ms: late(delay.percentile(50)),
      loopP99ms: late(delay.percentile(99)),
      loopMaxMs: late(delay.max),
      ...chat.stats(),
    };
    process.stdout.write(`${JSON.stringify(vitals)}\n`);
    delay.reset();
  }, INTERVAL_MS);
  process.on('SIGTERM', () => void chat.shutdown().then(() => process.exit(0)));
};

void main();
