import { describe, expect, it } from 'vitest';
import { cloakOf } from '../../src/net/cloak';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';

/** Reads lines until one matches, so a test need not count every notice a busy room sends. */
const lineLike = async (client: TestClient, pattern: RegExp): Promise<string> => {
  for (;;) {
    const line = await client.next(5000);
    if (pattern.test(line)) return line;
  }
};

const registered = async (client: TestClient, name: string): Promise<void> => {
  client.line(`/nick ${name}`);
  client.line('/register s3cret-pass');
  await lineLike(client, /is now registered/);
};

describe('cloaks', () => {
  it('are ~ and 8 lowercase hex digits, stable for one secret, different for each ip:port and each secret', () => {
    const secret = Buffer.alloc(32, 1);
    expect(cloakOf(secret, '127.0.0.1:5000')).toMatch(/^~[0-9a-f]{8}$/);
    expect(cloakOf(secret, '127.0.0.1:5000')).toBe(cloakOf(Buffer.alloc(32, 1), '127.0.0.1:5000'));
    expect(cloakOf(secret, '127.0.0.1:5001')).not.toBe(cloakOf(secret, '127.0.0.1:5000'));
    expect(cloakOf(Buffer.alloc(32, 2), '127.0.0.1:5000')).not.toBe(cloakOf(secret, '127.0.0.1:5000'));
  });
});

describe('§15 on real sockets', () => {
  const { start, join, joinAll } = useChatServers();

  it('offline messages wait for the login, come once and in order', async () => {
    const server = await start();
    const [bob, carol] = await joinAll(server, 2);
    await registered(bob, 'bob');
    bob.line('quit');
    await bob.waitClosed();
    carol.line('/nick carol');
    await lineLike(carol, /is now known as carol/);
    for (const text of ['one', 'two', 'three']) carol.line(`/msg bob ${text}`);
    for (let i = 0; i < 3; i++) expect(await carol.next()).toBe('--- bob is offline; they will get your message when they log in');
    const back = await join(server);
    back.line('/login bob s3cret-pass');
    expect(await back.take(7)).toEqual([
      `*** ${back.tag} is now known as bob`,
      '--- Logged in as bob',
      '--- You have 3 messages:',
      `[${carol.addr}]carol -> bob: one`,
      `[${carol.addr}]carol -> bob: two`,
      `[${carol.addr}]carol -> bob: three`,
      '--- End of messages',
    ]);
    back.line('quit');
    await back.waitClosed();
    const again = await join(server);
    again.line('/login bob s3cret-pass');
    expect(await again.take(2)).toEqual([`*** ${again.tag} is now known as bob`, '--- Logged in as bob']);
    expect(await again.sync()).toEqual([]);
  });

  it('ignore by account lasts across both sides reconnecting', async () => {
    const server = await start();
    const [alice, bob] = await joinAll(server, 2);
    await registered(alice, 'alice');
    await registered(bob, 'bob');
    alice.line('/ignore bob');
    expect(await lineLike(alice, /^--- Ignoring/)).toBe('--- Ignoring bob');
    alice.line('quit');
    bob.line('quit');
    await Promise.all([alice.waitClosed(), bob.waitClosed()]);
    const [alice2, bob2, carol] = await joinAll(server, 3);
    alice2.line('/login alice s3cret-pass');
    await lineLike(alice2, /Logged in as alice/);
    bob2.line('/login bob s3cret-pass');
    await lineLike(bob2, /Logged in as bob/);
    await lineLike(carol, /is now known as bob/);
    bob2.line('can you hear me');
    await lineLike(carol, /: can you hear me$/);
    carol.line('and me?');
    expect(await lineLike(alice2, /: (can you hear me|and me\?)$/)).toBe(`${carol.tag}: and me?`);
    alice2.line('/ignore');
    expect(await lineLike(alice2, /^--- Ignoring/)).toBe('--- Ignoring: bob');
  });

  it('--hide-addresses: no real address reaches a non-operator through joins, chat, /who, /whois, /msg, kicks and bans', async () => {
    const server = await start({ hideAddresses: true, opPassword: 'op-password', maxPerIp: 0 });
    const op = await join(server, '127.0.0.2');
    op.line('/op op-password');
    expect(await op.next()).toBe('--- You are now an operator');
    const [watcher, target, victim] = [await join(server, '127.0.0.3'), await join(server, '127.0.0.4'), await join(server, '127.0.0.5')];
    const cloakLine = watcher.raw[0]!;
    const cloak = /^--- Welcome, \[(~[0-9a-f]{8})\]~[0-9a-f]{8}!/.exec(cloakLine)![1]!;
    watcher.line('/nick watcher');
    watcher.line('hello all');
    watcher.line('/me waves');
    watcher.line('/who');
    watcher.line('/rooms');
    watcher.line(`/whois ${cloak}`);
    const whoTarget = await (async () => {
      await lineLike(watcher, /^--- \d+ users in #lobby:$/);
      return lineLike(watcher, /^--- \[~/);
    })();
    expect(whoTarget).toMatch(/^--- \[~[0-9a-f]{8}\]~[0-9a-f]{8}( \(op\))?$/);
    const targetCloak = /\[(~[0-9a-f]{8})\]/.exec(target.raw[0]!)![1]!;
    watcher.line(`/msg ${targetCloak} psst`);
    watcher.line(`/whois ${targetCloak}`);
    await lineLike(watcher, new RegExp(`^--- \\[${targetCloak}\\]${targetCloak}: in #lobby, idle \\d+ s$`));
    op.line(`/whois ${targetCloak}`);
    expect(await lineLike(op, /^--- \[~.*: in/)).toBe(`--- [${targetCloak}]${targetCloak}: in #lobby, idle 0 s, from ${target.addr}`);
    op.line(`/kick ${targetCloak} bye`);
    await target.waitClosed();
    const victimCloak = /\[(~[0-9a-f]{8})\]/.exec(victim.raw[0]!)![1]!;
    op.line(`/ban ${victimCloak} 5`);
    expect(await lineLike(op, /^--- Banned/)).toBe(`--- Banned ${victimCloak} for 5 minutes`);
    await victim.waitClosed();
    op.line(`/unban ${victimCloak}`);
    expect(await lineLike(op, /^(---|!!!) /)).toBe(`--- Unbanned ${victimCloak}`);
    watcher.line('/quit done');
    await watcher.waitClosed();

    const real = /127\.0\.0\.\d+(:\d+)?/;
    for (const [who, client] of [['watcher', watcher], ['target', target], ['victim', victim]] as const) {
      const bytes = client.raw.join('');
      expect(bytes.length, who).toBeGreaterThan(0);
      expect(real.exec(bytes)?.[0], who).toBeUndefined();
    }
    // The operator saw the real address only in the /whois line.
    expect(op.raw.filter((l) => real.test(l))).toEqual([`--- [${targetCloak}]${targetCloak}: in #lobby, idle 0 s, from ${target.addr}\n`]);
  });
});
