import { ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';

const TS_NODE = require.resolve('ts-node/dist/bin.js');
const MAIN = require.resolve('../../src/main.ts');

export interface MainRun {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  /** Resolves with the first `n` stdout lines once they are there (or rejects at the deadline, or if the server exits). */
  readonly stdoutLines: (n: number, deadlineMs?: number) => Promise<string[]>;
  /** Resolves once `check(stderr)` holds. */
  readonly stderrUntil: (check: (stderr: string) => boolean, what: string, deadlineMs?: number) => Promise<void>;
}

/**
 * Runs `src/main.ts` with ts-node as `npm start` would, for one test file:
 * every process still running at the end of the file is killed (not after
 * each test, so that tests may run concurrently).
 */
export const useMain = () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    children.splice(0).forEach((c) => c.kill('SIGKILL'));
  });

  /** `fileLimit` runs the server under `ulimit -n` of that many file descriptors. */
  return (args: readonly string[], env: Record<string, string> = {}, { fileLimit }: { readonly fileLimit?: number } = {}): MainRun => {
    const command = [process.execPath, TS_NODE, '--transpile-only', MAIN, ...args];
    const [file, ...argv] = fileLimit === undefined ? command : ['sh', '-c', `ulimit -n ${fileLimit} && exec "$@"`, 'sh', ...command];
    const child = spawn(file!, argv, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    let exitCode: number | null | undefined;
    const changed: (() => void)[] = [];
    const poke = (): void => changed.splice(0).forEach((f) => f());
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      poke();
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      poke();
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        exitCode = code;
        poke();
        resolve(code);
      }),
    );
    const waitFor = async (check: () => boolean, what: string, deadlineMs: number): Promise<void> => {
      const deadline = Date.now() + deadlineMs;
      while (!check()) {
        if (exitCode !== undefined) throw new Error(`exited (${exitCode}) before ${what}; stderr: ${err}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`not within ${deadlineMs} ms: ${what}; stdout: ${out}; stderr: ${err}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          changed.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    };
    return {
      child,
      stdout: () => out,
      stderr: () => err,
      exited,
      stdoutLines: async (n, deadlineMs = 15000) => {
        await waitFor(() => out.split('\n').length > n, `${n} stdout lines`, deadlineMs);
        return out.split('\n').slice(0, n);
      },
      stderrUntil: (check, what, deadlineMs = 5000) => waitFor(() => check(err), what, deadlineMs),
    };
  };
};
