import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer, Server } from 'node:net';
import { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from './support/client';

const TS_NODE = require.resolve('ts-node/dist/bin.js');
const MAIN = require.resolve('../src/main.ts');
const ROOT = dirname(require.resolve('../package.json'));

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

const spawned = (command: string, args: readonly string[], env: Record<string, string> = {}): Run => {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
};

const run = (args: readonly string[], env: Record<string, string> = {}): Run =>
  spawned(process.execPath, [TS_NODE, '--transpile-only', MAIN, ...args], env);

/** The processes whose parent is `pid`, with their command lines (Linux /proc). */
const childrenOf = (pid: number): { pid: number; cmdline: string[] }[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid !== pid) return [];
        return [{ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean) }];
      } catch {
        return [];
      }
    });

/** Whether `pid` is still running: a zombie waiting for whoever adopted it counts as gone. */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/** Polls `check` every 50 ms until it holds, or fails at the deadline. */
const eventually = async (check: () => boolean, what: string, deadlineMs = 5000): Promise<void> => {
  const until = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
      expect(r.stdout()).toBe('');
      expect(r.stderr()).toBe(
        `rxchat: cannot listen on 127.0.0.1:${port}: address already in use (is another rxchat running? pick another --port)\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('exits 1 with one readable line when --host is not an address of this machine', async () => {
    const r = run(['--host', '192.0.2.1', '--port', '0']); // TEST-NET-1: never local
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toBe('rxchat: cannot listen on 192.0.2.1:0: address not available (--host must be an address of this machine)\n');
  });
});

/**
 * `npm start` compiles, then execs plain node: no TypeScript compiler in
 * the server's memory. Each test builds once (a few seconds on 2 cores).
 */
describe('npm start', () => {
  const NPM_START_MS = 90_000;

  /** Starts `npm start --silent -- ARGS`; resolves with the port, npm's run and the server's process. */
  const npmStart = async (args: readonly string[]): Promise<{ r: Run; port: number; server: { pid: number; cmdline: string[] } }> => {
    const r = spawned('npm', ['start', '--silent', '--', ...args]);
    const port = await listening(r, 60_000);
    const [server] = childrenOf(r.child.pid!);
    if (server === undefined) throw new Error('npm has no child process');
    return { r, port, server };
  };

  it(
    'builds, runs node dist/main.js with the flags after --, prints listening first, and stops the server when npm dies',
    async () => {
      const { r, port, server } = await npmStart(['--port', '0', '--lang', 'zh']);
      expect(r.stdout()).toBe(`listening on 127.0.0.1:${port}\n`);
      expect(server.cmdline.slice(1)).toEqual(['dist/main.js', '--port', '0', '--lang', 'zh']);
      expect(server.cmdline.join(' ')).not.toMatch(/ts-node|typescript/);
      const client = await TestClient.connect(port);
      expect(await client.next()).toMatch(/^--- 欢迎/);
      await client.next();
      // SIGKILL: npm cannot pass anything on; the server notices its launcher is gone.
      r.child.kill('SIGKILL');
      expect(await client.next(5000)).toBe('*** 服务器正在关闭');
      await client.waitClosed();
      await eventually(() => !alive(server.pid), 'the server process exited');
    },
    NPM_START_MS,
  );

  it(
    'SIGTERM to npm shuts the server down cleanly',
    async () => {
      const { r, port, server } = await npmStart(['--port', '0']);
      const client = await TestClient.connect(port);
      await client.take(2);
      r.child.kill('SIGTERM');
      expect(await client.next(5000)).toBe('*** Server is shutting down');
      await client.waitClosed();
      await eventually(() => !alive(server.pid), 'the server process exited');
    },
    NPM_START_MS,
  );
});
