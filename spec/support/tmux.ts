import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { TestClient } from './client';

/**
 * A real client in a tmux session of its own, on a tmux server of the test
 * file's own (`-L`): type into it, read its screen (`capture-pane`), wait for
 * what should appear with a deadline (never a sleep). Shared by the
 * terminal tests (spec/terminal/).
 */
const run = promisify(execFile);

export const has = (command: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** A UTF-8 locale for tmux and the clients, whatever the test runner's. */
export const terminalEnv = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'xterm-256color' };
const SOCKET = `rxchat-terminal-spec-${process.pid}`;
export const tmux = async (...args: string[]): Promise<string> => (await run('tmux', ['-u', '-L', SOCKET, ...args], { env: terminalEnv })).stdout;
export const DEADLINE_MS = 10_000;

let sessions = 0;

export class Terminal {
  private constructor(
    readonly name: string,
    /** Where the shell around the client writes its exit status. */
    private readonly statusDir: string,
  ) {}

  static async open(command: string, columns = 200): Promise<Terminal> {
    const name = `s${process.pid}-${++sessions}`;
    const statusDir = mkdtempSync(join(tmpdir(), 'rxchat-terminal-'));
    // The shell writes the status itself: tmux 3.3a sometimes marks a pane dead and never gets its status.
    await tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', '50', `${command}; echo $? > ${join(statusDir, 'status')}`);
    // remain-on-exit keeps the screen readable after the client quits.
    await tmux('set-option', '-t', name, 'remain-on-exit', 'on');
    return new Terminal(name, statusDir);
  }

  /** Types text literally, then Enter unless told not to. */
  async type(text: string, enter = true): Promise<void> {
    if (text.length > 0) await tmux('send-keys', '-t', this.name, '-l', text);
    if (enter) await tmux('send-keys', '-t', this.name, 'Enter');
  }

  /** Pastes text as a terminal paste would: all at once. */
  async paste(text: string): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'rxchat-paste-'));
    try {
      writeFileSync(join(dir, 'paste'), text);
      await tmux('load-buffer', '-b', this.name, join(dir, 'paste'));
      await tmux('paste-buffer', '-d', '-b', this.name, '-t', this.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Presses keys by tmux name: C-c, C-h, C-d, BSpace, Up, Enter. */
  async keys(...keys: string[]): Promise<void> {
    await tmux('send-keys', '-t', this.name, ...keys);
  }

  /** The screen and its scrollback, wrapped lines joined, trailing spaces and blank lines dropped. */
  async screen(): Promise<string> {
    const text = await tmux('capture-pane', '-p', '-J', '-S', '-', '-t', this.name);
    return text
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n+$/, '');
  }

  /** The screen's last line that is not blank: where the prompt is. */
  async lastLine(): Promise<string> {
    return (await this.screen()).split('\n').at(-1) ?? '';
  }

  async until(done: (screen: string) => boolean, what: string, deadlineMs = DEADLINE_MS): Promise<string> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const screen = await this.screen();
      if (done(screen)) return screen;
      if (Date.now() > until) throw new Error(`${what}: not on screen within ${deadlineMs} ms; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  untilText(text: string, deadlineMs?: number): Promise<string> {
    return this.until((s) => s.includes(text), JSON.stringify(text), deadlineMs);
  }

  /** Waits until the screen's last line is exactly `line`. */
  untilLastLine(line: string): Promise<string> {
    return this.until((s) => s.split('\n').at(-1) === line, `last line ${JSON.stringify(line)}`);
  }

  /** The client's exit status once it has exited, else undefined. */
  exitStatus(): number | undefined {
    try {
      const match = /^(\d+)\n$/.exec(readFileSync(join(this.statusDir, 'status'), 'utf8'));
      return match === null ? undefined : Number(match[1]);
    } catch {
      return undefined;
    }
  }

  /** Waits for the client to exit and gives its status; throws past the deadline. */
  async untilExit(deadlineMs = DEADLINE_MS): Promise<number> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const status = this.exitStatus();
      if (status !== undefined) return status;
      if (Date.now() > until) throw new Error(`${this.name}: still running after ${deadlineMs} ms; screen:\n${await this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async kill(): Promise<void> {
    await tmux('kill-session', '-t', this.name).catch(() => undefined);
    rmSync(this.statusDir, { recursive: true, force: true });
  }
}

/**
 * For a terminal test file's describe block: a tmux session that lives as
 * long as the file (so the tmux server does not exit, and refuse the next
 * new-session, whenever a test's sessions end), each test's terminals
 * killed after it, the tmux server after the file. Returns `open`, which
 * opens a terminal running `command` that is killed after the test.
 */
export const useTerminals = () => {
  const terminals: Terminal[] = [];
  beforeAll(async () => {
    await tmux('new-session', '-d', '-s', `keep${process.pid}`, 'cat');
  });
  afterEach(async () => {
    await Promise.all(terminals.splice(0).map((t) => t.kill()));
  });
  afterAll(async () => {
    await tmux('kill-server').catch(() => undefined);
  });
  return async (command: string, columns?: number): Promise<Terminal> => {
    const terminal = await Terminal.open(command, columns);
    terminals.push(terminal);
    return terminal;
  };
};

/** `*** [addr]NAME joined` for the next member to join (any name when none is given), as another member sees it: that member's addr. */
export const nextJoiner = async (watcher: TestClient, name?: string): Promise<string> => {
  const line = await watcher.next(DEADLINE_MS);
  const match = new RegExp(`^\\*\\*\\* \\[([^\\]]+)\\]${name ?? '\\S+'} joined$`).exec(line);
  if (!match) throw new Error(`expected ${name === undefined ? 'a' : `${name}'s`} join notice, got ${JSON.stringify(line)}`);
  return match[1]!;
};
