import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { useMain } from '../support/main-process';
import { useChatServers } from '../support/server';

const run = useMain();
const freshFile = (): string => join(mkdtempSync(join(tmpdir(), 'rxchat-data-')), 'chat.db');

describe('--data on real sockets', () => {
  const { start, join: enter, joinAll } = useChatServers();

  it('keeps accounts, bans, ignore lists, offline messages and history across a restart', async () => {
    const data = freshFile();
    const first = await start({ data, opPassword: 'op-password', history: 2 });
    const [alice, bob] = await joinAll(first, 2);
    alice.line('/nick alice');
    alice.line('/register s3cret-pass');
    await alice.nextLike(/registered/, 5000);
    bob.line('/nick bob');
    bob.line('/register s3cret-pass');
    await bob.nextLike(/registered/, 5000);
    bob.line('/ignore alice');
    await bob.nextLike(/^--- Ignoring alice/, 5000);
    for (const text of ['one', 'two', 'three']) alice.line(text);
    await alice.nextLike(/: three$/, 5000);
    alice.line('/join dev');
    alice.line('in dev');
    await alice.nextLike(/: in dev$/, 5000);
    alice.line('quit');
    await alice.waitClosed();
    bob.line('/msg alice while you were out');
    expect(await bob.nextLike(/^--- alice is offline/, 5000)).toBe('--- alice is offline; they will get your message when they log in');
    bob.line('/op op-password');
    bob.line('/ban 127.0.0.9 30');
    expect(await bob.nextLike(/^--- Banned/, 5000)).toBe('--- Banned 127.0.0.9 for 30 minutes');
    await first.shutdown();

    const second = await start({ data, history: 2 });
    const newcomer = await TestClient.connect(second.port);
    // #lobby's history outlived the process: a newcomer is shown the last --history lines of it.
    expect((await newcomer.take(5)).slice(1, 4)).toEqual(['--- Recent messages in #lobby:', `[${alice.addr}]alice: two`, `[${alice.addr}]alice: three`]);
    newcomer.line('/history');
    expect(await newcomer.take(6)).toEqual([
      `*** ${newcomer.tag} joined`,
      '--- Recent messages in #lobby:',
      `[${alice.addr}]alice: one`,
      `[${alice.addr}]alice: two`,
      `[${alice.addr}]alice: three`,
      '--- End of recent messages',
    ]);
    newcomer.line('/nick alice');
    expect(await newcomer.next()).toBe('!!! Name alice is registered; use /login alice PASSWORD');
    newcomer.line('/login alice s3cret-pass');
    expect(await newcomer.take(5)).toEqual([
      `*** ${newcomer.tag} is now known as alice`,
      '--- Logged in as alice',
      '--- You have 1 messages:',
      `[${bob.addr}]bob -> alice: while you were out`,
      '--- End of messages',
    ]);
    newcomer.line('/join dev');
    expect(await newcomer.take(4)).toEqual(['--- Now in #dev: 1 users here.', '--- Recent messages in #dev:', `[${alice.addr}]alice: in dev`, '--- End of recent messages']);
    const bob2 = await enter(second);
    bob2.line('/login bob s3cret-pass');
    await bob2.nextLike(/Logged in as bob/, 5000);
    bob2.line('/ignore');
    expect(await bob2.nextLike(/^--- Ignoring/, 5000)).toBe('--- Ignoring: alice');
    bob2.line('/unignore alice');
    expect(await bob2.next()).toBe('--- No longer ignoring alice');
    bob2.line('/join dev');
    bob2.line('can you hear me');
    await bob2.nextLike(/: can you hear me$/, 5000);
    const heard = await newcomer.nextLike(/: can you hear me$/, 5000);
    newcomer.line('/history 1');
    expect(await newcomer.take(3)).toEqual(['--- Recent messages in #dev:', heard, '--- End of recent messages']);
    const banned = await TestClient.connect(second.port, '127.0.0.1', '127.0.0.9');
    expect(await banned.next()).toBe('!!! You are banned from this server');
    newcomer.destroy();
    banned.destroy();
  });
});

