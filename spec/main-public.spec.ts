import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestClient } from './support/client';
import { useMain } from './support/main-process';

const run = useMain();
const CERT = join(__dirname, 'fixtures', 'localhost.crt');
const KEY = join(__dirname, 'fixtures', 'localhost.key');
const junk = join(mkdtempSync(join(tmpdir(), 'rxchat-main-')), 'junk.pem');
writeFileSync(junk, 'not a certificate\n');

describe.concurrent('the rxchat command: bad values of the flags for running in public', () => {
  it.each([
    [['--max-per-ip', '-1'], '--max-per-ip'],
    [['--max-per-ip', '1.5'], '--max-per-ip'],
    [['--exempt', '10.0.0.0/33'], '--exempt'],
    [['--exempt', '127.0.0.1,,::1'], '--exempt'],
    [['--exempt', 'everyone'], '--exempt'],
    [['--tls-port', '0'], '--tls-cert'],
    [['--tls-cert', CERT], '--tls-port'],
    [['--tls-key', KEY], '--tls-port'],
    [['--tls-port', '0', '--tls-cert', CERT], '--tls-key'],
    [['--tls-port', '0', '--tls-cert', 'no-such.crt', '--tls-key', KEY], '--tls-cert'],
    [['--tls-port', '0', '--tls-cert', junk, '--tls-key', KEY], '--tls-cert'],
    [['--tls-port', '0', '--tls-cert', CERT, '--tls-key', junk], '--tls-key'],
    [['--tls-port', '0', '--tls-cert', CERT, '--tls-key', CERT], '--tls-key'],
    [['--tls-port', '65536', '--tls-cert', CERT, '--tls-key', KEY], '--tls-port'],
    [['--log-level', 'loud'], '--log-level'],
    [['--metrics-port', 'x'], '--metrics-port'],
    [['--metrics-host', ''], '--metrics-host'],
  ])('%j exits 2 with one line naming %s', async (args, flag) => {
    const r = run(['--port', '0', ...args]);
    expect(await r.exited).toBe(2);
    expect(r.stdout()).toBe('');
    const lines = r.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^rxchat: ${flag}: `));
  });

  it.each([
    ['CHAT_LOG_LEVEL', 'loud'],
    ['CHAT_EXEMPT', '1.2.3.4/99'],
    ['CHAT_MAX_PER_IP', 'lots'],
  ])('a bad %s=%s is named the same way', async (name, value) => {
    const r = run(['--port', '0'], { [name]: value });
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toMatch(new RegExp(`^rxchat: ${name}: [^\\n]*\\n$`));
  });
});

describe('the rxchat command in public', () => {
  it('prints the TLS listener second on stdout and serves the same room on both ports', async () => {
    const r = run(['--port', '0', '--tls-port', '0', '--tls-cert', CERT, '--tls-key', KEY, '--metrics-port', '0']);
    const [first, second] = await r.stdoutLines(2);
    const plainPort = Number(/^listening on 127\.0\.0\.1:(\d+)$/.exec(first!)?.[1]);
    const tlsPort = Number(/^listening on 127\.0\.0\.1:(\d+) \(tls\)$/.exec(second!)?.[1]);
    expect(plainPort).toBeGreaterThan(0);
    expect(tlsPort).toBeGreaterThan(0);

    const plain = await TestClient.connect(plainPort);
    await plain.take(2);
    const secure = await TestClient.connectTls(tlsPort, { ca: readFileSync(CERT), servername: 'localhost' });
    await secure.take(2);
    expect(await plain.next()).toBe(`*** ${secure.tag} joined`);
    secure.line('over tls');
    expect(await plain.next()).toBe(`[${secure.addr}]${secure.addr}: over tls`);
    expect(await secure.next()).toBe(`[${secure.addr}]${secure.addr}: over tls`);

    r.child.kill('SIGTERM');
    expect(await plain.next()).toBe('*** Server is shutting down');
    expect(await secure.next()).toBe('*** Server is shutting down');
    expect(await r.exited).toBe(0);
    // Only the listening lines on stdout; the metrics address is in the log.
    expect(r.stdout().split('\n')).toEqual([first, second, '']);
    const start = r.stderr().split('\n').map((line) => JSON.parse(line || 'null') as Record<string, unknown> | null).find((rec) => rec?.event === 'start');
    expect(start?.listeners).toEqual({
      tcp: `127.0.0.1:${plainPort}`,
      tls: `127.0.0.1:${tlsPort}`,
      metrics: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/),
    });
  });

  it('--help lists the new flags', async () => {
    const r = run(['--help']);
    expect(await r.exited).toBe(0);
    for (const flag of ['--max-per-ip', '--exempt', '--tls-port', '--tls-cert', '--tls-key', '--log-level', '--metrics-port', '--metrics-host']) {
      expect(r.stdout()).toContain(flag);
    }
  });
});
