import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { loadOrCreateHostKey } from '../../src/ssh/host-key';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';
import { DEADLINE_MS, has, useTerminals } from '../support/tmux';

/**
 * The SSH listener's limits against real clients under tmux: OpenSSH's
 * `ssh -T` whose output nobody reads (piped into `sleep`), and `nc` that
 * connects to the SSH port and never says a word. Skipped where ssh,
 * ssh-keygen, nc or tmux is missing, unless RXCHAT_TERMINAL_TESTS=required
 * (as in CI: .ci/run installs them).
 */
const missing = ['ssh', 'ssh-keygen', 'nc', 'tmux'].filter((c) => !has(c));
if (missing.length > 0 && process.env.RXCHAT_TERMINAL_TESTS === 'required') throw new Error(`terminal tests need ${missing.join(', ')} (see .ci/run)`);

const dir = mkdtempSync(join(tmpdir(), 'rxchat-ssh-limits-'));
const hostKey = loadOrCreateHostKey(join(dir, 'host_key'));
if (E.isLeft(hostKey)) throw new Error(hostKey.left);
const KEY = join(dir, 'id_ed25519');

const sshT = (server: ChatServer, user: string): string =>
  [
    'ssh', '-T', '-F', '/dev/null', '-i', KEY, '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-p', String(server.sshPort), `${user}@127.0.0.1`,
  ].join(' ');

describe.skipIf(missing.length > 0)('the SSH listener against real clients that stall', { timeout: 60_000 }, () => {
  const { start, join: joinRoom } = useChatServers();
  const open = useTerminals();
  beforeAll(() => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', KEY]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The addr of the next member to join under `name`, from the join notice `watcher` gets. */
  const joinerAddr = async (watcher: TestClient, name: string): Promise<string> => {
    const line = await watcher.next(DEADLINE_MS);
    const match = new RegExp(`^\\*\\*\\* \\[([^\\]]+)\\]${name} joined$`).exec(line);
    if (!match) throw new Error(`expected ${name}'s join notice, got ${JSON.stringify(line)}`);
    return match[1]!;
  };

  it('drops an ssh whose output nobody reads as too slow; the one who talks loses nothing and sees each line once, in order', async () => {
    const server = await start({ sshPort: 0, sshKey: hostKey.right, maxBacklog: 256 * 1024 });
    const talker = await joinRoom(server);
    // ssh's output goes into a pipe that `sleep` never reads: once the pipe and ssh's own window are full, ssh stops taking the channel's data.
    await open(`${sshT(server, 'sleeper')} | sleep 3600`);
    const tag = `[${await joinerAddr(talker, 'sleeper')}]sleeper`;
    const dropped = `*** ${tag} was disconnected (too slow)`;
    const text = 'z'.repeat(1000);
    // Windows of 100 lines of 1 KB, each read back: ssh's 2 MiB window, the pipe, then 256 KiB of backlog.
    for (let window = 0; window < 300; window++) {
      for (let i = 0; i < 100; i++) talker.line(`${window} ${i} ${text}`);
      const got = await talker.take(100, DEADLINE_MS);
      const lines = got.filter((l) => l !== dropped);
      expect(lines).toEqual(Array.from({ length: lines.length }, (_, i) => `${talker.tag}: ${window} ${i} ${text}`));
      if (lines.length < got.length) {
        expect(await talker.next(DEADLINE_MS)).toBe(`${talker.tag}: ${window} 99 ${text}`);
        expect(server.stats().members).toBe(1);
        return;
      }
    }
    throw new Error('the sleeper was never dropped');
  });

  it('closes an nc that connects to the SSH port and says nothing once the handshake timeout passes; nobody hears of it', async () => {
    const server = await start({ sshPort: 0, sshKey: hostKey.right }, { tlsHandshakeTimeoutMs: 2000 });
    const watcher = await joinRoom(server);
    const opened = Date.now();
    // Input from /dev/null: nc sends nothing and, without -N, never half-closes either; it exits once the server closes.
    const nc = await open(`nc 127.0.0.1 ${server.sshPort} < /dev/null`);
    // The server's identification line comes at once; nc never sends its own.
    await nc.untilText('SSH-2.0-');
    expect(await nc.untilExit(opened + DEADLINE_MS - Date.now())).toBe(0);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(2000);
    expect(await watcher.sync()).toEqual([]);
    expect(server.stats()).toMatchObject({ connections: 1, members: 1 });
  });
});
