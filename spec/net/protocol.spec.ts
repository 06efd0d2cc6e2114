import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';

const welcome = (c: TestClient, n: number): string => `--- Welcome, ${c.tag}! ${n} users online. Type /help for commands.`;

describe('protocol on real sockets', () => {
  const { start, join, joinAll, connect: open } = useChatServers();

  it('connect: welcome with the count, then joined to everyone including the newcomer', async () => {
    const server = await start();
    const a = await open(server);
    expect(await a.take(2)).toEqual([welcome(a, 1), `*** ${a.tag} joined`]);
    const b = await open(server);
    expect(await b.take(2)).toEqual([welcome(b, 2), `*** ${b.tag} joined`]);
    expect(await a.next()).toBe(`*** ${b.tag} joined`);
  });

  it('chat: everyone gets the line, the sender included, in one order', async () => {
    const server = await start();
    const [a, b] = await joinAll(server, 2);
        a.line('hello');
    b.line('  hi there  ');
    const expected = [`${a.tag}: hello`, `${b.tag}: hi there`];
    expect(await a.take(2)).toEqual(expected);
    expect(await b.take(2)).toEqual(expected);
  });

  it('who online and /who list members in join order with (you)', async () => {
    const server = await start();
    const [a, b] = await joinAll(server, 2);
        b.line('who   online');
    expect(await b.take(3)).toEqual(['--- 2 users in #lobby:', `--- ${a.tag}`, `--- ${b.tag} (you)`]);
    a.line('/who');
    expect(await a.take(3)).toEqual(['--- 2 users in #lobby:', `--- ${a.tag} (you)`, `--- ${b.tag}`]);
  });

  it('rename|NAME and /nick, with every error', async () => {
    const server = await start();
    const [a, b] = await joinAll(server, 2);
        a.line('rename|alice');
    expect(await b.next()).toBe(`*** ${a.tag} is now known as alice`);
    expect(await a.next()).toBe(`*** ${a.tag} is now known as alice`);
    b.line('/nick ALICE');
    b.line('/nick');
    b.line('rename|no way');
    b.line('renamexyz');
    expect(await b.take(4)).toEqual([
      '!!! Name ALICE is already taken',
      '!!! Usage: /nick NAME',
      '!!! Invalid name: 1-24 letters, digits, _ - .',
      `${b.tag}: renamexyz`,
    ]);
    a.line('/nick alice');
    expect(await a.take(2)).toEqual([`${b.tag}: renamexyz`, '--- You are already alice']);
  });

  it('/me, /msg and //: actions to all, private to two, slash escapes', async () => {
    const server = await start();
    const [a, b, c] = await joinAll(server, 3);
        b.line('/nick bob');
    for (const x of [a, b, c]) expect(await x.next()).toBe(`*** ${b.tag} is now known as bob`);
    const bob = `[${b.addr}]bob`;
    a.line('/msg Bob psst');
    expect(await a.next()).toBe(`[${a.addr}]${a.addr} -> bob: psst`);
    expect(await b.next()).toBe(`[${a.addr}]${a.addr} -> bob: psst`);
    expect(await c.sync()).toEqual([]);
    a.line('/msg nobody x');
    a.line('/msg bob');
    a.line('/me waves');
    a.line('//who');
    a.line('/dance');
    expect(await a.take(5)).toEqual([
      '!!! No such user: nobody',
      '!!! Usage: /msg NAME TEXT',
      `* ${a.tag} waves`,
      `${a.tag}: /who`,
      '!!! Unknown command /dance; type /help',
    ]);
    expect(await b.take(2)).toEqual([`* ${a.tag} waves`, `${a.tag}: /who`]);
    expect(bob).toBe(`[${b.addr}]bob`);
  });

  it('/help lists the commands to the asker only', async () => {
    const server = await start();
    const [a, b] = await joinAll(server, 2);
        a.line('/help');
    const help: string[] = [];
    for (let line = await a.next(); line.startsWith('--- '); line = await a.next()) {
      help.push(line);
      if (line.includes('//')) break;
    }
    expect(help.join('\n')).toMatch(/\/msg/);
    expect(await b.sync()).toEqual([]);
  });

  it('exit and quit: bye, then the server closes; the others hear left', async () => {
    const server = await start();
    const [a, b, c] = await joinAll(server, 3);
        a.line('EXIT');
    expect(await a.next()).toBe('--- Bye!');
    await a.waitClosed();
    expect(await b.next()).toBe(`*** ${a.tag} left`);
    b.line('/quit gone fishing');
    expect(await b.next()).toBe('--- Bye!');
    await b.waitClosed();
    expect(await c.take(2)).toEqual([`*** ${a.tag} left`, `*** ${b.tag} left (gone fishing)`]);
  });

  it('disconnect: the others hear left, the leaver’s earlier lines come first', async () => {
    const server = await start();
    const [a, b] = await joinAll(server, 2);
        b.send('one\ntwo\n');
    b.destroy();
    expect(await a.take(3)).toEqual([`${b.tag}: one`, `${b.tag}: two`, `*** ${b.tag} left`]);
  });

  it('idle kick: the idler is told and closed; the others hear timed out', async () => {
    const server = await start({ idleTimeout: 0.4 });
    const [a, b] = await joinAll(server, 2);
        // a keeps talking; that must not keep b alive.
    const chatter = setInterval(() => a.line(''), 50);
    try {
      expect(await b.next(3000)).toBe('!!! Idle for more than 0.4 s; disconnecting');
      await b.waitClosed();
      expect(await a.next(3000)).toBe(`*** ${b.tag} timed out`);
    } finally {
      clearInterval(chatter);
    }
  });

  it('server full: connection M+1 is refused and nobody hears of it', async () => {
    const server = await start({ maxClients: 2 });
    const a = await join(server);
    await join(server);
    await a.next();
    const third = await open(server);
    expect(await third.next()).toBe('!!! Server full (2 users); try again later');
    await third.waitClosed();
    expect(await a.sync()).toEqual([]);
  });

  it('shutdown: everyone is told, then closed', async () => {
    const server = await start();
    const [a, b] = await joinAll(server, 2);
        const done = server.shutdown();
    expect(await a.next()).toBe('*** Server is shutting down');
    expect(await b.next()).toBe('*** Server is shutting down');
    await Promise.all([a.waitClosed(), b.waitClosed(), done]);
    expect(server.connectionCount()).toBe(0);
  });
});

