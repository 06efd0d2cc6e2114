/**
 * npm run soak [-- --minutes 5]
 * A long mixed run against a server in its own process: chatters, idlers
 * (kicked and back), churners (connect, maybe talk, quit, close or reset),
 * flooders (bursts past the rate) and slow readers (never read, get dropped,
 * come back). Prints the server's RSS and event-loop delay over time, and at
 * the end every lost or reordered line seen by the chatters.
 *
 * Then a burst phase (`--burst-minutes`, default 3; 0 skips it) on a second
 * server started with `--rate 0`: 500 lines of 200 bytes every 20 ms from a
 * sender that reads everything, beside readers and members that never read;
 * it reports lines lost, members wrongly dropped (both must be 0) and RSS.
 */
import { spawn } from 'node:child_process';
import { LineClient } from './soak/line-client';
import { OrderCheck } from './soak/order-check';
import { BURST_BYTES, BURST_EVERY_MS, BURST_LINES, runBurstPhase } from './soak/burst-phase';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MINUTES = arg('minutes', 5);
const BURST_MINUTES = arg('burst-minutes', 3);
const BURST_READERS = 5;
const BURST_STUCK = 2;
const BURST_MAX_BACKLOG = 256 * 1024;
const CHATTERS = arg('chatters', 20);
const IDLERS = arg('idlers', 10);
const CHURN_PER_S = arg('churn', 20);
const FLOODERS = arg('flooders', 2);
const SLOW = arg('slow', 2);
const INTERVAL_MS = 10_000;
const IDLE_TIMEOUT_S = 15;

interface Vitals {
  rssMB: number;
  heapMB: number;
  loopP50ms: number;
  loopP99ms: number;
  loopMaxMs: number;
  connections: number;
  members: number;
  pipelines: number;
}

const MIXED_FLAGS = ['--idle-timeout', String(IDLE_TIMEOUT_S), '--max-backlog', String(256 * 1024)];

const startServer = (flags: readonly string[]): Promise<{ port: number; vitals: Vitals[]; stop: () => Promise<number | null> }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', require.resolve('./soak/server.js'), '--port', '0', ...flags],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SOAK_INTERVAL_MS: String(INTERVAL_MS) } },
    );
    const vitals: Vitals[] = [];
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const listening = /^listening on .*:(\d+)$/.exec(line);
        if (listening) {
          resolve({
            port: Number(listening[1]),
            vitals,
            stop: () => {
              child.kill('SIGTERM');
              return exited;
            },
          });
        } else if (line.startsWith('{')) {
          vitals.push(JSON.parse(line) as Vitals);
          report(vitals.at(-1)!);
        }
      }
    });
    void exited.then((code) => reject(new Error(`server exited early (${code})`)));
  });

const began = Date.now();
let deliveredInWindow = 0;
const report = (v: Vitals): void => {
  const t = ((Date.now() - began) / 1000).toFixed(0).padStart(4);
  process.stdout.write(
    `${t}s  rss ${v.rssMB.toFixed(1).padStart(6)} MB  heap ${v.heapMB.toFixed(1).padStart(5)} MB  ` +
      `loop p50 ${v.loopP50ms.toFixed(1)} p99 ${v.loopP99ms.toFixed(1)} max ${v.loopMaxMs.toFixed(0)} ms  ` +
      `conns ${String(v.connections).padStart(4)}  members ${String(v.members).padStart(4)}  ` +
      `deliveries ${String(deliveredInWindow).padStart(7)}\n`,
  );
  deliveredInWindow = 0;
};

