import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChatServers } from '../support/server';

/** Protocol v2 §7–9 on real sockets, row by row, with exact texts. */
describe('rooms and history on real sockets', () => {
  const { start, join, joinAll, connect } = useChatServers();

  it('/join tells the old room, the mover and the new room; /rooms and /who follow', async () => {
    const server = await start();
    const [a, b, c] = await joinAll(server, 3);
    c.line('/join #Dev');
    expect(await a.next()).toBe(`*** ${c.tag} left for #Dev`);
    expect(await b.next()).toBe(`*** ${c.tag} left for #Dev`);
    expect(await c.take(2)).toEqual(['--- Now in #Dev: 1 users here.', `*** ${c.tag} joined`]);
    b.line('/join dev');
    expect(await a.next()).toBe(`*** ${b.tag} left for #Dev`);
    expect(await b.take(2)).toEqual(['--- Now in #Dev: 2 users here.', `*** ${b.tag} joined`]);
    expect(await c.next()).toBe(`*** ${b.tag} joined`);
    b.line('/rooms');
    expect(await b.take(3)).toEqual(['--- 2 rooms:', '--- #lobby (1 users)', '--- #Dev (2 users) (here)']);
    c.line('/who');
    expect(await c.take(3)).toEqual(['--- 2 users in #Dev:', `--- ${c.tag} (you)`, `--- ${b.tag}`]);
    b.line('/join #DEV');
    expect(await b.next()).toBe('--- You are already in #Dev');
    b.line('/join');
    b.line('/join no way');
    expect(await b.take(2)).toEqual(['!!! Usage: /join ROOM', '!!! Invalid room name: 1-24 letters, digits, _ - .']);
  });

  it('scopes chat, /me and leave notices to the room; /msg crosses rooms; shutdown reaches all', async () => {
    const server = await start();
    const [a, b] = await joinAll(server, 2);
    b.line('/join dev');
    await a.next();
    await b.take(2);
    a.line('lobby only');
    b.line('/me in dev');
    expect(await a.next()).toBe(`${a.tag}: lobby only`);
    expect(await b.next()).toBe(`* ${b.tag} in dev`);
    b.line(`/msg ${a.addr} across`);
    expect(await a.next()).toBe(`[${b.addr}]${b.addr} -> ${a.addr}: across`);
    expect(await b.next()).toBe(`[${b.addr}]${b.addr} -> ${a.addr}: across`);
    expect(await a.sync()).toEqual([]);
    expect(await b.sync()).toEqual([]);
    void server.shutdown();
    expect(await a.next()).toBe('*** Server is shutting down');
    expect(await b.next()).toBe('*** Server is shutting down');
  });

  it('sends the last H lines on connect and on /join, between the markers; a room ends with its last member', async () => {
    const server = await start({ history: 2 });
    const a = await join(server);
    a.line('one');
    a.line('/me two');
    a.line('three');
    expect(await a.take(3)).toEqual([`${a.tag}: one`, `* ${a.tag} two`, `${a.tag}: three`]);
    const b = await connect(server);
    expect(await b.take(5)).toEqual([
      `--- Welcome, ${b.tag}! 2 users online. Type /help for commands.`,
      '--- Recent messages in #lobby:',
      `* ${a.tag} two`,
      `${a.tag}: three`,
      '--- End of recent messages',
    ]);
    expect(await b.next()).toBe(`*** ${b.tag} joined`);
    expect(await a.next()).toBe(`*** ${b.tag} joined`);
    b.line('/join side');
    await b.take(2);
    expect(await a.next()).toBe(`*** ${b.tag} left for #side`);
    b.line('said in side');
    await b.next();
    b.line('/join lobby');
    expect(await b.take(5)).toEqual([
      '--- Now in #lobby: 2 users here.',
      '--- Recent messages in #lobby:',
      `* ${a.tag} two`,
      `${a.tag}: three`,
      '--- End of recent messages',
    ]);
    expect(await b.next()).toBe(`*** ${b.tag} joined`);
    expect(await a.next()).toBe(`*** ${b.tag} joined`);
    // #side ended with its last member: entering it again finds no history.
    a.line('/join side');
    expect(await a.take(2)).toEqual(['--- Now in #side: 1 users here.', `*** ${a.tag} joined`]);
  });

  it('a newcomer whose welcome and history pass --max-backlog, but who reads, gets all of it: output the server has not offered yet never counts', async () => {
    const server = await start({ maxBacklog: 16 * 1024, history: 20 });
    const a = await join(server);
    const sent = Array.from({ length: 10 }, (_, i) => `${i} ${'h'.repeat(4000)}`);
    for (const text of sent) {
      a.line(text);
      await a.next();
    }
    const b = await connect(server);
    expect(await b.take(13)).toEqual([
      expect.stringMatching(/^--- Welcome, /),
      '--- Recent messages in #lobby:',
      ...sent.map((text) => `${a.tag}: ${text}`),
      '--- End of recent messages',
    ]);
    expect(await b.next()).toBe(`*** ${b.tag} joined`);
    expect(await a.next()).toBe(`*** ${b.tag} joined`);
    expect(server.stats()).toMatchObject({ connections: 2, members: 2 });
  });

  it('/away, /back and the away reply to /msg, and the who suffix', async () => {
    const server = await start();
    const [a, b] = await joinAll(server, 2);
    b.line('/away');
    b.line('/back');
    b.line('/away at lunch');
    expect(await b.take(3)).toEqual(['!!! Usage: /away TEXT', '!!! You are not away', '--- You are away: at lunch']);
    a.line(`/msg ${b.addr} ping`);
    const line = `${a.tag} -> ${b.addr}: ping`;
    expect(await a.take(2)).toEqual([line, `--- ${b.addr} is away: at lunch`]);
    expect(await b.next()).toBe(line);
    a.line('/who');
    expect(await a.take(3)).toEqual(['--- 2 users in #lobby:', `--- ${a.tag} (you)`, `--- ${b.tag} (away: at lunch)`]);
    b.line('/back');
    expect(await b.next()).toBe('--- You are back');
  });
});

