import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from './support/client';

const TS_NODE = require.resolve('ts-node/dist/bin.js');
const MAIN = require.resolve('../src/main.ts');

interface Run {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
});

const run = (args: readonly string[], env: Record<string, string> = {}): Run => {
  const child = spawn(process.execPath, [TS_NODE, '--transpile-only', MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
};

/** Resolves with the port once the first stdout line says `listening on`. */
const listening = (r: Run, deadlineMs = 15000): Promise<number> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${r.stderr()}`)), deadlineMs);
    const check = (): void => {
      const first = r.stdout().split('\n');
      if (first.length < 2) return;
      clearTimeout(timer);
      const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(first[0]!);
      if (match) resolve(Number(match[1]));
      else reject(new Error(`first line was ${JSON.stringify(first[0])}`));
    };
    r.child.stdout!.on('data', check);
    void r.exited.then(() => reject(new Error(`exited; stderr: ${r.stderr()}`)));
  });

describe('the rxchat command', () => {
  it('prints listening on HOST:PORT first, serves, and exits 0 on SIGTERM after telling everyone', async () => {
    const r = run(['--port', '0']);
    const port = await listening(r);
    const client = await TestClient.connect(port);
    await client.take(2);
    r.child.kill('SIGTERM');
    expect(await client.next()).toBe('*** Server is shutting down');
    await client.waitClosed();
    expect(await r.exited).toBe(0);
  });

  it('shuts down the same way on SIGINT', async () => {
    const r = run(['--port=0']);
    const port = await listening(r);
    const client = await TestClient.connect(port);
    await client.take(2);
    r.child.kill('SIGINT');
    expect(await client.next()).toBe('*** Server is shutting down');
    expect(await r.exited).toBe(0);
  });

  it('takes flags from CHAT_ variables, a flag winning over the environment', async () => {
    const r = run(['--port', '0'], { CHAT_PORT: '1', CHAT_LANG: 'zh' });
    const port = await listening(r);
    const client = await TestClient.connect(port);
    expect(await client.take(2)).toEqual([
      `--- 欢迎，${client.tag}！当前 1 人在线。输入 /help 查看命令。`,
      `*** ${client.tag} 上线了`,
    ]);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  });

  it.each([
    [['--port', 'abc'], /--port/],
    [['--idle-timeout', '-1'], /--idle-timeout/],
    [['--max-line', '0'], /--max-line/],
    [['--lang', 'fr'], /--lang/],
    [['--bogus'], /--bogus/],
  ])('a bad flag %j prints one line naming it and exits 2', async (args, name) => {
    const r = run(args);
    expect(await r.exited).toBe(2);
    expect(r.stdout()).toBe('');
    expect(r.stderr().trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr()).toMatch(name);
  });

  it('a --record file that cannot be opened is refused at start-up, naming the flag', async () => {
    const r = run(['--port', '0', '--record', 'no-such-directory/session.jsonl']);
    expect(await r.exited).toBe(2);
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toBe('rxchat: --record: cannot open no-such-directory/session.jsonl: ENOENT\n');
  });

  it('a bad CHAT_ variable is named the same way', async () => {
    const r = run([], { CHAT_RATE: 'fast' });
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toMatch(/CHAT_RATE/);
  });

  it('--help lists every flag and exits 0', async () => {
    const r = run(['--help']);
    expect(await r.exited).toBe(0);
    for (const flag of ['--host', '--port', '--idle-timeout', '--max-line', '--max-clients', '--rate', '--burst', '--max-backlog', '--lang']) {
      expect(r.stdout()).toContain(flag);
    }
  });

  it('exits 1 with one line when the address is in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const r = run(['--port', String(port)]);
      expect(await r.exited).toBe(1);
      expect(r.stderr().trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr()).toMatch(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});
