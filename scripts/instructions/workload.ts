/**
 * The fixed workload `npm run instructions` counts (scripts/instructions.ts
 * runs it under callgrind): the real server (startChatServer, with the
 * flags given on the command line after the usual `--rate 0 --idle-timeout 0`,
 * and the JSON log at its level, written to stderr as `npm start` writes it)
 * fed through an in-process listener of fake sockets that take every byte
 * at once. MEMBERS members join, then every turn SENDERS of them send
 * WINDOW chat lines of LINE_BYTES bytes each (one read apiece), and the turn
 * ends when the flusher has written. No network and no real time: the
 * clocks the server reads (Date.now, performance.now) advance 1 ms a
 * reading, so its holds for arriving connections and everything that
 * depends on them, down to the JIT's decisions, are the same every run.
 *
 * usage: node workload.js TURNS [server flags...]
 * Prints one JSON line: the lines sent, the deliveries and the writes counted
 * by the fake sockets, so the driver can check the work was all done.
 */
import { Subject } from 'rxjs';
import * as E from 'fp-ts/Either';
import { startChatServer } from '../../src/chat-server';
import { decodeConfig } from '../../src/config/decode';
import { Accepted } from '../../src/net/accept';
import { ByteSocket } from '../../src/net/byte-socket';
import { Listener } from '../../src/net/listener';
import { stderrLog } from '../../src/observe/logger';
import { LINE_BYTES, MEMBERS, SENDERS, WARM_TURNS, WINDOW } from './shape';


/** A socket whose kernel takes everything: it counts what it is given. */
class SinkSocket implements ByteSocket {
  readonly writableLength = 0;
  destroyed = false;
  bytes = 0;
  writes = 0;
  private onData: ((chunk: Buffer) => void) | undefined;
  private onClose: (() => void) | undefined;

  constructor(readonly remoteAddress: string) {}

  setNoDelay(): void {}
  pause(): void {}
  resume(): void {}
  on(event: 'data' | 'error' | 'close' | 'end', listener: ((chunk: Buffer) => void) | (() => void)): void {
    if (event === 'data') this.onData = listener as (chunk: Buffer) => void;
    if (event === 'close') this.onClose = listener as () => void;
  }
  write(bytes: Uint8Array | string): boolean {
    this.bytes += bytes.length;
    this.writes++;
    return true;
  }
  end(): void {
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    setImmediate(() => this.onClose?.());
  }
  /** Bytes from the client, as one read. */
  receive(chunk: Buffer): void {
    this.onData?.(chunk);
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Replaces the clocks with ones that advance 1 ms a reading. */
const fakeClocks = (): void => {
  let wall = Date.UTC(2026, 0, 1);
  let monotonic = 0;
  Date.now = () => (wall += 1);
  performance.now = () => (monotonic += 1);
};

const main = async (): Promise<void> => {
  fakeClocks();
  const [turnsArg, ...flags] = process.argv.slice(2);
  const turns = Number(turnsArg);
  const decoded = decodeConfig(['--rate', '0', '--idle-timeout', '0', ...flags], {});
  if (E.isLeft(decoded) || decoded.right.kind !== 'run') throw new Error(`workload: bad flags: ${flags.join(' ')}`);
  const config = decoded.right.config;
  const log = stderrLog(config.logLevel);
  const accepted$ = new Subject<Accepted>();
  const inProcess: Listener = { transport: 'tcp', accepted$, listen: () => Promise.resolve(0), close: () => Promise.resolve() };
  const server = await startChatServer(config, { logger: log.logger, listeners: [inProcess] });

  // Every addr the same length, so every delivery of a line is the same number of bytes.
  const sockets = Array.from({ length: MEMBERS }, (_, i) => new SinkSocket(`10.0.${Math.floor(i / 100)}.${100 + (i % 100)}`));
  sockets.forEach((socket, i) => accepted$.next({ socket, addr: `${socket.remoteAddress}:${40000 + i}`, transport: 'tcp' }));
  // The flusher holds output while connections arrive (for up to 250 clock readings here): let it all out.
  while (server.stats().members < MEMBERS) await nextTurn();
  for (let t = 0; t < 300; t++) await nextTurn();

  const pad = 'x'.repeat(LINE_BYTES);
  const seq = new Int32Array(SENDERS);
  const turn = async (): Promise<void> => {
    for (let s = 0; s < SENDERS; s++) {
      let chunk = '';
      for (let w = 0; w < WINDOW; w++) {
        const head = `b ${s} ${seq[s]!++} `;
        chunk += `${head}${pad.slice(head.length)}\n`;
      }
      sockets[s]!.receive(Buffer.from(chunk));
    }
    await nextTurn();
  };
  for (let t = 0; t < WARM_TURNS; t++) await turn();
  const before = { bytes: sockets.reduce((a, s) => a + s.bytes, 0), writes: sockets.reduce((a, s) => a + s.writes, 0) };
  for (let t = 0; t < turns; t++) await turn();
  const after = { bytes: sockets.reduce((a, s) => a + s.bytes, 0), writes: sockets.reduce((a, s) => a + s.writes, 0) };

  const lines = turns * SENDERS * WINDOW;
  // `[addr]addr: text` and LF, to every member, the sender included.
  const lineOut = 2 + 2 * `${sockets[0]!.remoteAddress}:40000`.length + 2 + LINE_BYTES + 1;
  const result = { turns, lines, deliveries: (after.bytes - before.bytes) / lineOut, expected: lines * MEMBERS, writes: after.writes - before.writes };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await server.shutdown();
  await log.close();
  process.exit(0);
};

void main();
