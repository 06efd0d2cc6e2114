import { spawn } from 'node:child_process';
import { join as joinPath } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { SHARED_REDIS, uniqueCluster } from '../support/cluster';
import { useMain } from '../support/main-process';
import { WsTestClient } from '../support/ws-client';

const main = useMain();

const FIXTURES = joinPath(__dirname, '..', 'fixtures');
const CERT_FILE = joinPath(FIXTURES, 'localhost.crt');
const STUCK_CLIENT = joinPath(__dirname, '..', 'support', 'stuck-client.py');
const MAX_BACKLOG = 256 * 1024;

/** A member that joins and never reads again, with a 4 KiB receive buffer (a Python process: see stuck-client.py). */
const stuckClient = (port: number, mode: 'tcp' | 'tls' | 'ws'): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn('python3', [STUCK_CLIENT, String(port), mode, CERT_FILE], { stdio: ['pipe', 'pipe', 'inherit'] });
    stuck.push(() => child.kill());
    const timer = setTimeout(() => reject(new Error('the stuck client did not join within 10 s')), 10_000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      const addr = out.slice(0, end);
      resolve(`[${addr}]${addr}`);
    });
    child.once('exit', (code) => reject(new Error(`the stuck client exited with ${code}`)));
  });
const stuck: (() => void)[] = [];
afterEach(() => stuck.splice(0).forEach((kill) => kill()));

interface Member {
  readonly tag: string;
  next(deadlineMs?: number): Promise<string>;
}

interface Sender extends Member {
  /** Sends these lines at once (a paste, or a program writing as fast as it can). */
  burst(lines: readonly string[]): void;
}

const tcpSender = (client: TestClient): Sender => ({
  tag: client.tag,
  next: (ms) => client.next(ms),
  burst: (lines) => client.send(lines.map((l) => `${l}\n`).join('')),
});

const wsSender = (client: WsTestClient): Sender => ({
  tag: client.tag,
  next: (ms) => client.next(ms),
  // One message is one line (a browser sends what was typed); --max-line bounds a message.
  burst: (lines) => lines.forEach((l) => client.send(l)),
});

interface Burst {
  readonly bursts: number;
  readonly perBurst: number;
  readonly lineBytes: number;
}

const text = (n: number, lineBytes: number): string => {
  const head = `m${String(n).padStart(6, '0')} `;
  return head + 'x'.repeat(lineBytes - head.length);
};

/**
 * Reads until `member` has every chat line of the run, in order, and the
 * one notice that the stuck member was dropped; anything else fails.
 * Returns how many of each it saw.
 */
const collect = async (member: Member, sender: string, total: number, lineBytes: number, dropped: string) => {
  let chat = 0;
  let notices = 0;
  while (chat < total || notices === 0) {
    const line = await member.next(20_000);
    if (line === `${sender}: ${text(chat, lineBytes)}`) chat++;
    else if (line === dropped) notices++;
    else throw new Error(`after ${chat} of ${total} lines and ${notices} notices: ${line.slice(0, 120)}`);
  }
  return { chat, notices };
};

/**
 * The burst a program pastes: `bursts` times `perBurst` lines, every 20 ms
 * (about 25,000 lines a second for 500 lines of 200 bytes), from a sender
 * that reads everything it is sent, beside an observer that only reads and
 * a member that never reads. The stuck member alone is dropped; the two
 * others receive every line, in order; and a last line proves nothing else
 * (no second notice) came before it.
 */
const runBurst = async (sender: Sender, observer: Member, stuckTag: string, { bursts, perBurst, lineBytes }: Burst): Promise<void> => {
  const total = bursts * perBurst;
  const dropped = `*** ${stuckTag} was disconnected (too slow)`;
  const received = Promise.all([sender, observer].map((m) => collect(m, sender.tag, total, lineBytes, dropped)));
  for (let b = 0; b < bursts; b++) {
    sender.burst(Array.from({ length: perBurst }, (_, i) => text(b * perBurst + i, lineBytes)));
    // Pacing of the load, not a synchronisation: what is asserted is waited for above.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(await received).toEqual([
    { chat: total, notices: 1 },
    { chat: total, notices: 1 },
  ]);
  sender.burst(['end']);
  expect(await sender.next()).toBe(`${sender.tag}: end`);
  expect(await observer.next()).toBe(`${sender.tag}: end`);
};

