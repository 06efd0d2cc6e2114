import { connect, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { TestClient } from '../support/client';
import { floodUntilDropped } from '../support/flood';
import { useChatServers } from '../support/server';

/** Active Node timers: a leak shows up as a count that does not come back down. */
const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Resolves when `check` holds, polling each turn of the event loop, or rejects at the deadline. */
const eventually = async (check: () => boolean, what: string, deadlineMs = 10_000): Promise<void> => {
  const until = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** The who list, skipping the notices that arrived before it. */
const who = async (client: TestClient): Promise<string[]> => {
  client.line('/who');
  for (;;) {
    const header = /^--- (\d+) users in #lobby:$/.exec(await client.next(10_000));
    if (header) return client.take(Number(header[1]));
  }
};

describe('stress on real sockets', () => {
  const { start, join, joinAll } = useChatServers();

  it('20 clients × 200 messages: everyone gets all 4000 in one identical order, each sender in order', async () => {
    const server = await start();
    const clients: TestClient[] = [];
    for (let i = 0; i < 20; i++) {
      const c = await join(server);
      for (const earlier of clients) await earlier.next();
      clients.push(c);
    }
    clients.forEach((c, s) => {
      for (let m = 0; m < 200; m++) c.line(`s${s} m${m}`);
    });
    const received = await Promise.all(clients.map((c) => c.take(4000, 20_000)));
    for (const lines of received) expect(lines).toEqual(received[0]);
    const first = received[0]!;
    clients.forEach((c, s) => {
      const own = first.filter((l) => l.startsWith(`${c.tag}: `));
      expect(own).toEqual(Array.from({ length: 200 }, (_, m) => `${c.tag}: s${s} m${m}`));
    });
  });

  it('flood at --rate 50 --burst 10: 200 lines sent at once all arrive, in order, no faster than the rate', async () => {
    const server = await start({ rate: 50, burst: 10 });
    const flooder = await join(server);
    const watcher = await join(server);
    await flooder.next();
    const began = Date.now();
    flooder.send(Array.from({ length: 200 }, (_, i) => `flood ${i}\n`).join(''));
    const want = Array.from({ length: 200 }, (_, i) => `${flooder.tag}: flood ${i}`);
    expect(await watcher.take(200, 15_000)).toEqual(want);
    // 10 lines pass at once, the other 190 need a token each at 50/s: at least 3.8 s.
    expect(Date.now() - began).toBeGreaterThanOrEqual(3700);
    // The flooder alone is told, once, just before its first delayed line.
    const notice = '--- Slow down: lines beyond 50 per second are delayed';
    expect(await flooder.take(201)).toEqual([...want.slice(0, 10), notice, ...want.slice(10)]);
  });

  it('a client that never reads is dropped while another floods; readers get every line; memory stays bounded', async () => {
    const server = await start({ maxBacklog: 1024 * 1024 });
    const flooder = await join(server);
    const reader = await join(server);
    const sleeper = await join(server);
    await flooder.take(2);
    await reader.next();
    sleeper.socket.pause();
    const rssBefore = process.memoryUsage().rss;
    const droppedSeen = await floodUntilDropped(flooder, reader, `*** ${sleeper.tag} was disconnected (too slow)`);
    expect(droppedSeen).toBe(true);
    // The sleeper's output is capped at --max-backlog; the rest is the test's own buffers.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    sleeper.socket.resume();
    await sleeper.waitClosed(5000);
    expect(server.stats()).toMatchObject({ connections: 2, members: 2 });
  });

  it('a 64 MiB line without a newline: one error, bounded memory, the connection stays usable', async () => {
    const server = await start();
    const a = await join(server);
    const rssBefore = process.memoryUsage().rss;
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 64; i++) {
      if (!a.socket.write(chunk)) await new Promise((resolve) => a.socket.once('drain', resolve));
    }
    a.send('\nstill here\n');
    expect(await a.take(2, 20_000)).toEqual(['!!! Line too long (max 4096 bytes); discarded', `${a.tag}: still here`]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * 1024 * 1024);
  });

  it('2000 connect/close cycles, half reset, some before the server reads them: no ghosts, no leaks', async () => {
    const server = await start();
    const observer = await join(server);
    const timersBefore = activeTimers();
    const cycle = (i: number): Promise<void> =>
      new Promise((resolve) => {
        const socket: Socket = connect({ port: server.port, host: '127.0.0.1' });
        socket.on('error', () => undefined);
        socket.once('close', () => resolve());
        if (i % 10 === 0) {
          // Reset at once, possibly before the server has even accepted it.
          socket.once('connect', () => socket.resetAndDestroy());
          return;
        }
        socket.once('data', () => {
          if (i % 2 === 0) socket.resetAndDestroy();
          else socket.end();
        });
      });
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, k) => cycle(batch * 100 + k)));
    }
    await eventually(() => server.stats().connections === 1, 'only the observer is connected');
    await eventually(() => server.stats().pipelines === 1, 'only the observer has a pipeline');
    expect(server.stats().members).toBe(1);
    expect(await who(observer)).toEqual([`--- ${observer.tag} (you)`]);
    await eventually(() => activeTimers() <= timersBefore, 'timers back to where they were');
  });

  it('random bytes from several clients at once: the server lives and the others are unaffected', async () => {
    const server: ChatServer = await start({ maxLine: 512 });
    const [a, b] = await joinAll(server, 2);
        let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const noisy = await Promise.all(Array.from({ length: 5 }, () => TestClient.connect(server.port)));
    for (let round = 0; round < 50; round++) {
      for (const n of noisy) {
        const bytes = Buffer.alloc(2048);
        for (let i = 0; i < bytes.length; i++) bytes[i] = random() & 0xff;
        n.send(bytes);
      }
    }
    a.line('are you there?');
    const line = `${a.tag}: are you there?`;
    // b sees the noise as chat and notices first; it must see a's line, and stay connected.
    for (let got = await b.next(10_000); got !== line; got = await b.next(10_000)) {
      expect(got).toMatch(/^(\[|\*\*\* |\* \[)/);
    }
    noisy.forEach((n) => n.destroy());
    await eventually(() => server.stats().members === 2, 'the noisy clients are gone');
    expect(await who(b)).toEqual([`--- ${a.tag}`, `--- ${b.tag} (you)`]);
  });
});
