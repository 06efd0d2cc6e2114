import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import * as E from 'fp-ts/Either';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { Config, defaultConfig } from '../../src/config/config';
import { loadTls } from '../../src/config/load-tls';
import { parseAddressList } from '../../src/net/cidr';
import { TestClient } from '../support/client';
import { captureLog } from '../support/log-capture';
import { useChatServers } from '../support/server';
import { until } from '../support/until';

const FIXTURES = join(__dirname, '..', 'fixtures');
const CERT_FILE = join(FIXTURES, 'localhost.crt');
const CA = readFileSync(CERT_FILE);
const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

/** The TLS part of a config, read and checked as main.ts does. */
const withTls = (overrides: Partial<Config> = {}): Partial<Config> => {
  const loaded = loadTls({ ...defaultConfig, tlsPort: 0, tlsCert: CERT_FILE, tlsKey: join(FIXTURES, 'localhost.key'), ...overrides });
  if (E.isLeft(loaded)) throw new Error(loaded.left);
  return { ...loaded.right, port: 0, rate: 0 };
};

const { start, join: joinPlain } = useChatServers();
const opened: { destroy(): void }[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.destroy()));

const tlsClient = async (server: ChatServer, localAddress?: string): Promise<TestClient> => {
  const client = await TestClient.connectTls(server.tlsPort!, { ca: CA, servername: 'localhost', ...(localAddress === undefined ? {} : { localAddress }) });
  opened.push(client);
  return client;
};

/** A TCP connection to the TLS port that sends what it is given (or nothing) and resolves once the server closes it. */
const rawToTls = (server: ChatServer, bytes?: string, localAddress = '127.0.0.1'): { socket: Socket; closed: Promise<number> } => {
  const began = Date.now();
  const socket = connect({ port: server.tlsPort!, host: '127.0.0.1', localAddress });
  opened.push(socket);
  socket.on('error', () => undefined);
  socket.resume();
  if (bytes !== undefined) socket.write(bytes);
  return { socket, closed: new Promise((resolve) => socket.once('close', () => resolve(Date.now() - began))) };
};