const ISSUE_SCENARIO: Burst = { bursts: 40, perBurst: 500, lineBytes: 200 };

/**
 * The server as `npm start` runs it, in a process of its own: it must read
 * a burst in the large chunks a real sender's burst arrives in, not in the
 * turns of a test process it would share with its clients.
 */
const startServer = async (extra: readonly string[] = []): Promise<{ port: number; tlsPort?: number; webPort?: number }> => {
  const run = main(['--port', '0', '--rate', '0', '--max-backlog', String(MAX_BACKLOG), ...extra]);
  const listeners = 1 + extra.filter((flag) => flag === '--tls-port' || flag === '--web-port').length;
  const lines = await run.stdoutLines(listeners);
  const portOf = (pattern: RegExp): number | undefined => {
    const found = lines.map((l) => pattern.exec(l)).find((m) => m !== null);
    return found === undefined ? undefined : Number(found![1]);
  };
  return { port: portOf(/^listening on 127\.0\.0\.1:(\d+)$/)!, tlsPort: portOf(/:(\d+) \(tls\)$/), webPort: portOf(/:(\d+)\/ \(web\)$/) };
};

const opened: { destroy(): void }[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.destroy()));

const tcp = async (port: number): Promise<TestClient> => {
  const client = await TestClient.connect(port);
  opened.push(client);
  await client.take(2);
  return client;
};

describe('bursts: a member that keeps up is never taken for one that does not read', () => {
  const plainRoom = async (extra: readonly string[] = []) => {
    const { port } = await startServer(extra);
    const stuckTag = await stuckClient(port, 'tcp');
    const sender = await tcp(port);
    const observer = await tcp(port);
    expect(await sender.next()).toBe(`*** ${observer.tag} joined`);
    return { stuckTag, sender: tcpSender(sender), observer };
  };

  it('500 lines of 200 bytes every 20 ms, 20,000 in all: the reader and the observer get every one, the stuck member alone is dropped', async () => {
    const { stuckTag, sender, observer } = await plainRoom();
    await runBurst(sender, observer, stuckTag, ISSUE_SCENARIO);
  }, 60_000);

  it('bursts of 2,000 lines', async () => {
    const { stuckTag, sender, observer } = await plainRoom();
    await runBurst(sender, observer, stuckTag, { bursts: 10, perBurst: 2000, lineBytes: 200 });
  }, 60_000);

  it('lines of 1 KiB', async () => {
    const { stuckTag, sender, observer } = await plainRoom();
    await runBurst(sender, observer, stuckTag, { ...ISSUE_SCENARIO, lineBytes: 1024 });
  }, 60_000);

  it('over TLS', async () => {
    const { tlsPort } = await startServer(['--tls-port', '0', '--tls-cert', CERT_FILE, '--tls-key', joinPath(FIXTURES, 'localhost.key')]);
    const stuckTag = await stuckClient(tlsPort!, 'tls');
    const options = { ca: readFileSync(CERT_FILE), servername: 'localhost' };
    const sender = await TestClient.connectTls(tlsPort!, options);
    const observer = await TestClient.connectTls(tlsPort!, options);
    opened.push(sender, observer);
    await sender.take(3);
    await observer.take(2);
    await runBurst(tcpSender(sender), observer, stuckTag, ISSUE_SCENARIO);
  }, 60_000);

  it('over WebSocket', async () => {
    const { webPort } = await startServer(['--web-port', '0']);
    const stuckTag = await stuckClient(webPort!, 'ws');
    const sender = await WsTestClient.open(webPort!);
    const observer = await WsTestClient.open(webPort!);
    opened.push({ destroy: () => sender.close() }, { destroy: () => observer.close() });
    await sender.take(3);
    await observer.take(2);
    await runBurst(wsSender(sender), observer, stuckTag, ISSUE_SCENARIO);
  }, 60_000);

  it('in a two-node cluster: the stuck member and the sender on one node, the observer on the other', async () => {
    const cluster = ['--redis', SHARED_REDIS, '--cluster', uniqueCluster()];
    const one = await startServer(cluster);
    const two = await startServer(cluster);
    const stuckTag = await stuckClient(one.port, 'tcp');
    const sender = await tcp(one.port);
    const observer = await tcp(two.port);
    expect(await sender.next()).toBe(`*** ${observer.tag} joined`);
    await runBurst(tcpSender(sender), observer, stuckTag, ISSUE_SCENARIO);
  }, 60_000);
});
