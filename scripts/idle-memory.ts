/**
 * npm run idle-memory [-- --clients N] [--server rxchat|reference]
 *
 * What one idle connection costs a server, by kind of memory. Starts the
 * server as the bench does (rxchat compiled, or the reference) with a probe preloaded,
 * reads its memory, connects N clients that read and drop what they get, lets
 * them rest as long as the bench does, reads again, and prints the totals and
 * the difference per connection: RSS (at rest, and after a full collection),
 * the JS heap by V8 space (live objects, and memory held), and memory outside
 * the heap (Buffers).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { connectIdle, IDLE_REST_MS } from './bench/load';
import { commands } from './bench/servers';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const clients = Number(option('clients') ?? 2000);
const kind = option('server') ?? 'rxchat';
const ROOT = join(__dirname, '..');

interface Reading {
  /** RSS before the probe's collection. */
  readonly rssBefore: number;
  readonly memory: NodeJS.MemoryUsage;
  /** Per V8 heap space: bytes in live objects, and bytes of memory it holds. */
  readonly spaces: Record<string, { readonly used: number; readonly held: number }>;
}

const start = (): Promise<{ child: ChildProcess; port: number }> =>
  new Promise((resolve, reject) => {
    if (kind !== 'rxchat' && kind !== 'reference') throw new Error(`--server must be rxchat or reference, not ${kind}`);
    const args = commands[kind];
    const child = spawn(process.execPath, ['--expose-gc', '-r', join(__dirname, 'idle-memory', 'probe.js'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const match = /^listening on [^\n]*:(\d+)\n/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', () => reject(new Error(`${kind} exited before listening`)));
  });

const measure = (child: ChildProcess): Promise<Reading> =>
  new Promise((resolve) => {
    child.once('message', (reading) => resolve(reading as Reading));
    child.send('measure');
  });

const MB = 2 ** 20;
const row = (label: string, before: number, after: number): string =>
  `  ${label.padEnd(28)} ${(before / MB).toFixed(1).padStart(9)} ${(after / MB).toFixed(1).padStart(9)} ${Math.round((after - before) / clients).toLocaleString('en-US').padStart(10)}`;

const main = async (): Promise<void> => {
  if (kind === 'rxchat') execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  const { child, port } = await start();
  const before = await measure(child);
  const sockets = await connectIdle(port, clients);
  await new Promise((resolve) => setTimeout(resolve, IDLE_REST_MS));
  const after = await measure(child);
  sockets.forEach((s) => s.destroy());
  child.kill('SIGKILL');

  const print = (line: string): boolean => process.stdout.write(`${line}\n`);
  print(`${kind}, ${clients} idle connections, rested ${IDLE_REST_MS / 1000} s (node ${process.version})`);
  print(`  ${''.padEnd(28)} ${'before MB'.padStart(9)} ${'after MB'.padStart(9)} ${'B/conn'.padStart(10)}`);
  print(row('RSS at rest', before.rssBefore, after.rssBefore));
  print(row('RSS after full collection', before.memory.rss, after.memory.rss));
  print(row('JS heap held', before.memory.heapTotal, after.memory.heapTotal));
  print(row('JS heap live', before.memory.heapUsed, after.memory.heapUsed));
  for (const [space, { used, held }] of Object.entries(after.spaces)) {
    if (held === 0) continue;
    const was = before.spaces[space] ?? { used: 0, held: 0 };
    print(row(`  ${space} live`, was.used, used));
    print(row(`  ${space} held`, was.held, held));
  }
  print(row('outside the heap (external)', before.memory.external, after.memory.external));
  print(row('  of which Buffers', before.memory.arrayBuffers, after.memory.arrayBuffers));
};

void main();
