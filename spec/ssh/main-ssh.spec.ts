import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { useMain } from '../support/main-process';
import { SshTestClient, throwAwayKey } from '../support/ssh-client';

const run = useMain();
const dir = mkdtempSync(join(tmpdir(), 'rxchat-main-ssh-'));

describe('the rxchat command with --ssh-port', () => {
  it('prints the SSH listener after the other listeners, creates its host key, logs its fingerprint, and serves the same room', async () => {
    const hostKey = join(dir, 'host_key');
    const r = run(['--port', '0', '--web-port', '0', '--ssh-port', '0', '--ssh-host-key', hostKey]);
    const [first, second, third] = await r.stdoutLines(3);
    const port = Number(/^listening on 127\.0\.0\.1:(\d+)$/.exec(first!)?.[1]);
    expect(second).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/ \(web\)$/);
    const sshPort = Number(/^listening on 127\.0\.0\.1:(\d+) \(ssh\)$/.exec(third!)?.[1]);
    expect(sshPort).toBeGreaterThan(0);
    expect(statSync(hostKey).mode & 0o777).toBe(0o600);
    await r.stderrUntil((e) => e.includes('"event":"start"'), 'the start log line');
    const start = JSON.parse(r.stderr().split('\n').find((l) => l.includes('"event":"start"'))!) as Record<string, unknown>;
    expect(start).toMatchObject({ sshHostKeyCreated: true, listeners: { ssh: `127.0.0.1:${sshPort}` } });
    expect(start.sshHostKey).toMatch(/^SHA256:/);

    const plain = await TestClient.connect(port);
    await plain.take(2);
    const alice = await SshTestClient.connect(sshPort, { user: 'alice', privateKey: throwAwayKey().privateKey });
    await alice.take(2);
    expect(await plain.next()).toBe(`*** [${alice.addr}]alice joined`);
    r.child.kill('SIGTERM');
    expect(await alice.next()).toBe('*** Server is shutting down');
    expect(await plain.next()).toBe('*** Server is shutting down');
    expect(await r.exited).toBe(0);
    alice.destroy();
  });

  it('lists both flags in --help', async () => {
    const r = run(['--help']);
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toMatch(/--ssh-port P\b/);
    expect(r.stdout()).toMatch(/--ssh-host-key FILE\b/);
  });

  it.each([
    [['--ssh-port', '0'], 'rxchat: --ssh-host-key: missing; --ssh-port and --ssh-host-key go together\n'],
    [['--ssh-port', '70000', '--ssh-host-key', join(dir, 'k')], /^rxchat: --ssh-port: expected .*\n$/],
    [['--ssh-port', '0', '--ssh-host-key', join(dir, 'junk')], `rxchat: --ssh-host-key: ${join(dir, 'junk')} is not an OpenSSH private key\n`],
  ])('refuses %j with one line naming the flag, exit 2', async (args, line) => {
    writeFileSync(join(dir, 'junk'), 'junk\n');
    const r = run(['--port', '0', ...args]);
    expect(await r.exited).toBe(2);
    if (typeof line === 'string') expect(r.stderr()).toBe(line);
    else expect(r.stderr()).toMatch(line);
  });
});