describe('operators on real sockets', () => {
  const { start, join, joinAll, connect } = useChatServers();
  const password = 'correct horse battery';

  const operator = async (server: Awaited<ReturnType<typeof start>>) => {
    const op = await join(server);
    op.line(`/op ${password}`);
    expect(await op.next()).toBe('--- You are now an operator');
    return op;
  };

  it('/op: nobody else is told; wrong passwords, the third disconnects; a server without operators says so', async () => {
    const server = await start({ opPassword: password });
    const [a, b] = await joinAll(server, 2);
    a.line(`/op ${password}`);
    expect(await a.next()).toBe('--- You are now an operator');
    b.line('/op guess1');
    b.line('/op guess2');
    expect(await b.take(2)).toEqual(['!!! Wrong password', '!!! Wrong password']);
    b.line('/op guess3');
    expect(await b.next()).toBe('!!! Too many wrong passwords; disconnecting');
    await b.waitClosed();
    expect(await a.next()).toBe(`*** ${b.tag} left`);
    a.line('/who');
    expect(await a.take(2)).toEqual(['--- 1 users in #lobby:', `--- ${a.tag} (op) (you)`]);

    const plain = await start();
    const c = await join(plain);
    c.line(`/op ${password}`);
    c.line('/kick x');
    expect(await c.take(2)).toEqual(['!!! No operators on this server', '!!! Not an operator']);
  });

  it('/kick closes the target with the reason and tells the rest of its room', async () => {
    const server = await start({ opPassword: password });
    const op = await operator(server);
    const [t, w] = [await join(server), await join(server)];
    await op.take(2);
    await t.next();
    op.line(`/kick ${t.addr} spam`);
    expect(await t.next()).toBe(`!!! Kicked by ${op.tag}: spam`);
    await t.waitClosed();
    expect(await op.next()).toBe(`*** ${t.tag} was kicked by ${op.tag} (spam)`);
    expect(await w.next()).toBe(`*** ${t.tag} was kicked by ${op.tag} (spam)`);
    op.line('/kick nobody');
    op.line('/kick');
    expect(await op.take(2)).toEqual(['!!! No such user: nobody', '!!! Usage: /kick NAME [REASON]']);
  });

  it('/ban closes every connection from the IP, refuses new ones unheard until /unban', async () => {
    const server = await start({ opPassword: password });
    const op = await operator(server);
    const t1 = await join(server, '127.0.0.2');
    const t2 = await join(server, '127.0.0.2');
    const w = await join(server, '127.0.0.3');
    await op.take(3);
    await t1.take(2);
    await t2.next();
    op.line(`/ban ${t1.addr} 5`);
    expect(await t1.next()).toBe(`!!! Banned by ${op.tag}`);
    expect(await t2.take(2)).toEqual([`*** ${t1.tag} was banned by ${op.tag}`, `!!! Banned by ${op.tag}`]);
    await Promise.all([t1.waitClosed(), t2.waitClosed()]);
    expect(await op.take(3)).toEqual([
      `*** ${t1.tag} was banned by ${op.tag}`,
      `*** ${t2.tag} was banned by ${op.tag}`,
      '--- Banned 127.0.0.2 for 5 minutes',
    ]);
    expect(await w.take(2)).toEqual([`*** ${t1.tag} was banned by ${op.tag}`, `*** ${t2.tag} was banned by ${op.tag}`]);

    const again = await connect(server, '127.0.0.2');
    expect(await again.next()).toBe('!!! You are banned from this server');
    await again.waitClosed();
    expect(await w.sync()).toEqual([]);
    // Turned away at the gate: no connection actor, no pipeline, no room event.
    expect(server.stats()).toMatchObject({ connections: 2, members: 2, pipelines: 2 });

    op.line('/unban 127.0.0.2');
    op.line('/unban 127.0.0.2');
    expect(await op.take(2)).toEqual(['--- Unbanned 127.0.0.2', '!!! 127.0.0.2 is not banned']);
    const back = await connect(server, '127.0.0.2');
    expect((await back.next()).startsWith(`--- Welcome, ${back.tag}!`)).toBe(true);
  });

  it('/mute refuses chat, /me and /msg; /unmute lets the target talk again; both told to its room', async () => {
    const server = await start({ opPassword: password });
    const op = await operator(server);
    const t = await join(server);
    await op.next();
    op.line(`/mute ${t.addr}`);
    expect(await op.next()).toBe(`*** ${t.tag} was muted by ${op.tag}`);
    expect(await t.next()).toBe(`*** ${t.tag} was muted by ${op.tag}`);
    t.line('hello?');
    t.line('/me tries');
    t.line(`/msg ${op.addr} psst`);
    expect(await t.take(3)).toEqual(['!!! You are muted', '!!! You are muted', '!!! You are muted']);
    op.line(`/unmute ${t.addr}`);
    expect(await t.next()).toBe(`*** ${t.tag} was unmuted by ${op.tag}`);
    t.line('free');
    expect(await t.next()).toBe(`${t.tag}: free`);
    expect(await op.take(2)).toEqual([`*** ${t.tag} was unmuted by ${op.tag}`, `${t.tag}: free`]);
  });

  it('records /op with the password replaced by ***, and the replay still reproduces the session', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'rxchat-op-'));
    const file = joinPath(dir, 'op.jsonl');
    const server = await start({ opPassword: password, record: file });
    const a = await join(server);
    a.line(`/op ${password}`);
    a.line('/op wrong guess');
    expect(await a.take(2)).toEqual(['--- You are now an operator', '!!! Wrong password']);
    await server.shutdown();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain('wrong guess');
    expect(text.match(/"text":"\/op \*\*\*"/g)).toHaveLength(2);
    const { parseRecording, replay } = await import('../../src/record/replay');
    const records = parseRecording(text);
    expect(records._tag).toBe('Right');
    if (records._tag === 'Right') expect(replay(records.right)).toMatchObject({ ok: true });
  });
});

describe('the message of the day', () => {
  const { start, connect } = useChatServers();

  it('comes right after the welcome, before the history', async () => {
    const server = await start({ motd: ['Be kind.', 'No spam.'] });
    const a = await connect(server);
    expect(await a.take(4)).toEqual([
      `--- Welcome, ${a.tag}! 1 users online. Type /help for commands.`,
      '--- Be kind.',
      '--- No spam.',
      `*** ${a.tag} joined`,
    ]);
  });
});
