import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './private-redis';

/** Debian keeps each major version's programs in its own directory; the newest installed. */
const binDir = (): string => {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error('no PostgreSQL programs under /usr/lib/postgresql (apt-get install postgresql)');
  return join(root, newest, 'bin');
};

/** initdb and postgres refuse to run as root: as root, they run as the `postgres` user, in a directory it owns. */
const asOwner = (command: string, args: readonly string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];

const answers = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    void client.end().catch(() => undefined);
  }
};

export interface PrivatePostgres {
  readonly url: string;
  /** Stops every process of the instance (SIGSTOP): connections stay open, nothing answers. */
  readonly pause: () => void;
  /** Lets them run again (SIGCONT). */
  readonly resume: () => void;
  readonly stop: () => Promise<void>;
}

/**
 * A PostgreSQL of this test's own (initdb in a temporary directory, trust
 * auth, loopback only, a free port), for the tests that stop it; the shared
 * one is never touched.
 */
export const startPrivatePostgres = async (): Promise<PrivatePostgres> => {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'rxchat-postgres-'));
  if (process.getuid?.() === 0) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres']).toString()));
    chownSync(dir, uid!, gid!);
  }
  const data = join(dir, 'data');
  await promisify(execFile)(...asOwner(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']));
  const port = await freePort();
  const [command, args] = asOwner(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-F']);
  const child: ChildProcess = spawn(command, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  while (!(await answers(url))) {
    if (Date.now() > deadline) throw new Error('private postgres did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  /** The postmaster and every process it has started (backends, writers): all of them, or some would still answer. */
  const processes = (): number[] => [
    postmaster,
    ...execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)])
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(Number),
  ];
  let paused: number[] = [];
  const signal = (pids: readonly number[], name: NodeJS.Signals): void =>
    pids.forEach((pid) => {
      try {
        process.kill(pid, name);
      } catch {
        // Gone already.
      }
    });
  return {
    url,
    pause: () => {
      paused = processes();
      signal(paused, 'SIGSTOP');
    },
    // runuser stops itself when its child stops (as a shell's job would): it is woken too.
    resume: () => {
      signal([...paused, child.pid!], 'SIGCONT');
      paused = [];
    },
    stop: async () => {
      signal([...paused, child.pid!], 'SIGCONT');
      // Immediate shutdown: nothing of it is kept.
      signal([postmaster], 'SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