describe('framing on real sockets', () => {
  const { start, join, joinAll, connect: open } = useChatServers();

  it('half-close: lines before FIN are answered, a final unterminated line too, then close', async () => {
    const server = await start();
    const watcher = await join(server);
    const a = await open(server);
    a.send('who online\nlast words');
    a.endInput();
    const lines = await a.take(6);
    expect(lines).toEqual([
      welcome(a, 2),
      `*** ${a.tag} joined`,
      '--- 2 users in #lobby:',
      `--- ${watcher.tag}`,
      `--- ${a.tag} (you)`,
      `${a.tag}: last words`,
    ]);
    await a.waitClosed();
    expect(await watcher.take(3)).toEqual([`*** ${a.tag} joined`, `${a.tag}: last words`, `*** ${a.tag} left`]);
  });

  it('input pipelined before the welcome is handled after it, in order', async () => {
    const server = await start();
    const a = await TestClient.connect(server.port);
    a.send('/nick early\nhello\n');
    expect(await a.take(4)).toEqual([
      welcome(a, 1),
      `*** ${a.tag} joined`,
      `*** ${a.tag} is now known as early`,
      `[${a.addr}]early: hello`,
    ]);
    a.destroy();
  });

  it('a CRLF line shows telnet: one BINARY offer, then CRLF output from then on, LF lines too', async () => {
    const server = await start();
    const a = await join(server);
    a.send('/who\r\n');
    await a.take(2);
    a.send('hi\n');
    await a.next();
    // IAC WILL BINARY, IAC DO BINARY (0xFF is not UTF-8: the client reads each as U+FFFD).
    const offer = '\ufffd\ufffd\u0000\ufffd\ufffd\u0000';
    expect(a.raw.slice(-3)).toEqual([`${offer}--- 1 users in #lobby:\r\n`, `--- ${a.tag} (you)\r\n`, `${a.tag}: hi\r\n`]);
    expect(a.raw.slice(0, 2).every((l) => !l.endsWith('\r\n'))).toBe(true);
  });

  it('telnet: CR NUL ends a line, IAC sequences are removed and refused', async () => {
    const server = await start();
    const socket = connect({ port: server.port, host: '127.0.0.1' });
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(Buffer.from([0xff, 0xfb, 0x01, 0xff, 0xfd, 0x03, 0xff, 0xfa, 0x18, 0x00, 0x41, 0xff, 0xf0]));
    socket.write(Buffer.concat([Buffer.from('h'), Buffer.from([0xff, 0xf1]), Buffer.from('i\r\0')]));
    const want = Buffer.from(': hi\r\n');
    const deadline = Date.now() + 3000;
    while (!Buffer.concat(received).includes(want) && Date.now() < deadline) {
      await new Promise((resolve) => socket.once('data', resolve));
    }
    const all = Buffer.concat(received);
    socket.destroy();
    expect(all.includes(Buffer.from([0xff, 0xfe, 0x01]))).toBe(true); // DONT ECHO for WILL ECHO
    expect(all.includes(Buffer.from([0xff, 0xfc, 0x03]))).toBe(true); // WONT SGA for DO SGA
    expect(all.includes(want)).toBe(true);
  });

  it('invalid UTF-8 becomes U+FFFD; a character split across writes survives', async () => {
    const server = await start();
    const a = await join(server);
    a.send(Buffer.from([0x61, 0xc3, 0x28, 0x62, 0x20, 0xe4, 0xb8]));
    await new Promise((resolve) => setImmediate(resolve));
    a.send(Buffer.from([0xad, 0x0a]));
    expect(await a.next()).toBe(`${a.tag}: a\uFFFD(b 中`);
  });

  it('an over-long line is discarded with one error and the connection stays usable', async () => {
    const server = await start({ maxLine: 100 });
    const a = await join(server);
    a.send(`${'x'.repeat(5000)}\n${'y'.repeat(100)}\n`);
    expect(await a.take(2)).toEqual(['!!! Line too long (max 100 bytes); discarded', `${a.tag}: ${'y'.repeat(100)}`]);
  });

  it('flood: lines beyond the bucket are delayed, not dropped, and keep their order', async () => {
    const server = await start({ rate: 200, burst: 5 });
    const a = await join(server);
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i}`);
    a.send(lines.map((l) => `${l}\n`).join(''));
    // The sixth line is the first to wait: the notice comes once, just before it.
    const chat = lines.map((l) => `${a.tag}: ${l}`);
    expect(await a.take(61)).toEqual([...chat.slice(0, 5), '--- Slow down: lines beyond 200 per second are delayed', ...chat.slice(5)]);
  });

  it('a client that falls behind and catches up gets every line intact, in order', async () => {
    // While the lagger does not read, Node holds its output: those bytes must
    // survive the writes to the reader that come after them in the same turns.
    const server = await start({ maxBacklog: 64 * 1024 * 1024 });
    const reader = await join(server);
    const lagger = await join(server);
    await reader.next();
    lagger.socket.pause();
    const line = (window: number, i: number): string => `${window} ${i} ${String(window * 100 + i).padStart(6, '0').repeat(150)}`;
    for (let window = 0; window < 150; window++) {
      for (let i = 0; i < 100; i++) reader.line(line(window, i));
      const want = Array.from({ length: 100 }, (_, i) => `${reader.tag}: ${line(window, i)}`);
      expect(await reader.take(100, 5000)).toEqual(want);
    }
    lagger.socket.resume();
    for (let window = 0; window < 150; window++) {
      const want = Array.from({ length: 100 }, (_, i) => `${reader.tag}: ${line(window, i)}`);
      expect(await lagger.take(100, 5000)).toEqual(want);
    }
  });

  it('a client that stops reading is dropped; the reader receives every line', async () => {
    const server = await start({ maxBacklog: 256 * 1024 });
    const reader = await join(server);
    const sleeper = await join(server);
    await reader.next();
    sleeper.socket.pause();
    const text = 'z'.repeat(1000);
    const dropped = `*** ${sleeper.tag} was disconnected (too slow)`;
    // Send in windows of 100 and read each window back, until the sleeper is dropped
    // (its kernel buffers fill first, then the server's backlog passes the limit).
    for (let window = 0; window < 400; window++) {
      for (let i = 0; i < 100; i++) reader.line(`${window} ${i} ${text}`);
      const got = await reader.take(100, 5000);
      const notice = got.indexOf(dropped);
      const lines = got.filter((l) => l !== dropped);
      expect(lines).toEqual(Array.from({ length: lines.length }, (_, i) => `${reader.tag}: ${window} ${i} ${text}`));
      if (notice >= 0) {
        expect(await reader.next(5000)).toBe(`${reader.tag}: ${window} 99 ${text}`);
        sleeper.socket.resume();
        await sleeper.waitClosed(5000);
        expect(sleeper.pending).not.toContain(dropped);
        expect(server.connectionCount()).toBe(1);
        return;
      }
    }
    throw new Error('the sleeper was never dropped');
  });
});