describe('/history beyond what a room holds in memory', () => {
  const { start, joinAll } = useChatServers();
  const historyOf = (lines: readonly string[], room = 'lobby'): string[] => [`--- Recent messages in #${room}:`, ...lines, '--- End of recent messages'];

  it('is read from the file, exact and in order, for a room in use and an ended one, and again after a restart', async () => {
    const data = freshFile();
    const first = await start({ data, keep: 100 });
    const [alice, bob] = await joinAll(first, 2);
    const heard: string[] = [];
    for (let i = 0; i < 120; i++) alice.line(`line ${i}`);
    for (let i = 0; i < 120; i++) heard.push(await bob.nextLike(/: line \d+$/, 5000));
    bob.line('/history 70');
    expect(await bob.take(72)).toEqual(historyOf(heard.slice(-70)));
    // At most --keep.
    bob.line('/history 500');
    expect(await bob.take(102)).toEqual(historyOf(heard.slice(-100)));
    // Held in memory: the last 50.
    bob.line('/history');
    expect(await bob.take(52)).toEqual(historyOf(heard.slice(-50)));
    // A line said after the question is not in its answer; one said before it is.
    alice.line('late');
    const late = await bob.nextLike(/: late$/, 5000);
    bob.line('/history 60');
    expect(await bob.take(62)).toEqual(historyOf([...heard.slice(-59), late]));

    alice.line('/join dev');
    await alice.nextLike(/^\*\*\* .* joined$/, 5000);
    const inDev: string[] = [];
    for (let i = 0; i < 80; i++) alice.line(`dev ${i}`);
    for (let i = 0; i < 80; i++) inDev.push(await alice.nextLike(/: dev \d+$/, 5000));
    alice.line('/join lobby');
    await alice.nextLike(/^--- Now in #lobby/, 5000);
    // #dev has ended; entering it again shows its last --history lines (20), and /history reads the rest.
    bob.line('/join dev');
    expect(await bob.nextLike(/^--- Now in/, 5000)).toBe('--- Now in #dev: 1 users here.');
    expect(await bob.take(22)).toEqual(historyOf(inDev.slice(-20), 'dev'));
    await bob.nextLike(/joined$/, 5000);
    bob.line('/history 75');
    expect(await bob.take(77)).toEqual(historyOf(inDev.slice(-75), 'dev'));
    await first.shutdown();

    const second = await start({ data, keep: 100 });
    const [reader] = await joinAll(second, 1);
    // Its entering block first: #lobby's last --history lines.
    await reader.nextLike(/ joined$/, 5000);
    reader.line('/history 100');
    expect(await reader.take(102)).toEqual(historyOf([...heard.slice(-99), late]));
    reader.line('/join dev');
    await reader.nextLike(/joined$/, 5000);
    reader.line('/history 80');
    expect(await reader.take(82)).toEqual(historyOf(inDev, 'dev'));
  });
});

describe('a bad --data', () => {
  it('is one line naming --data and exit 2, and never a new file in its place', async () => {
    const file = freshFile();
    writeFileSync(file, 'this is not an SQLite database, just some text that is long enough to be read as a header'.repeat(20));
    const r = run(['--port', '0', '--data', file]);
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toMatch(/^rxchat: --data: cannot open .+\n$/);
    expect(r.stdout()).toBe('');
    const dir = run(['--port', '0', '--data', tmpdir()]);
    expect(await dir.exited).toBe(2);
    expect(dir.stderr()).toMatch(/^rxchat: --data: .+\n$/);
  });

  it('refuses --redis with an SQLite file', async () => {
    const both = run(['--port', '0', '--data', freshFile(), '--redis', 'redis://127.0.0.1:6379']);
    expect(await both.exited).toBe(2);
    expect(both.stderr()).toBe('rxchat: --data: a cluster (--redis) cannot share an SQLite file; it needs PostgreSQL\n');
  });

  it('a PostgreSQL store that cannot be opened: an unreachable server, a bad URL, a bad schema, no such database, a password never shown', async () => {
    const refusals: readonly (readonly [string, string])[] = [
      ['postgres://127.0.0.1:1/test', 'rxchat: --data: cannot open postgres://127.0.0.1:1/test as a store: ECONNREFUSED\n'],
      ['postgres://u:secret-pw@127.0.0.1:1/test', 'rxchat: --data: cannot open postgres://u:***@127.0.0.1:1/test as a store: ECONNREFUSED\n'],
      ['postgres://127.0.0.1:99999/test', 'rxchat: --data: not a valid PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE?schema=NAME)\n'],
      ['postgres://127.0.0.1/test?schema=No-Such', 'rxchat: --data: schema must be lower-case letters, digits and _ (got "No-Such")\n'],
      ['postgres://127.0.0.1/rxchat_no_such_database', 'rxchat: --data: cannot open postgres://127.0.0.1/rxchat_no_such_database as a store: database "rxchat_no_such_database" does not exist\n'],
    ];
    const runs = refusals.map(([url]) => run(['--port', '0', '--data', url]));
    for (const [i, r] of runs.entries()) {
      expect(await r.exited).toBe(2);
      expect(r.stderr()).toBe(refusals[i]![1]);
      expect(r.stdout()).toBe('');
    }
    // Five servers starting at once under ts-node on a busy machine.
  }, 120_000);
});

describe('a store that cannot take a line', () => {
  const { start, joinAll } = useChatServers();

  it('within 1 s: the line is not delivered, its sender is told, and chat resumes when the store is back', async () => {
    const data = freshFile();
    const server = await start({ data });
    const [alice, bob] = await joinAll(server, 2);
    // Another writer holds the database's write lock, as a stuck process would.
    const Database = (await import('better-sqlite3')).default;
    const other = new Database(data);
    other.exec('BEGIN IMMEDIATE');
    alice.line('lost in the store');
    expect(await alice.next(5000)).toBe('!!! Not delivered: server unavailable; try again');
    other.exec('ROLLBACK');
    other.close();
    alice.line('back again');
    expect(await alice.next()).toBe(`${alice.tag}: back again`);
    expect(await bob.next()).toBe(`${alice.tag}: back again`);
    alice.line('/history');
    expect(await alice.take(3)).toEqual(['--- Recent messages in #lobby:', `${alice.tag}: back again`, '--- End of recent messages']);
  });
});
