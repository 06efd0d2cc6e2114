import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ServerKind = 'rxchat' | 'reference';

export interface RunningServer {
  readonly kind: ServerKind;
  readonly port: number;
  readonly pid: number;
  /** Resident set size now, and its peak, in MB (Linux /proc). */
  readonly rss: () => { now: number; peak: number };
  readonly stop: () => Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** rxchat runs compiled (npm run build), like the reference, so neither carries ts-node. */
export const commands: Record<ServerKind, string[]> = {
  rxchat: [
    join(ROOT, 'dist', 'main.js'),
    '--port',
    '0',
    '--rate',
    '0',
    '--idle-timeout',
    '0',
    '--max-clients',
    '20000',
    '--max-backlog',
    String(64 * 1024 * 1024),
  ],
  reference: [join(__dirname, 'reference-server.js'), '0'],
};

const statusMB = (pid: number, field: string): number => {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

/**
 * `nodeArgs` go before the script (`--cpu-prof`). A server started with any
 * is stopped with SIGTERM, so it exits by itself and writes what they ask
 * for; otherwise it is killed outright.
 */
export const startServer = (kind: ServerKind, nodeArgs: readonly string[] = []): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...commands[kind]], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const match = /^listening on [^\n]*:(\d+)\n/.exec(out);
      if (match && child.pid !== undefined) {
        const pid = child.pid;
        resolve({
          kind,
          port: Number(match[1]),
          pid,
          rss: () => ({ now: statusMB(pid, 'VmRSS'), peak: statusMB(pid, 'VmHWM') }),
          stop: () => {
            child.kill(nodeArgs.length > 0 ? 'SIGTERM' : 'SIGKILL');
            return exited;
          },
        });
      }
    });
    void exited.then(() => reject(new Error(`${kind} server exited before listening`)));
  });
