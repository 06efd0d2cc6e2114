import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';
import { DEADLINE_MS, has, nextJoiner, terminalEnv, useTerminals } from '../support/tmux';
import { loadOrCreateHostKey } from '../../src/ssh/host-key';
import * as E from 'fp-ts/Either';

/**
 * OpenSSH's own `ssh` (Debian's openssh-client), the client Windows 10+,
 * macOS and every Linux ship, typed into through tmux with a throw-away
 * key, and checked two ways: what the room got (a TestClient in the room)
 * and what the client's screen shows. `.ci/run` installs ssh, nc and tmux
 * when missing and sets RXCHAT_TERMINAL_TESTS=required, so in CI a missing
 * client fails the run; elsewhere these tests are skipped.
 */
const missing = ['ssh', 'ssh-keygen', 'nc', 'tmux'].filter((c) => !has(c));
if (missing.length > 0 && process.env.RXCHAT_TERMINAL_TESTS === 'required') throw new Error(`terminal tests need ${missing.join(', ')} (see .ci/run)`);

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'rxchat-ssh-client-'));
const hostKey = loadOrCreateHostKey(join(dir, 'host_key'));
if (E.isLeft(hostKey)) throw new Error(hostKey.left);
const KEY = join(dir, 'id_ed25519');

/** `ssh` as a person would type it, with no config, no known hosts and only the throw-away key. */
const sshArgs = (server: ChatServer, user: string): string[] => [
  '-F', '/dev/null',
  '-i', KEY,
  '-o', 'IdentitiesOnly=yes',
  '-o', 'StrictHostKeyChecking=no',
  '-o', 'UserKnownHostsFile=/dev/null',
  '-o', 'LogLevel=ERROR',
  '-p', String(server.sshPort),
  `${user}@127.0.0.1`,
];

