import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { useMain } from '../support/main-process';

const run = useMain();

const PASSWORDS = ['first-secret-pw', 'second-secret-pw', 'wrong-secret-pw'];

/** Reads lines until one matches. */
const lineLike = async (client: TestClient, pattern: RegExp): Promise<string> => {
  for (;;) {
    const line = await client.next(5000);
    if (pattern.test(line)) return line;
  }
};

describe('passwords', () => {
  it('never appear in any line sent, the log (even at debug) or a recording', async () => {
    const record = join(mkdtempSync(join(tmpdir(), 'rxchat-secrecy-')), 'session.jsonl');
    const r = run(['--port', '0', '--rate', '0', '--log-level', 'debug', '--record', record]);
    const [listening] = await r.stdoutLines(1);
    const port = Number(/:(\d+)$/.exec(listening!)![1]);
    const alice = await TestClient.connect(port);
    const bob = await TestClient.connect(port);
    alice.line('/nick alice');
    alice.line(`/register ${PASSWORDS[0]}`);
    await lineLike(alice, /registered/);
    alice.line(`/password ${PASSWORDS[2]} ${PASSWORDS[1]}`);
    alice.line(`/password ${PASSWORDS[0]} ${PASSWORDS[1]}`);
    await lineLike(alice, /Password changed/);
    bob.line(`/login alice ${PASSWORDS[2]}`);
    bob.line(`/identify alice ${PASSWORDS[1]}`);
    await lineLike(bob, /Logged in as alice/);
    alice.line('quit');
    await alice.waitClosed();
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    bob.destroy();

    const recording = readFileSync(record, 'utf8');
    const everything = [alice.raw.join(''), bob.raw.join(''), r.stdout(), r.stderr(), recording];
    for (const pw of PASSWORDS) for (const text of everything) expect(text).not.toContain(pw);
    // Nor their hashes: the recording keeps what the room saw, with *** in place of passwords.
    expect(recording).not.toContain('scrypt$');
    expect(recording).toContain('"text":"/register ***"');
    expect(recording).toContain('"text":"/password *** ***"');
    expect(recording).toContain('"text":"/login alice ***"');
    expect(r.stderr()).toContain('"event":"register"');
    expect(r.stderr()).toContain('"event":"login"');
  });
});