describe('the TLS listener', () => {
  it('serves the same room: a TLS client and a plain TCP client chat with each other', async () => {
    const server = await start(withTls());
    expect(server.tlsPort).toBeGreaterThan(0);
    expect(server.tlsPort).not.toBe(server.port);
    const plain = await joinPlain(server);
    const secure = await tlsClient(server);
    expect(await secure.take(2)).toEqual([`--- Welcome, ${secure.tag}! 2 users online. Type /help for commands.`, `*** ${secure.tag} joined`]);
    expect(await plain.next()).toBe(`*** ${secure.tag} joined`);

    secure.line('hello over tls');
    expect(await plain.next()).toBe(`[${secure.addr}]${secure.addr}: hello over tls`);
    expect(await secure.next()).toBe(`[${secure.addr}]${secure.addr}: hello over tls`);
    plain.line('/nick plain');
    expect(await secure.next()).toBe(`*** ${plain.tag} is now known as plain`);
    expect(await plain.next()).toBe(`*** ${plain.tag} is now known as plain`);
    plain.line(`/msg ${secure.addr} psst`);
    expect(await secure.next()).toBe(`[${plain.addr}]plain -> ${secure.addr}: psst`);
    expect(await plain.next()).toBe(`[${plain.addr}]plain -> ${secure.addr}: psst`);

    secure.line('/quit bye');
    expect(await secure.next()).toBe('--- Bye!');
    await secure.waitClosed();
    expect(await plain.next()).toBe(`*** ${secure.tag} left (bye)`);
    expect(server.stats()).toMatchObject({ members: 1 });
  });

  it.skipIf(!HAS_OPENSSL)('lets openssl s_client -quiet join and chat (skipped where openssl is absent)', async () => {
    const server = await start(withTls());
    const plain = await joinPlain(server);
    const child = spawn('openssl', ['s_client', '-quiet', '-CAfile', CERT_FILE, '-connect', `127.0.0.1:${server.tlsPort}`], { stdio: ['pipe', 'pipe', 'ignore'] });
    opened.push({ destroy: () => child.kill('SIGKILL') });
    const lines: string[] = [];
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
    });
    await until(() => lines.length >= 2, 'the welcome and join lines on openssl s_client', 10_000);
    const welcome = /^--- Welcome, \[(127\.0\.0\.1:\d+)\]\1! 2 users online\. Type \/help for commands\.$/.exec(lines[0]!);
    expect(welcome).not.toBeNull();
    const addr = welcome![1]!;
    expect(lines[1]).toBe(`*** [${addr}]${addr} joined`);
    expect(await plain.next()).toBe(`*** [${addr}]${addr} joined`);

    child.stdin.write('hello from openssl\n');
    expect(await plain.next()).toBe(`[${addr}]${addr}: hello from openssl`);
    plain.line('hi openssl');
    expect(await plain.next()).toBe(`[${plain.addr}]${plain.addr}: hi openssl`);
    await until(() => lines.includes(`[${plain.addr}]${plain.addr}: hi openssl`), 'the plain client\'s line on openssl s_client');
    child.stdin.write('/quit\n');
    expect(await plain.next()).toBe(`*** [${addr}]${addr} left`);
  });

  it('closes a client that never finishes its handshake after the handshake timeout: no room event, no slot held', async () => {
    const log = captureLog();
    const server = await start(withTls({ maxPerIp: 1, exempt: parseAddressList('none')! }), { logger: log.logger, tlsHandshakeTimeoutMs: 300 });
    const member = await joinPlain(server, '127.0.0.3');
    const halfOpen = rawToTls(server, undefined, '127.0.0.2');

    // While it hangs in its handshake it holds no per-IP slot: the same address can join.
    const same = await joinPlain(server, '127.0.0.2');
    expect(await member.next()).toBe(`*** ${same.tag} joined`);

    const lasted = await halfOpen.closed;
    expect(lasted).toBeGreaterThanOrEqual(250);
    expect(lasted).toBeLessThan(3000);
    expect(await member.sync()).toEqual([]);
    expect(server.stats()).toMatchObject({ connections: 2, members: 2 });
    await until(() => log.records.some((r) => r.event === 'tlsFailed'), 'the tlsFailed log record');
    expect(log.records.find((r) => r.event === 'tlsFailed')).toMatchObject({ code: 'ERR_TLS_HANDSHAKE_TIMEOUT', level: 20 });
    expect(log.records.filter((r) => r.event === 'accept').map((r) => r.transport)).toEqual(['tcp', 'tcp']);
  });

  it('never lets in a client that fails the handshake: plain text, or a client that does not trust the certificate', async () => {
    const server = await start(withTls(), { tlsHandshakeTimeoutMs: 5000 });
    const member = await joinPlain(server);

    const garbage = rawToTls(server, 'who online\n');
    await garbage.closed;

    const distrustful = connectTls({ port: server.tlsPort!, host: '127.0.0.1', servername: 'localhost' });
    opened.push(distrustful);
    const refused = await new Promise<string>((resolve) => distrustful.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message)));
    expect(refused).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');

    expect(await member.sync()).toEqual([]);
    expect(server.stats()).toMatchObject({ connections: 1, members: 1 });
  });

  it('applies --max-per-ip to TLS clients too, with the refusal sent over TLS', async () => {
    const server = await start(withTls({ maxPerIp: 1, exempt: parseAddressList('none')! }));
    const first = await tlsClient(server, '127.0.0.2');
    expect((await first.next()).startsWith('--- Welcome')).toBe(true);
    const second = await tlsClient(server, '127.0.0.2');
    expect(await second.next()).toBe('!!! Too many connections from your address (max 1)');
    await second.waitClosed();
  });

  it('drops a TLS client that stops reading, as it does a plain one', async () => {
    const server = await start(withTls({ maxBacklog: 64 * 1024 }));
    const talker = await joinPlain(server);
    const sleeper = await tlsClient(server);
    expect(await talker.next()).toBe(`*** ${sleeper.tag} joined`);
    sleeper.socket.pause();
    // One line at a time, each read back, so only the sleeper falls behind (the kernel buffers a few MB first).
    const echo = `[${talker.addr}]${talker.addr}: ${'x'.repeat(4000)}`;
    let notice: string | undefined;
    for (let sent = 0; notice === undefined && sent < 10_000; sent++) {
      talker.line('x'.repeat(4000));
      const got = await talker.next();
      if (got !== echo) notice = got;
    }
    expect(notice).toBe(`*** ${sleeper.tag} was disconnected (too slow)`);
  });

  it('does not wait at shutdown for a client stuck in its handshake', async () => {
    const server = await start(withTls(), { tlsHandshakeTimeoutMs: 60_000 });
    const member = await joinPlain(server);
    const stuck = rawToTls(server);
    await new Promise((resolve) => stuck.socket.once('connect', resolve));
    const began = Date.now();
    await server.shutdown();
    expect(Date.now() - began).toBeLessThan(2000);
    expect(await member.next()).toBe('*** Server is shutting down');
    await stuck.closed;
  });
});
