import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { useMain } from '../support/main-process';

const run = useMain();

/** Texts that must never reach the log: what people typed, and the password. */
const PASSWORD = 'Op-Pa55word-never-logged';
const SECRETS = {
  chat: 'chat-text-never-logged',
  whisper: 'private-text-never-logged',
  wrongPassword: 'wrong-password-never-logged',
  kickReason: 'kick-reason-never-logged',
  quitReason: 'quit-reason-never-logged',
  flood: 'flood-text-never-logged',
  password: PASSWORD,
};

type LogRecord = Record<string, unknown>;

describe('the log', () => {
  it('is one JSON object per line on stderr, with each event an operator needs, and never what people typed or a password', async () => {
    const r = run(['--port', '0', '--idle-timeout', '3', '--max-backlog', '200000', '--max-per-ip', '1', '--exempt', '127.0.0.1', '--rate', '0'], {
      CHAT_OP_PASSWORD: PASSWORD,
    });
    const [listening] = await r.stdoutLines(1);
    const port = Number(/^listening on 127\.0\.0\.1:(\d+)$/.exec(listening!)![1]);
    const clients: TestClient[] = [];
    /** Connects from `from` and reads the welcome and own join line. */
    const join = async (from: string): Promise<TestClient> => {
      const client = await TestClient.connect(port, '127.0.0.1', from);
      clients.push(client);
      await client.take(2);
      return client;
    };
    /** Reads lines until one matches, so a test need not count every notice a busy room sends. */
    const lineLike = async (client: TestClient, pattern: RegExp, deadlineMs = 5000): Promise<string> => {
      for (;;) {
        const line = await client.next(deadlineMs);
        if (pattern.test(line)) return line;
      }
    };

    const alice = await join('127.0.0.2');
    alice.line('/nick alice');
    await lineLike(alice, /is now known as alice$/);
    const bob = await join('127.0.0.3');
    alice.line(SECRETS.chat);
    await lineLike(bob, new RegExp(`: ${SECRETS.chat}$`));
    alice.line(`/msg ${bob.addr} ${SECRETS.whisper}`);
    await lineLike(bob, new RegExp(`: ${SECRETS.whisper}$`));

    // Operators: a wrong password, the right one, a kick and a ban.
    alice.line(`/op ${SECRETS.wrongPassword}`);
    expect(await lineLike(alice, /^!!! /)).toBe('!!! Wrong password');
    alice.line(`/op ${PASSWORD}`);
    expect(await lineLike(alice, /^--- You are/)).toBe('--- You are now an operator');
    const carol = await join('127.0.0.4');
    alice.line(`/kick ${carol.addr} ${SECRETS.kickReason}`);
    expect(await lineLike(carol, /^!!! /)).toBe(`!!! Kicked by [${alice.addr}]alice: ${SECRETS.kickReason}`);
    await carol.waitClosed();
    const frank = await join('127.0.0.7');
    alice.line(`/ban ${frank.addr} 5`);
    await frank.waitClosed();
    const bannedAgain = await TestClient.connect(port, '127.0.0.1', '127.0.0.7');
    expect(await bannedAgain.next()).toBe('!!! You are banned from this server');
    await bannedAgain.waitClosed();

    // A second connection from alice's address is one too many.
    const second = await TestClient.connect(port, '127.0.0.1', '127.0.0.2');
    expect(await second.next()).toBe('!!! Too many connections from your address (max 1)');
    await second.waitClosed();

    // A reader that stops reading is dropped as too slow. (The backlog limit stays above #lobby's
    // history of 20 flood lines, which every newcomer below is sent on joining.)
    const dave = await join('127.0.0.5');
    dave.socket.pause();
    let dropped = false;
    for (let sent = 0; !dropped && sent < 5000; sent++) {
      // Still sending (blank lines), so a slow machine cannot idle it out first.
      if (sent % 100 === 0) dave.line('');
      bob.line(`${SECRETS.flood} ${'x'.repeat(4000)}`);
      dropped = / was disconnected \(too slow\)$/.test(await lineLike(bob, / was disconnected \(too slow\)$|: flood-text-never-logged /));
    }
    expect(dropped).toBe(true);
    bob.line(`/quit ${SECRETS.quitReason}`);
    await bob.waitClosed();

    // A client that leaves without a word (EOF), and one that idles out.
    const gina = await join('127.0.0.8');
    gina.endInput();
    await gina.waitClosed();
    const erin = await join('127.0.0.6');
    expect(await lineLike(erin, /^!!! /, 6000)).toBe('!!! Idle for more than 3 s; disconnecting');

    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    clients.forEach((c) => c.destroy());

    // Only the listening line on stdout.
    expect(r.stdout()).toBe(`${listening}\n`);
    const stderr = r.stderr();
    for (const [what, text] of Object.entries(SECRETS)) expect(stderr.includes(text), `${what} in the log`).toBe(false);
    const lines = stderr.split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((line) => JSON.parse(line) as LogRecord);
    for (const record of records) {
      expect(record).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), time: expect.any(String), event: expect.any(String) });
    }
    // Hundreds of chat lines went through; none was logged.
    expect(records.length).toBeLessThan(40);

    const expected: LogRecord[] = [
      { event: 'start', listeners: { tcp: `127.0.0.1:${port}` }, flags: { port: '0', 'idle-timeout': '3', 'max-backlog': '200000', 'max-per-ip': '1', exempt: '127.0.0.1', rate: '0' } },
      ...[alice, bob, carol, frank, dave, gina, erin].map((c) => ({ event: 'accept', addr: c.addr, transport: 'tcp' })),
      { event: 'rename', addr: alice.addr, from: alice.addr, to: 'alice' },
      { event: 'opFailed', addr: alice.addr, name: 'alice', tries: 1 },
      { event: 'op', addr: alice.addr, name: 'alice' },
      { event: 'kick', by: `[${alice.addr}]alice`, addr: carol.addr },
      { event: 'leave', addr: carol.addr, reason: 'kicked' },
      { event: 'ban', by: `[${alice.addr}]alice`, ip: '127.0.0.7', minutes: 5 },
      { event: 'leave', addr: frank.addr, reason: 'banned' },
      { event: 'refuse', addr: bannedAgain.addr, transport: 'tcp', cause: 'banned' },
      { event: 'refuse', addr: second.addr, transport: 'tcp', cause: 'perIp' },
      { event: 'leave', addr: dave.addr, reason: 'tooSlow' },
      { event: 'leave', addr: bob.addr, reason: 'quit' },
      { event: 'leave', addr: gina.addr, reason: 'eof' },
      { event: 'leave', addr: erin.addr, reason: 'idle' },
      { event: 'shutdown', signal: 'SIGTERM' },
      { event: 'stopped' },
    ];
    for (const want of expected) expect(records).toContainEqual(expect.objectContaining(want));
    // The start record lists no password, and every record came in the order of the events.
    expect(JSON.stringify(records[0])).not.toContain('password');
    expect(records[0]!.event).toBe('start');
    expect(records.at(-1)!.event).toBe('stopped');
  });
});
