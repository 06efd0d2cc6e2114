import { readFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { IDLE_REST_MS } from './load';
import { RunningServer } from './servers';

/** Descriptors a process keeps for itself beside its connections (stdio, libuv, the listener, a log). */
const OWN_FILES = 200;
const WAVE = 250;

export interface ScaleResult {
  /** Connections asked for, and made (fewer where the limit on open files is lower). */
  readonly asked: number;
  readonly connections: number;
  readonly fileLimit: number | undefined;
  readonly admitSeconds: number;
  /** The server's RSS idle before the first connection, and at rest with all of them (MB). */
  readonly idleRssMB: number;
  readonly restRssMB: number;
  /** One chat line from the first connection: how long until the last member had it. */
  readonly fanoutMs: number;
  /** Members that did not get the line. */
  readonly missed: number;
}

/** The soft limit on open files of this process (Linux's /proc); undefined where unknown. */
export const fileLimit = (): number | undefined => {
  try {
    const found = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return found === null ? undefined : Number(found[1]);
  } catch {
    return undefined;
  }
};

const until = async (check: () => boolean, what: string, deadlineMs: number): Promise<void> => {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const MARKER = 'scale-fanout-marker';

/**
 * `asked` idle connections to a server started with `--max-per-ip 0` and
 * `--max-clients` at least `asked`, from the loopback addresses 127.0.0.2 …
 * 127.0.0.255 in turn (each has its own ephemeral ports, so they do not run
 * out), in waves of 250, each wave once the one before is welcomed. Every
 * member reads (and drops) what it gets. Both processes need a descriptor
 * per connection: where the limit on open files (the server runs with the
 * bench's) is below `asked`, as many as it allows are made, and the result
 * says so. All are in #lobby, so admitting N members sends N²/2 join notices.
 */
export const runScale = async (server: RunningServer, asked: number): Promise<ScaleResult> => {
  const limit = fileLimit();
  const count = limit === undefined ? asked : Math.min(asked, limit - OWN_FILES);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idleRssMB = server.rss().now;
  const sockets: Socket[] = [];
  let welcomed = 0;
  let got = 0;
  let lastGotAt = 0;
  let lastData = Date.now();
  const began = performance.now();
  for (let i = 0; i < count; i += WAVE) {
    await until(() => welcomed >= i, 'welcomes', 1_800_000);
    for (let k = i; k < Math.min(count, i + WAVE); k++) {
      const socket = connect({ port: server.port, host: '127.0.0.1', localAddress: `127.0.0.${2 + (k % 254)}` });
      let marked = false;
      socket.on('error', () => undefined);
      socket.once('data', () => welcomed++);
      socket.on('data', (chunk: Buffer) => {
        lastData = Date.now();
        if (!marked && chunk.includes(MARKER)) {
          marked = true;
          got++;
          lastGotAt = performance.now();
        }
      });
      sockets.push(socket);
    }
  }
  await until(() => welcomed >= count, 'welcomes', 1_800_000);
  const admitSeconds = (performance.now() - began) / 1000;
  await until(() => Date.now() - lastData > 1000, 'join notices to settle', 1_800_000);
  await new Promise((resolve) => setTimeout(resolve, IDLE_REST_MS));
  const restRssMB = server.rss().now;
  const sentAt = performance.now();
  sockets[0]!.write(`${MARKER}\n`);
  await until(() => got >= count || performance.now() - sentAt > 30_000, 'the line at every member', 31_000);
  const fanoutMs = lastGotAt - sentAt;
  sockets.forEach((s) => s.destroy());
  return { asked, connections: count, fileLimit: limit, admitSeconds, idleRssMB, restRssMB, fanoutMs, missed: count - got };
};