describe.skipIf(missing.length > 0)('OpenSSH ssh under tmux', { timeout: 60_000 }, () => {
  const { start, join: joinRoom } = useChatServers();
  const open = useTerminals();
  beforeAll(() => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', KEY]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** An ssh session in the room under `user`, its addr, its tag; the watcher has seen it join. */
  const sshInRoom = async (server: ChatServer, watcher: TestClient, user: string) => {
    const terminal = await open(['ssh', ...sshArgs(server, user)].join(' '));
    const addr = await nextJoiner(watcher, user);
    const tag = `[${addr}]${user}`;
    await terminal.untilText(`*** ${tag} joined`);
    await terminal.untilLastLine('>');
    return { terminal, addr, tag };
  };

  it('two ssh users and an nc user chat in one room with exact lines', async () => {
    const server = await start({ sshPort: 0, sshKey: hostKey.right });
    const watcher = await joinRoom(server);
    const alice = await sshInRoom(server, watcher, 'alice');
    const bob = await sshInRoom(server, watcher, 'bob');
    await alice.terminal.untilText(`*** ${bob.tag} joined`);
    const nc = await open(`nc 127.0.0.1 ${server.port}`);
    const ncAddr = await nextJoiner(watcher, '[^\\]]+');
    const ncTag = `[${ncAddr}]${ncAddr}`;

    await alice.terminal.type('hello from alice');
    await bob.terminal.type('你好 from bob');
    await nc.type('hi from nc');
    expect(await watcher.take(3)).toEqual([`${alice.tag}: hello from alice`, `${bob.tag}: 你好 from bob`, `${ncTag}: hi from nc`]);
    const chat = [`${alice.tag}: hello from alice`, `${bob.tag}: 你好 from bob`, `${ncTag}: hi from nc`];
    // Each screen shows the same lines in the same order, each whole on its own line; the ssh screens end at an empty prompt.
    for (const t of [alice.terminal, bob.terminal, nc]) await t.untilText(chat[2]!);
    for (const t of [alice.terminal, bob.terminal, nc]) {
      const lines = (await t.screen()).split('\n');
      expect(lines.filter((l) => chat.includes(l))).toEqual(chat);
    }
    expect(await alice.terminal.lastLine()).toBe('>');
    expect(await bob.terminal.lastLine()).toBe('>');
    expect((await alice.terminal.screen()).split('\n')).toContain('> hello from alice');
  });

  it('keeps a half-typed Chinese line intact below an incoming line; Backspace over a wide character; Up; Ctrl-C', async () => {
    const server = await start({ sshPort: 0, sshKey: hostKey.right });
    const watcher = await joinRoom(server);
    const alice = await sshInRoom(server, watcher, 'alice');

    await alice.terminal.type('你好世界', false);
    await alice.terminal.untilLastLine('> 你好世界');
    watcher.line('incoming while typing');
    expect(await watcher.next()).toBe(`[${watcher.addr}]${watcher.addr}: incoming while typing`);
    const screen = await alice.terminal.untilText(`[${watcher.addr}]${watcher.addr}: incoming while typing`);
    expect(screen.split('\n').slice(-2)).toEqual([`[${watcher.addr}]${watcher.addr}: incoming while typing`, '> 你好世界']);
    // The cursor stayed where it was: what is typed next goes on the end.
    await alice.terminal.type('！');
    expect(await watcher.next()).toBe(`${alice.tag}: 你好世界！`);

    await alice.terminal.type('中文', false);
    await alice.terminal.untilLastLine('> 中文');
    await alice.terminal.keys('BSpace');
    await alice.terminal.untilLastLine('> 中');
    await alice.terminal.keys('Enter');
    expect(await watcher.next()).toBe(`${alice.tag}: 中`);

    await alice.terminal.untilLastLine('>');
    await alice.terminal.keys('Up');
    await alice.terminal.untilLastLine('> 中');
    await alice.terminal.keys('Up');
    await alice.terminal.untilLastLine('> 你好世界！');
    await alice.terminal.keys('Enter');
    expect(await watcher.next()).toBe(`${alice.tag}: 你好世界！`);

    await alice.terminal.untilLastLine('>');
    await alice.terminal.type('never sent', false);
    await alice.terminal.untilLastLine('> never sent');
    await alice.terminal.keys('C-c');
    await alice.terminal.untilLastLine('>');
    await alice.terminal.type('after ctrl-c');
    expect(await watcher.next()).toBe(`${alice.tag}: after ctrl-c`);
  });

  it('leaves on Ctrl-D with the usual leave notice for the others; ssh exits 0', async () => {
    const server = await start({ sshPort: 0, sshKey: hostKey.right });
    const watcher = await joinRoom(server);
    const alice = await sshInRoom(server, watcher, 'alice');
    const bob = await sshInRoom(server, watcher, 'bob');
    await bob.terminal.keys('C-d');
    expect(await watcher.next()).toBe(`*** ${bob.tag} left`);
    await alice.terminal.untilText(`*** ${bob.tag} left`);
    expect(await bob.terminal.untilExit()).toBe(0);
  });

  it("`printf 'who online\\n' | ssh -T …` prints the list and exits 0", async () => {
    const server = await start({ sshPort: 0, sshKey: hostKey.right });
    const watcher = await joinRoom(server);
    const { stdout, stderr } = await run('sh', ['-c', `printf 'who online\\n' | ssh -T ${sshArgs(server, 'carol').join(' ')}`], { env: terminalEnv });
    const addr = await nextJoiner(watcher, 'carol');
    const tag = `[${addr}]carol`;
    expect(stdout).toBe(
      [`--- Welcome, ${tag}! 2 users online. Type /help for commands.`, `*** ${tag} joined`, '--- 2 users in #lobby:', `--- ${watcher.tag}`, `--- ${tag} (you)`, ''].join('\n'),
    );
    expect(stderr).toBe('');
    expect(await watcher.next()).toBe(`*** ${tag} left`);
  });
});
