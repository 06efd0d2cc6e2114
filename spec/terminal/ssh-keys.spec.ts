import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { loadOrCreateHostKey } from '../../src/ssh/host-key';
import { TestClient, welcomeLine } from '../support/client';
import { useChatServers } from '../support/server';
import { DEADLINE_MS, has, Terminal, useTerminals } from '../support/tmux';

/**
 * A key as an identity (§16, §13) with OpenSSH's own `ssh` under tmux and
 * throw-away keys: `/register` with no password ties the name to the key
 * whose fingerprint `ssh-keygen -l` prints; that key logs the name in at
 * once, also after a restart on the same --data; another key is refused the
 * name. Skipped where ssh, ssh-keygen or tmux is missing, unless
 * RXCHAT_TERMINAL_TESTS=required (as in CI: .ci/run installs them).
 */
const missing = ['ssh', 'ssh-keygen', 'tmux'].filter((c) => !has(c));
if (missing.length > 0 && process.env.RXCHAT_TERMINAL_TESTS === 'required') throw new Error(`terminal tests need ${missing.join(', ')} (see .ci/run)`);

const dir = mkdtempSync(join(tmpdir(), 'rxchat-ssh-keys-'));
const hostKey = loadOrCreateHostKey(join(dir, 'host_key'));
if (E.isLeft(hostKey)) throw new Error(hostKey.left);
const ALICE_KEY = join(dir, 'alice_ed25519');
const OTHER_KEY = join(dir, 'other_ed25519');

/** The fingerprint as `ssh-keygen -l -f KEY` prints it: `256 SHA256:… comment (ED25519)`. */
const fingerprintOf = (key: string): string => execFileSync('ssh-keygen', ['-l', '-f', key], { encoding: 'utf8' }).split(' ')[1]!;

/** `ssh -p P USER@127.0.0.1` offering only `key`, with no config and no known hosts. */
const sshCommand = (server: ChatServer, user: string, key: string): string =>
  [
    'ssh', '-F', '/dev/null', '-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-p', String(server.sshPort), `${user}@127.0.0.1`,
  ].join(' ');

const welcome = welcomeLine;

describe.skipIf(missing.length > 0)('an SSH key as an identity, with OpenSSH ssh under tmux', { timeout: 60_000 }, () => {
  const { start, join: joinRoom } = useChatServers();
  const open = useTerminals();
  beforeAll(() => {
    for (const key of [ALICE_KEY, OTHER_KEY]) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** ssh into the room as `user` with `key`; the addr the watcher saw join under `shownAs` (the name, or the addr itself), and its screen at the prompt. */
  const arrive = async (server: ChatServer, watcher: TestClient, user: string, key: string, shownAs: 'name' | 'addr') => {
    const terminal = await open(sshCommand(server, user, key));
    const joined = await watcher.next(DEADLINE_MS);
    const match = /^\*\*\* \[([^\]]+)\](\S+) joined$/.exec(joined);
    if (!match) throw new Error(`expected a join notice, got ${JSON.stringify(joined)}`);
    const addr = match[1]!;
    expect(match[2]).toBe(shownAs === 'name' ? user : addr);
    await terminal.untilText(`*** [${addr}]${match[2]} joined`);
    await terminal.untilLastLine('>');
    return { terminal, addr, tag: `[${addr}]${match[2]}` };
  };

  /** Once `last` is on the screen and the prompt under it: the screen's lines from the welcome on, the prompt's line left out. */
  const linesUpTo = async (terminal: Terminal, last: string): Promise<string[]> => {
    await terminal.untilText(last);
    const lines = (await terminal.untilLastLine('>')).split('\n');
    return lines.slice(lines.findIndex((l) => l.startsWith('--- Welcome')), -1);
  };

  it('/register ties the name to the key ssh-keygen -l names; that key logs it in at once, also after a restart on --data; another key is refused it', async () => {
    const data = join(dir, 'chat.db');
    const first = await start({ sshPort: 0, sshKey: hostKey.right, data });
    let watcher = await joinRoom(first);

    const alice = await arrive(first, watcher, 'alice', ALICE_KEY, 'name');
    await alice.terminal.type('/register');
    const registered = `--- alice is now registered to your key ${fingerprintOf(ALICE_KEY)}`;
    expect(await linesUpTo(alice.terminal, registered)).toEqual([welcome(alice.tag, 2), `*** ${alice.tag} joined`, '> /register', registered]);
    await alice.terminal.keys('C-d');
    expect(await watcher.next()).toBe(`*** ${alice.tag} left`);

    const again = await arrive(first, watcher, 'alice', ALICE_KEY, 'name');
    expect(await linesUpTo(again.terminal, '--- Logged in as alice')).toEqual([welcome(again.tag, 2), `*** ${again.tag} joined`, '--- Logged in as alice']);
    await again.terminal.keys('C-d');
    expect(await watcher.next()).toBe(`*** ${again.tag} left`);

    const other = await arrive(first, watcher, 'alice', OTHER_KEY, 'addr');
    expect(await linesUpTo(other.terminal, `*** ${other.tag} joined`)).toEqual([welcome(other.tag, 2), '!!! Name alice is registered; use /login alice PASSWORD', `*** ${other.tag} joined`]);
    await other.terminal.keys('C-d');
    expect(await watcher.next()).toBe(`*** ${other.tag} left`);

    await first.shutdown();
    const second = await start({ sshPort: 0, sshKey: hostKey.right, data });
    watcher = await joinRoom(second);
    const afterRestart = await arrive(second, watcher, 'alice', ALICE_KEY, 'name');
    expect(await linesUpTo(afterRestart.terminal, '--- Logged in as alice')).toEqual([welcome(afterRestart.tag, 2), `*** ${afterRestart.tag} joined`, '--- Logged in as alice']);
    await afterRestart.terminal.keys('C-d');
    expect(await watcher.next()).toBe(`*** ${afterRestart.tag} left`);
    const stranger = await arrive(second, watcher, 'alice', OTHER_KEY, 'addr');
    expect(await linesUpTo(stranger.terminal, `*** ${stranger.tag} joined`)).toEqual([
      welcome(stranger.tag, 2),
      '!!! Name alice is registered; use /login alice PASSWORD',
      `*** ${stranger.tag} joined`,
    ]);
  });
});
