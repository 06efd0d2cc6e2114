import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';

/** Reads lines until one matches, so a test need not count every notice a busy room sends. */
const lineLike = async (client: TestClient, pattern: RegExp): Promise<string> => {
  for (;;) {
    const line = await client.next(5000);
    if (pattern.test(line)) return line;
  }
};

describe('accounts on real sockets', () => {
  const { start, join, joinAll } = useChatServers();

  it('register, quit; nobody else can take the name; the owner logs in from a new connection', async () => {
    const server = await start();
    const alice = await join(server);
    alice.line('/nick alice');
    alice.line('/register s3cret-pass');
    expect(await alice.take(2)).toEqual([
      `*** ${alice.tag} is now known as alice`,
      '--- alice is now registered; next time use /login alice PASSWORD',
    ]);
    alice.line('quit');
    expect(await alice.next()).toBe('--- Bye!');
    await alice.waitClosed();

    const [mallory, later] = await joinAll(server, 2);
    mallory.line('/nick Alice');
    mallory.line('rename|ALICE');
    mallory.line('/login alice guessing1');
    expect(await mallory.take(3)).toEqual([
      '!!! Name Alice is registered; use /login Alice PASSWORD',
      '!!! Name ALICE is registered; use /login ALICE PASSWORD',
      '!!! Wrong name or password',
    ]);

    later.line('/login ALICE s3cret-pass');
    expect(await later.take(2)).toEqual([`*** ${later.tag} is now known as alice`, '--- Logged in as alice']);
    expect(await mallory.next()).toBe(`*** ${later.tag} is now known as alice`);
  });

  it('a login from a new connection renames the old holder back to its addr, and its room sees it', async () => {
    const server = await start();
    const [old, watcher, fresh] = await joinAll(server, 3);
    old.line('/nick alice');
    old.line('/register s3cret-pass');
    await lineLike(old, /registered/);
    await lineLike(watcher, /is now known as alice$/);
    await lineLike(fresh, /is now known as alice$/);
    fresh.line('/identify alice s3cret-pass');
    const expected = [`*** [${old.addr}]alice is now known as ${old.addr}`, `*** ${fresh.tag} is now known as alice`];
    expect(await fresh.take(3)).toEqual([...expected, '--- Logged in as alice']);
    expect(await watcher.take(2)).toEqual(expected);
    expect(await old.take(2)).toEqual(expected);
  });

  it('changes a password: the old one no longer logs in, the new one does; three wrong ones disconnect', async () => {
    const server = await start({ opPassword: 'op-password' });
    const [alice, other] = await joinAll(server, 2);
    alice.line('/nick alice');
    alice.line('/password a b');
    alice.line('/register s3cret-pass');
    alice.line('/password wrong-one new-password');
    alice.line('/password s3cret-pass short');
    alice.line('/password s3cret-pass new-password');
    expect(await alice.take(6)).toEqual([
      `*** ${alice.tag} is now known as alice`,
      '!!! Not logged in',
      '--- alice is now registered; next time use /login alice PASSWORD',
      '!!! Wrong password',
      '!!! Password too short (min 8 characters)',
      '--- Password changed',
    ]);
    await other.take(1);
    other.line('/login alice s3cret-pass');
    expect(await other.next()).toBe('!!! Wrong name or password');
    other.line('/op not-it');
    expect(await other.next()).toBe('!!! Wrong password');
    other.line('/login alice also-wrong');
    expect(await other.next()).toBe('!!! Too many wrong passwords; disconnecting');
    await other.waitClosed();
    const third = await join(server);
    third.line('/login alice new-password');
    expect(await lineLike(third, /^--- /)).toBe('--- Logged in as alice');
  });

  it('keeps each client\'s lines in order around a password check, and others\' chat goes on meanwhile', async () => {
    const server = await start();
    const [alice, bob] = await joinAll(server, 2);
    alice.line('/nick alice');
    alice.line('/register s3cret-pass');
    alice.line('right after');
    expect(await alice.take(3)).toEqual([
      `*** ${alice.tag} is now known as alice`,
      '--- alice is now registered; next time use /login alice PASSWORD',
      `[${alice.addr}]alice: right after`,
    ]);
    expect(await bob.take(2)).toEqual([`*** ${alice.tag} is now known as alice`, `[${alice.addr}]alice: right after`]);
  });

  it('--op-accounts: such an account is an operator once logged in', async () => {
    const server = await start({ opAccounts: ['boss'] });
    const boss = await join(server);
    boss.line('/nick Boss');
    boss.line('/register s3cret-pass');
    boss.line('/kick nobody');
    boss.line('quit');
    expect(await boss.take(4)).toEqual([
      `*** ${boss.tag} is now known as Boss`,
      '--- Boss is now registered; next time use /login Boss PASSWORD',
      '!!! Not an operator',
      '--- Bye!',
    ]);
    const again = await join(server);
    again.line('/login boss s3cret-pass');
    again.line('/unregister boss');
    expect(await again.take(4)).toEqual([
      `*** ${again.tag} is now known as Boss`,
      '--- Logged in as Boss',
      '--- You are now an operator',
      '--- Boss is no longer registered',
    ]);
  });
});

describe('password checks off the fold', () => {
  const { start, join, joinAll } = useChatServers();

  it('chat goes on while many logins are being hashed', async () => {
    const server = await start({ maxPerIp: 0 });
    const [bob, watcher] = await joinAll(server, 2);
    const many: TestClient[] = [];
    for (let i = 0; i < 40; i++) many.push(await join(server));
    many.forEach((c) => c.line('/login nobody wrong-password'));
    bob.line('still here');
    await lineLike(watcher, /: still here$/);
    // Each scrypt takes tens of ms on a pool of 4 threads: most of the 40 are still being hashed.
    const answered = many.filter((c) => c.pending.includes('!!! Wrong name or password')).length;
    expect(answered).toBeLessThan(40);
    for (const c of many) expect(await lineLike(c, /^!!! /)).toBe('!!! Wrong name or password');
  });
});
