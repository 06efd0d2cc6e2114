import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { MainRun, useMain } from '../support/main-process';
import { usePostgresSchemas } from '../support/postgres';

const run = useMain();
const freshSchema = usePostgresSchemas();

const portOf = async (r: MainRun): Promise<number> => {
  const [listening] = await r.stdoutLines(1);
  return Number(/:(\d+)$/.exec(listening!)![1]);
};

/** Whether `part` appears in `whole` in the same order (not necessarily together). */
const inOrderWithin = (part: readonly string[], whole: readonly string[]): boolean => {
  let at = 0;
  for (const line of part) {
    at = whole.indexOf(line, at);
    if (at < 0) return false;
    at++;
  }
  return true;
};

const CHAT = /^\[[^\]]+\][^:]+: /;

/** The same test for each store: an SQLite file, and a fresh schema of the machine's PostgreSQL. */
const stores: readonly (readonly [string, () => string])[] = [
  ['SQLite', () => join(mkdtempSync(join(tmpdir(), 'rxchat-crash-')), 'chat.db')],
  ['PostgreSQL', freshSchema],
];

describe.each(stores)('durable before delivered (%s)', (_, freshData) => {
  it('after SIGKILL mid-stream, every line any client received is in /history in delivery order, and every acknowledged registration holds', async () => {
    const data = freshData();
    const args = ['--port', '0', '--rate', '0', '--data', data, '--keep', '100000', '--max-backlog', '100000000'];
    const first = run(args);
    const port = await portOf(first);
    const clients = await Promise.all([1, 2, 3].map(() => TestClient.connect(port)));
    await Promise.all(clients.map((c) => c.take(2)));
    clients.forEach((c, i) => {
      c.line(`/nick writer${i}`);
      c.line('/register s3cret-pass');
    });
    await Promise.all(clients.map((c) => c.nextLike(/is now registered/, 10_000)));
    const acknowledged: string[] = [];
    // Each client streams chat; one more registration goes in mid-stream.
    const stream = (c: TestClient, i: number): void => {
      for (let n = 0; n < 3000; n++) {
        c.line(`line ${i}-${n}`);
        if (i === 0 && n === 500) c.line('/nick late');
        if (i === 0 && n === 501) c.line('/register s3cret-pass');
      }
    };
    clients.forEach(stream);
    // Kill once a few hundred lines are through.
    const watcher = clients[2]!;
    let seen = 0;
    while (seen < 600) if (CHAT.test(await watcher.next(10_000))) seen++;
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(clients.map((c) => c.closed));
    const received = clients.map((c) => c.raw.map((l) => l.replace(/\r?\n$/, '')));
    for (const lines of received) {
      for (const line of lines) {
        const m = /^--- (\S+) is now registered/.exec(line);
        if (m !== null) acknowledged.push(m[1]!);
      }
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);

    const second = run(args);
    const port2 = await portOf(second);
    const reader = await TestClient.connect(port2);
    await reader.nextLike(/^--- Welcome/, 10_000);
    await reader.nextLike(/joined$/, 10_000);
    reader.line('/history 100000');
    expect(await reader.nextLike(/^--- (Recent|No) messages/, 10_000)).toBe('--- Recent messages in #lobby:');
    const history: string[] = [];
    for (;;) {
      const line = await reader.next(10_000);
      if (line === '--- End of recent messages') break;
      history.push(line);
    }
    for (const lines of received) {
      const chat = lines.filter((l) => CHAT.test(l));
      expect(chat.length).toBeGreaterThan(0);
      expect(inOrderWithin(chat, history)).toBe(true);
    }
    for (const name of acknowledged) {
      reader.line(`/login ${name} s3cret-pass`);
      expect(await reader.nextLike(/^(--- Logged in|!!! )/, 10_000)).toBe(`--- Logged in as ${name}`);
    }
    reader.destroy();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);
});
