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
import { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { option } from './args';
import { connectIdle, IDLE_REST_MS } from './bench/load';
import { buildRxchat, startServer } from './bench/servers';

const clients = Number(option('clients') ?? 2000);
const kind = option('server') ?? 'rxchat';

interface Reading {
  /** RSS before the probe's collection. */
  readonly rssBefore: number;
  readonly memory: NodeJS.MemoryUsage;
  /** Per V8 heap space: bytes in live objects, and bytes of memory it holds. */
  readonly spaces: Record<string, { readonly used: number; readonly held: number }>;
}

const measure = (child: ChildProcess): Promise<Reading> =>
  new Promise((resolve) => {
    child.once('message', (reading) => resolve(reading as Reading));
    child.send('measure');
  });

const MB = 2 ** 20;
const row = (label: string, before: number, after: number): string =>
  `  ${label.padEnd(28)} ${(before / MB).toFixed(1).padStart(9)} ${(after / MB).toFixed(1).padStart(9)} ${Math.round((after - before) / clients).toLocaleString('en-US').padStart(10)}`;

const main = async (): Promise<void> => {
  if (kind !== 'rxchat' && kind !== 'reference') throw new Error(`--server must be rxchat or reference, not ${kind}`);
  if (kind === 'rxchat') buildRxchat();
  const server = await startServer(kind, { nodeArgs: ['--expose-gc', '-r', join(__dirname, 'idle-memory', 'probe.js')], ipc: true });
  const before = await measure(server.child);
  const sockets = await connectIdle(server.port, clients);
  await new Promise((resolve) => setTimeout(resolve, IDLE_REST_MS));
  const after = await measure(server.child);
  sockets.forEach((s) => s.destroy());
  await server.stop();

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
