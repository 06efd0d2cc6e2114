import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type ServerKind = 'rxchat' | 'reference';

export interface RunningServer {
  readonly kind: ServerKind;
  readonly port: number;
  /** The WebSocket gateway's port (rxchat only). */
  readonly webPort: number | undefined;
  /** The SSH listener's port (rxchat started with `ssh`). */
  readonly sshPort: number | undefined;
  /** The IRC listener's port (rxchat only). */
  readonly ircPort: number | undefined;
  readonly pid: number;
  /** Resident set size now, and its peak, in MB (Linux /proc). */
  readonly rss: () => { now: number; peak: number };
  /** Its young-generation collections so far, when started with `--trace-gc-nvp` (bench --trace-gc); zeros otherwise. */
  readonly youngGc: () => YoungGc;
  /** Asks the server to exit (SIGTERM, so it writes what its node flags ask for) and kills it if it has not within STOP_GRACE_MS. */
  readonly stop: () => Promise<void>;
  readonly child: ChildProcess;
}

export interface ServerOptions {
  /** Node flags, before the script: `--cpu-prof`, a preloaded probe. */
  readonly nodeArgs?: readonly string[];
  /** Open an IPC channel to the server (`child.send`). */
  readonly ipc?: boolean;
  /** More server flags after the usual ones (a cluster node's `--redis` and `--cluster`). */
  readonly args?: readonly string[];
  /** Also an SSH listener (rxchat only): `--ssh-port 0` with a host key made for this process, removed when it exits. */
  readonly ssh?: boolean;
}

const STOP_GRACE_MS = 5000;

/** Young-generation collections (scavenges) as `node --trace-gc-nvp` reports them, summed. */
export interface YoungGc {
  readonly count: number;
  readonly pauseMs: number;
  /** Bytes that survived into the young generation's other half, and bytes promoted to the old one. */
  readonly survived: number;
  readonly promoted: number;
}

/** Adds one `--trace-gc-nvp` line to `sum` if it reports a scavenge. */
const addScavenge = (sum: YoungGc, line: string): YoungGc => {
  if (!/ gc=s /.test(line)) return sum;
  const field = (name: string): number => Number(new RegExp(` ${name}=([0-9.]+)`).exec(line)?.[1] ?? 0);
  return { count: sum.count + 1, pauseMs: sum.pauseMs + field('pause'), survived: sum.survived + field('new_space_survived'), promoted: sum.promoted + field('promoted') };
};

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
    '--web-port',
    '0',
    '--irc-port',
    '0',
  ],
  reference: [join(__dirname, 'reference-server.js'), '0'],
};

/** Compiles rxchat to dist/, which the scripts run. */
export const buildRxchat = (): void => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
};

/**
 * Runs rxchat from another checkout instead (`bench --server-dir DIR`, to
 * bisect a cost across commits): DIR's compiled server, built there
 * beforehand (`npm run build` in DIR), with the flags of the first version
 * (port, rate, idle kick, clients, backlog) and the listeners' flags only if
 * its `--help` names them, so any commit since version 1 can run.
 */
export const useRxchatFrom = (dir: string): void => {
  const main = resolve(dir, 'dist', 'main.js');
  const help = spawnSync(process.execPath, [main, '--help'], { encoding: 'utf8' });
  const knows = (name: string): boolean => `${help.stdout}${help.stderr}`.includes(`--${name}`);
  const [, ...flags] = commands.rxchat;
  const listenerFlags = new Set(['--web-port', '--irc-port']);
  const own: string[] = [];
  for (let i = 0; i < flags.length; i += 2) {
    if (!listenerFlags.has(flags[i]!) || knows(flags[i]!.slice(2))) own.push(flags[i]!, flags[i + 1]!);
  }
  commands.rxchat = [main, ...own];
};

const statusMB = (pid: number, field: string): number => {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

export const startServer = (kind: ServerKind, { nodeArgs = [], ipc = false, args = [], ssh = false }: ServerOptions = {}): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    // rxchat logs every arrival and departure (JSON on stderr, as users run it): to a file, not the bench's output.
    const logPath = join(tmpdir(), `rxchat-bench-${process.pid}-${Date.now()}-${kind}.log`);
    const hostKey = `${logPath}.host_key`;
    const sshArgs = ssh ? ['--ssh-port', '0', '--ssh-host-key', hostKey] : [];
    const log = openSync(logPath, 'w');
    const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...commands[kind], ...args, ...sshArgs], {
      stdio: ['ignore', 'pipe', log, ...(ipc ? (['ipc'] as const) : [])],
    });
    closeSync(log);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let out = '';
    let listening = false;
    let youngGc: YoungGc = { count: 0, pauseMs: 0, survived: 0, promoted: 0 };
    /** The last line's start, not yet ended, once listening (only --trace-gc-nvp writes more). */
    let partial = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      if (listening) {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        for (const line of lines) youngGc = addScavenge(youngGc, line);
        return;
      }
      out += chunk;
      const match = /^listening on [^\n]*:(\d+)\n/m.exec(out);
      const web = /^listening on http:[^\n]*:(\d+)\/ \(web\)$/m.exec(out);
      const sshLine = /^listening on [^\n]*:(\d+) \(ssh\)$/m.exec(out);
      const irc = /^listening on [^\n]*:(\d+) \(irc\)$/m.exec(out);
      const listeners = kind !== 'rxchat' || ((web !== null || !commands.rxchat.includes('--web-port')) && (irc !== null || !commands.rxchat.includes('--irc-port')));
      if (match && listeners && (sshLine || !ssh) && child.pid !== undefined && !listening) {
        const pid = child.pid;
        listening = true;
        resolve({
          kind,
          port: Number(match[1]),
          webPort: web ? Number(web[1]) : undefined,
          sshPort: sshLine ? Number(sshLine[1]) : undefined,
          ircPort: irc ? Number(irc[1]) : undefined,
          pid,
          rss: () => ({ now: statusMB(pid, 'VmRSS'), peak: statusMB(pid, 'VmHWM') }),
          youngGc: () => youngGc,
          stop: () => {
            child.kill('SIGTERM');
            const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
            return exited.then(() => clearTimeout(kill));
          },
          child,
        });
      }
    });
    void exited.then(() => {
      if (!listening) reject(new Error(`${kind} server exited before listening: ${readFileSync(logPath, 'utf8').slice(-2000)}`));
      rmSync(logPath, { force: true });
      rmSync(hostKey, { force: true });
    });
  });