/** Least-squares slope of RSS in MB per minute. */
const slopePerMinute = (samples: readonly number[]): number => {
  const n = samples.length;
  if (n < 2) return 0;
  const xs = samples.map((_, i) => (i * INTERVAL_MS) / 60_000);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = samples.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (samples[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return num / den;
};

const TAGGED = /^\[([^\]]+)\]\S*: soak (\d+) /;

/** RSS over a phase: first, peak, last, and the trend after its first third. */
const rssSummary = (vitals: readonly Vitals[]): string => {
  const rss = vitals.map((v) => v.rssMB);
  const third = Math.floor(rss.length / 3);
  return `first ${rss[0]?.toFixed(1)} MB, peak ${Math.max(...rss).toFixed(1)} MB, last ${rss.at(-1)?.toFixed(1)} MB; trend after the first third ${slopePerMinute(rss.slice(third)).toFixed(2)} MB/min`;
};

const burstPhase = async (): Promise<boolean> => {
  const server = await startServer(['--rate', '0', '--max-backlog', String(BURST_MAX_BACKLOG)]);
  process.stdout.write(
    `\nburst phase: ${BURST_MINUTES} min, ${BURST_LINES} lines of ${BURST_BYTES} bytes every ${BURST_EVERY_MS} ms from a sender that reads, ` +
      `${BURST_READERS} readers, ${BURST_STUCK} members that never read (--rate 0 --max-backlog ${BURST_MAX_BACKLOG})\n`,
  );
  const r = await runBurstPhase(server.port, BURST_MINUTES, BURST_READERS, BURST_STUCK, () => deliveredInWindow++);
  const code = await server.stop();
  process.stdout.write(
    `\nburst phase done: ${r.sent} lines sent, ${r.received} checked by ${BURST_READERS} readers; lost ${r.lost}, reordered ${r.reordered}, ` +
      `members wrongly dropped ${r.wronglyDropped}, members that never read dropped ${r.stuckDropped} (of ${r.stuckJoined} that joined)\n` +
      `server RSS: ${rssSummary(server.vitals)}; server exit code ${code}\n`,
  );
  return r.lost === 0 && r.reordered === 0 && r.wronglyDropped === 0 && r.received === r.sent * BURST_READERS && code === 0;
};

const main = async (): Promise<void> => {
  const mixedOk = MINUTES > 0 ? await mixedPhase() : true;
  const burstOk = BURST_MINUTES > 0 ? await burstPhase() : true;
  process.exit(mixedOk && burstOk ? 0 : 1);
};

const mixedPhase = async (): Promise<boolean> => {
  const server = await startServer(MIXED_FLAGS);
  const { port } = server;
  process.stdout.write(
    `soak: ${MINUTES} min, ${CHATTERS} chatters, ${IDLERS} idlers, ${CHURN_PER_S} churn/s, ${FLOODERS} flooders, ${SLOW} slow readers\n`,
  );
  const sent = new Map<string, number>();
  const checks: OrderCheck[] = [];
  const timers: NodeJS.Timeout[] = [];
  let running = true;
  const counters = { churned: 0, idleKicks: 0, slowDrops: 0, unexpectedCloses: 0 };

  // Chatters and flooders stay for the whole run; every chatter checks every tagged line.
  const tagged = (name: string, onClosed: () => void, check?: OrderCheck, countNotices = false): LineClient => {
    let last = '';
    return new LineClient(
      port,
      (line) => {
        last = line;
        if (countNotices && line.startsWith('*** ') && line.endsWith(' was disconnected (too slow)')) counters.slowDrops++;
        const m = TAGGED.exec(line);
        if (m && check) {
          check.see(m[1]!, Number(m[2]));
          deliveredInWindow++;
        }
      },
      () => {
        if (running) process.stdout.write(`${name} closed; its last line: ${last.slice(0, 120)}\n`);
        onClosed();
      },
    );
  };
  const sendTagged = (client: LineClient, lines: number, pad: number): void => {
    let text = '';
    for (let i = 0; i < lines; i++) {
      const seq = sent.get(client.addr) ?? 0;
      sent.set(client.addr, seq + 1);
      text += `soak ${seq} ${'x'.repeat(pad)}\n`;
    }
    client.send(text);
  };

  const chatters = Array.from({ length: CHATTERS }, (_, i) => {
    const check = new OrderCheck();
    checks.push(check);
    return tagged('chatter', () => running && counters.unexpectedCloses++, check, i === 0);
  });
  const flooders = Array.from({ length: FLOODERS }, () => tagged('flooder', () => running && counters.unexpectedCloses++));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  chatters.forEach((c, i) => {
    timers.push(setTimeout(() => timers.push(setInterval(() => sendTagged(c, 1, 150), 250)), i * 12));
  });
  // 80 lines of 2 KB every 10 s: a burst of 50 passes, 30 are paced; 8 lines/s on average, under the rate.
  flooders.forEach((f, i) => {
    timers.push(setTimeout(() => timers.push(setInterval(() => sendTagged(f, 80, 2000), 10_000)), 500 + i * 3000));
  });

  const idler = (): void => {
    if (!running) return;
    new LineClient(port, (line) => line.startsWith('!!! Idle') && counters.idleKicks++, () => setTimeout(idler, 100));
  };
  for (let i = 0; i < IDLERS; i++) idler();

  // Slow readers send now and then (so they are not idle) but never read:
  // the server must drop them once their backlog passes the limit.
  const slowReader = (): void => {
    if (!running) return;
    const c = new LineClient(port, () => undefined, () => setTimeout(slowReader, 500));
    c.socket.once('data', () => c.socket.pause());
    const poke = setInterval(() => (c.socket.destroyed ? clearInterval(poke) : c.send('/who\n')), 5000);
    timers.push(poke);
  };
  for (let i = 0; i < SLOW; i++) slowReader();

  timers.push(
    setInterval(() => {
      for (let i = 0; i < CHURN_PER_S / 10; i++) {
        const n = counters.churned++;
        const c = new LineClient(port, () => undefined, () => undefined);
        c.socket.once('data', () => {
          if (n % 4 === 0) c.send('hello and goodbye\nquit\n');
          else if (n % 4 === 1) c.socket.end('/nick churn' + n + '\n');
          else if (n % 4 === 2) c.socket.resetAndDestroy();
          else c.send('/who\n/quit churning\n');
        });
      }
    }, 100),
  );

  await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
  timers.forEach((t) => clearInterval(t));
  // Let paced and in-flight lines arrive before counting what is missing.
  await new Promise((resolve) => setTimeout(resolve, 8000));
  running = false;
  const lost = checks.reduce((a, c) => a + c.lost + c.missingAtEnd(sent), 0);
  const reordered = checks.reduce((a, c) => a + c.reordered, 0);
  const received = checks.reduce((a, c) => a + c.received, 0);
  const rss = server.vitals.map((v) => v.rssMB);
  const heap = server.vitals.map((v) => v.heapMB);
  const third = Math.floor(rss.length / 3);
  const code = await server.stop();
  process.stdout.write(
    `\nsoak done: ${received} tagged lines checked by ${CHATTERS} chatters; lost ${lost}, reordered ${reordered}\n` +
      `churned connections ${counters.churned}, idle kicks ${counters.idleKicks}, slow readers dropped ${counters.slowDrops}, ` +
      `unexpected closes ${counters.unexpectedCloses}\n` +
      `server RSS: first ${rss[0]?.toFixed(1)} MB, peak ${Math.max(...rss).toFixed(1)} MB, last ${rss.at(-1)?.toFixed(1)} MB; ` +
      `trend after the first third ${slopePerMinute(rss.slice(third)).toFixed(2)} MB/min\n` +
      `server heap: first ${heap[0]?.toFixed(1)} MB, peak ${Math.max(...heap).toFixed(1)} MB, last ${heap.at(-1)?.toFixed(1)} MB; ` +
      `trend after the first third ${slopePerMinute(heap.slice(third)).toFixed(2)} MB/min; server exit code ${code}\n`,
  );
  return lost === 0 && reordered === 0 && counters.unexpectedCloses === 0 && code === 0;
};

void main();
