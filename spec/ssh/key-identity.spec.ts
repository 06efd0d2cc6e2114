import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { Config } from '../../src/config/config';
import { parseRecording, replay } from '../../src/record/replay';
import { welcomeLine } from '../support/client';
import { useChatServers } from '../support/server';
import { testHostKey, throwAwayKey, useSshClients } from '../support/ssh-client';

/** §16 and §13 on ssh2's client: a name tied to a key with `/register`, logged in by that key, refused to any other. */
const hostKey = testHostKey();
const withSsh = (overrides: Partial<Config> = {}): Partial<Config> => ({ sshPort: 0, sshKey: hostKey, ...overrides });

const { start, join: joinPlain } = useChatServers();
const key = throwAwayKey();
const otherKey = throwAwayKey();
const ssh = useSshClients(key);
const welcome = welcomeLine;

/** alice ties her name to `key` and leaves; the watcher has seen her go. */
const registered = async (server: ChatServer) => {
  const watcher = await joinPlain(server);
  const alice = await ssh(server);
  const tag = `[${alice.addr}]alice`;
  expect(await alice.take(2)).toEqual([welcome(tag, 2), `*** ${tag} joined`]);
  alice.line('/register');
  expect(await alice.next()).toBe(`--- alice is now registered to your key ${key.fingerprint}`);
  alice.line('/quit');
  expect(await alice.next()).toBe('--- Bye!');
  await alice.closed;
  expect(await watcher.take(2)).toEqual([`*** ${tag} joined`, `*** ${tag} left`]);
  return watcher;
};

describe('an SSH key as an identity', () => {
  it('/register with no password ties the name to the key; the next login with that key as that name is logged in at once', async () => {
    const server = await start(withSsh());
    const watcher = await registered(server);
    const again = await ssh(server);
    const tag = `[${again.addr}]alice`;
    expect(await again.take(3)).toEqual([welcome(tag, 2), `*** ${tag} joined`, '--- Logged in as alice']);
    expect(await watcher.next()).toBe(`*** ${tag} joined`);
    again.line('/whois alice');
    expect(await again.next()).toBe(`--- ${tag}: in #lobby, idle 0 s, registered`);
    // A password is no way into an account tied to a key.
    watcher.line('/login alice anything-at-all');
    expect(await watcher.next()).toBe('!!! Wrong name or password');
  });

  it('refuses the name to another key, and to a login without a key, with the registered-name line; each keeps its addr', async () => {
    const server = await start(withSsh());
    const watcher = await registered(server);
    const other = await ssh(server, { privateKey: otherKey.privateKey });
    expect(await other.take(3)).toEqual([welcome(other.tag, 2), '!!! Name alice is registered; use /login alice PASSWORD', `*** ${other.tag} joined`]);
    const keyless = await ssh(server, { privateKey: undefined });
    expect(await keyless.take(3)).toEqual([welcome(keyless.tag, 3), '!!! Name alice is registered; use /login alice PASSWORD', `*** ${keyless.tag} joined`]);
    expect(await watcher.take(2)).toEqual([`*** ${other.tag} joined`, `*** ${keyless.tag} joined`]);
    expect(await other.next()).toBe(`*** ${keyless.tag} joined`);
    other.line('/nick alice');
    expect(await other.next()).toBe('!!! Name alice is registered; use /login alice PASSWORD');
    other.line('who online');
    expect(await other.take(4)).toEqual(['--- 3 users in #lobby:', `--- ${watcher.tag}`, `--- ${other.tag} (you)`, `--- ${keyless.tag}`]);
  });

  it('asks for a password where there is no key to tie to: a keyboard-interactive login, or nc', async () => {
    const server = await start(withSsh());
    const plain = await joinPlain(server);
    const bob = await ssh(server, { user: 'bob', privateKey: undefined });
    await bob.take(2);
    bob.line('/register');
    expect(await bob.next()).toBe('!!! Usage: /register PASSWORD');
    plain.line('/nick carol');
    plain.line('/register');
    expect(await plain.take(3)).toEqual([`*** [${bob.addr}]bob joined`, `*** ${plain.tag} is now known as carol`, '!!! Usage: /register PASSWORD']);
  });

  it('refuses /register in the usual words: no name chosen, already registered', async () => {
    const server = await start(withSsh());
    const nameless = await ssh(server, { user: 'not a name' });
    await nameless.take(3);
    nameless.line('/register');
    expect(await nameless.next()).toBe('!!! Choose a name first with /nick NAME');
    nameless.line('/nick alice');
    nameless.line('/register');
    nameless.line('/register');
    expect(await nameless.take(3)).toEqual([
      `*** ${nameless.tag} is now known as alice`,
      `--- alice is now registered to your key ${key.fingerprint}`,
      '!!! alice is already registered',
    ]);
  });

  it('logs the key holder in while an earlier session of hers is still on, renaming that one back to its addr first', async () => {
    const server = await start(withSsh());
    const first = await ssh(server);
    const firstTag = `[${first.addr}]alice`;
    await first.take(2);
    first.line('/register');
    await first.next();
    const second = await ssh(server);
    const tag = `[${second.addr}]alice`;
    expect(await first.take(2)).toEqual([`*** ${firstTag} is now known as ${first.addr}`, `*** ${tag} joined`]);
    expect(await second.take(3)).toEqual([welcome(tag, 2), `*** ${tag} joined`, '--- Logged in as alice']);
  });

  it('with --data, the registration outlives a restart', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'rxchat-data-')), 'chat.db');
    const first = await start(withSsh({ data }));
    await registered(first);
    await first.shutdown();

    const second = await start(withSsh({ data }));
    const again = await ssh(second);
    const tag = `[${again.addr}]alice`;
    expect(await again.take(3)).toEqual([welcome(tag, 1), `*** ${tag} joined`, '--- Logged in as alice']);
    again.line('/quit');
    expect(await again.next()).toBe('--- Bye!');
    await again.closed;
    const other = await ssh(second, { privateKey: otherKey.privateKey });
    expect(await other.take(2)).toEqual([welcome(other.tag, 1), '!!! Name alice is registered; use /login alice PASSWORD']);
  });

  it("is recorded with the key's fingerprint only where its owner saw it: the recording replays to a match, the login by key included", async () => {
    const record = join(mkdtempSync(join(tmpdir(), 'rxchat-record-')), 'keys.jsonl');
    const server = await start(withSsh({ record }));
    const watcher = await registered(server);
    const again = await ssh(server);
    expect((await again.take(3)).at(-1)).toBe('--- Logged in as alice');
    await watcher.next();
    await server.shutdown();
    const text = readFileSync(record, 'utf8');
    expect(text).toContain('"kind":"register","client"');
    expect(text).toContain('"login":{"account":"alice"');
    // The key's fingerprint (public) is in the registration and the reply its owner got, nowhere else.
    expect(text.split('\n').filter((l) => l.includes(key.fingerprint))).toEqual([
      expect.stringContaining('"kind":"register"'),
      expect.stringContaining('"kind":"out"'),
    ]);
    const records = parseRecording(text);
    if (E.isLeft(records)) throw new Error(records.left);
    expect(replay(records.right)).toMatchObject({ ok: true });
  });
});
