import { connect, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/config';
import { parseAddressList } from '../../src/net/cidr';
import { welcomeLine } from '../support/client';
import { captureLog } from '../support/log-capture';
import { scrape } from '../support/metrics';
import { useChatServers } from '../support/server';
import { testHostKey, throwAwayKey, useSshClients } from '../support/ssh-client';
import { until } from '../support/until';

const hostKey = testHostKey();
const withSsh = (overrides: Partial<Config> = {}): Partial<Config> => ({ sshPort: 0, sshKey: hostKey, ...overrides });

const { start, join: joinPlain } = useChatServers();
const key = throwAwayKey();
const ssh = useSshClients(key);
const welcome = welcomeLine;

describe('an SSH client is a member like any other', () => {
  it('joins under its login name, chats with a TCP member with exact lines, and its key reaches the log at debug level only', async () => {
    const log = captureLog();
    const server = await start(withSsh(), { logger: log.logger });
    const plain = await joinPlain(server);
    const alice = await ssh(server);
    const tag = `[${alice.addr}]alice`;
    expect(await alice.take(2)).toEqual([welcome(tag, 2), `*** ${tag} joined`]);
    expect(await plain.next()).toBe(`*** ${tag} joined`);
    alice.line('hello from ssh');
    expect(await plain.next()).toBe(`${tag}: hello from ssh`);
    expect(await alice.next()).toBe(`${tag}: hello from ssh`);
    plain.line('hi alice');
    expect(await alice.next()).toBe(`${plain.tag}: hi alice`);
    alice.line('who online');
    expect(await alice.take(3)).toEqual(['--- 2 users in #lobby:', `--- ${plain.tag}`, `--- ${tag} (you)`]);
    // Without a PTY the lines are exactly what nc gets: LF, no prompt, no escape sequences.
    expect(alice.raw).toBe(
      [welcome(tag, 2), `*** ${tag} joined`, `${tag}: hello from ssh`, `${plain.tag}: hi alice`, '--- 2 users in #lobby:', `--- ${plain.tag}`, `--- ${tag} (you)`, '']
        .join('\n'),
    );
    expect(log.records.filter((r) => r.event === 'accept').map((r) => r.transport)).toEqual(['tcp', 'ssh']);
    const keyRecords = log.records.filter((r) => JSON.stringify(r).includes(key.fingerprint));
    expect(keyRecords).toEqual([expect.objectContaining({ event: 'sshKey', addr: alice.addr, key: key.fingerprint, level: 20 })]);
  });

  it('keeps its addr when its login name is taken or not a name, and a !!! line says why', async () => {
    const server = await start(withSsh());
    const first = await ssh(server);
    await first.take(2);
    const second = await ssh(server, { user: 'ALICE' });
    expect(await second.take(3)).toEqual([welcome(second.tag, 2), '!!! Name ALICE is already taken', `*** ${second.tag} joined`]);
    const third = await ssh(server, { user: 'john@example.org' });
    expect(await third.take(3)).toEqual([welcome(third.tag, 3), '!!! Invalid name: 1-24 letters, digits, _ - .', `*** ${third.tag} joined`]);
  });

  it('logs in with keyboard-interactive too, with no account on the machine', async () => {
    const server = await start(withSsh());
    const bob = await ssh(server, { user: 'bob', privateKey: undefined });
    expect(await bob.take(2)).toEqual([welcome(`[${bob.addr}]bob`, 1), `*** [${bob.addr}]bob joined`]);
  });

  it('end of input is a half-close: every line is handled, replies are flushed, the shell exits 0, the others see it leave', async () => {
    const server = await start(withSsh());
    const plain = await joinPlain(server);
    const alice = await ssh(server);
    const tag = `[${alice.addr}]alice`;
    await alice.take(2);
    expect(await plain.next()).toBe(`*** ${tag} joined`);
    alice.line('last words');
    alice.stream.write('who online');
    alice.endInput();
    expect(await alice.take(3)).toEqual([`${tag}: last words`, '--- 2 users in #lobby:', `--- ${plain.tag}`]);
    expect(await alice.next()).toBe(`--- ${tag} (you)`);
    await alice.closed;
    expect(alice.exitCode).toBe(0);
    expect(await plain.take(2)).toEqual([`${tag}: last words`, `*** ${tag} left`]);
    await until(() => server.connectionCount() === 1, 'the SSH connection gone');
  });

  it('quits with --- Bye! and exit status 0', async () => {
    const server = await start(withSsh());
    const plain = await joinPlain(server);
    const alice = await ssh(server);
    await alice.take(2);
    await plain.next();
    alice.line('/quit gone fishing');
    expect(await alice.next()).toBe('--- Bye!');
    await alice.closed;
    expect(alice.exitCode).toBe(0);
    expect(await plain.next()).toBe(`*** [${alice.addr}]alice left (gone fishing)`);
  });

  it('goes through the admission gate: --max-per-ip counts SSH connections, and the refusal is sent over SSH', async () => {
    const server = await start(withSsh({ maxPerIp: 1, exempt: parseAddressList('none')! }));
    const first = await ssh(server, { from: '127.0.0.2' });
    await first.take(2);
    const second = await ssh(server, { from: '127.0.0.2', user: 'bob' });
    expect(await second.next()).toBe('!!! Too many connections from your address (max 1)');
    await second.closed;
    expect(await first.take(0)).toEqual([]);
    expect(server.stats()).toMatchObject({ members: 1 });
  });

  it('goes through the admission gate: a banned address is refused over SSH, and an SSH member from it is banned like any other', async () => {
    const server = await start(withSsh({ opPassword: 'op-password' }));
    const op = await joinPlain(server);
    const alice = await ssh(server, { from: '127.0.0.2' });
    const tag = `[${alice.addr}]alice`;
    await alice.take(2);
    expect(await op.next()).toBe(`*** ${tag} joined`);
    op.line('/op op-password');
    op.line('/ban alice 5');
    expect(await op.take(3)).toEqual(['--- You are now an operator', `*** ${tag} was banned by ${op.tag}`, '--- Banned 127.0.0.2 for 5 minutes']);
    expect(await alice.next()).toBe(`!!! Banned by ${op.tag}`);
    await alice.closed;
    const again = await ssh(server, { from: '127.0.0.2', user: 'bob' });
    expect(await again.next()).toBe('!!! You are banned from this server');
    await again.closed;
    expect(again.raw).toBe('!!! You are banned from this server\n');
    expect(await op.take(0)).toEqual([]);
  });

  it('is paced by --rate like any other: its lines wait, none is lost, and it is told once', async () => {
    const server = await start(withSsh({ rate: 50, burst: 3 }));
    const alice = await ssh(server);
    const tag = `[${alice.addr}]alice`;
    await alice.take(2);
    alice.stream.write(Array.from({ length: 8 }, (_, i) => `line ${i}\n`).join(''));
    const chat = Array.from({ length: 8 }, (_, i) => `${tag}: line ${i}`);
    expect(await alice.take(9)).toEqual([...chat.slice(0, 3), '--- Slow down: lines beyond 50 per second are delayed', ...chat.slice(3)]);
  });

  it('is counted in the metrics as transport ssh, and a half-open handshake as a failure', async () => {
    const server = await start(withSsh({ metricsPort: 0 }), { tlsHandshakeTimeoutMs: 300 });
    const alice = await ssh(server);
    await alice.take(2);
    const halfOpen: Socket = connect({ port: server.sshPort!, host: '127.0.0.1' });
    halfOpen.on('error', () => undefined);
    // Read (and drop) the server's identification line, so the server's close comes through.
    halfOpen.resume();
    await new Promise((resolve) => halfOpen.once('close', resolve));
    const during = await scrape(server);
    expect(during.get('chat_connections{transport="ssh"}')).toBe(1);
    expect(during.get('chat_connections{transport="tcp"}')).toBe(0);
    expect(during.get('chat_ssh_handshake_failures_total')).toBe(1);
    alice.line('/quit');
    await alice.closed;
    await until(() => server.stats().connections === 0, 'the SSH member gone');
    expect((await scrape(server)).get('chat_connections{transport="ssh"}')).toBe(0);
  });

  it('is kicked when idle', async () => {
    const server = await start(withSsh({ idleTimeout: 0.3 }));
    const alice = await ssh(server);
    await alice.take(2);
    expect(await alice.next()).toBe('!!! Idle for more than 0.3 s; disconnecting');
    await alice.closed;
  });

  it('is dropped as too slow when it stops reading (its SSH window runs out, then the backlog passes the limit); the others lose nothing', async () => {
    const server = await start(withSsh({ maxBacklog: 256 * 1024 }));
    const talker = await joinPlain(server);
    const sleeper = await ssh(server);
    await sleeper.take(2);
    const tag = `[${sleeper.addr}]alice`;
    expect(await talker.next()).toBe(`*** ${tag} joined`);
    sleeper.stream.pause();
    const text = 'z'.repeat(1000);
    const dropped = `*** ${tag} was disconnected (too slow)`;
    // Windows of 100 lines, each read back: 2 MiB of SSH window, then 256 KiB of backlog.
    for (let window = 0; window < 100; window++) {
      for (let i = 0; i < 100; i++) talker.line(`${window} ${i} ${text}`);
      const got = await talker.take(100, 5000);
      const lines = got.filter((l) => l !== dropped);
      expect(lines).toEqual(Array.from({ length: lines.length }, (_, i) => `${talker.tag}: ${window} ${i} ${text}`));
      if (lines.length < got.length) {
        expect(await talker.next(5000)).toBe(`${talker.tag}: ${window} 99 ${text}`);
        await sleeper.closed;
        await until(() => server.connectionCount() === 1, 'the sleeper gone');
        return;
      }
    }
    throw new Error('the sleeper was never dropped');
  });

  it('closes a connection that stops after the TCP handshake once the handshake timeout passes: no room event, no slot held', async () => {
    const log = captureLog();
    const server = await start(withSsh({ maxPerIp: 1, exempt: parseAddressList('none')! }), { logger: log.logger, tlsHandshakeTimeoutMs: 2000 });
    const member = await joinPlain(server, '127.0.0.3');
    const opened = Date.now();
    const halfOpen: Socket = connect({ port: server.sshPort!, host: '127.0.0.1', localAddress: '127.0.0.2' });
    const lasted = new Promise<number>((resolve) => halfOpen.on('close', () => resolve(Date.now() - opened)));
    halfOpen.on('error', () => undefined);
    // The server's identification line comes at once; the client never sends its own.
    await new Promise((resolve) => halfOpen.once('data', resolve));
    // While it hangs, it holds no per-IP slot: the same address can join.
    const same = await ssh(server, { from: '127.0.0.2', user: 'bob' });
    expect(await same.take(2)).toEqual([welcome(`[${same.addr}]bob`, 2), `*** [${same.addr}]bob joined`]);
    // Shortened, as in the TLS tests, yet long enough for the real client above to log in meanwhile (ssh2 may run without its native binding).
    expect(await lasted).toBeGreaterThanOrEqual(1900);
    expect(await lasted).toBeLessThan(5000);
    expect(await member.sync()).toEqual([`*** [${same.addr}]bob joined`]);
    await until(() => log.records.some((r) => r.event === 'sshFailed'), 'the sshFailed log record');
    expect(log.records.find((r) => r.event === 'sshFailed')).toMatchObject({ why: 'timeout', level: 20 });
  });
});
