/**
 * `npm run cluster [-- --nodes N] [--port P] [--redis URL] [--cluster NAME] [-- other flags]`:
 * a local cluster to try: N rxchat processes (default 3) on ports P, P+1, …
 * (default 8080), one cluster in one Redis (default the local one). Connect
 * to any of them; Ctrl-C stops them all. Flags after a lone `--` go to every node.
 * A node that exits by itself (kill one to see how the others take it) leaves
 * the rest running; the script ends when none is left.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildRxchat } from './bench/servers';
import { option } from './args';

const nodes = Number(option('nodes') ?? 3);
const firstPort = Number(option('port') ?? 8080);
const redis = option('redis') ?? 'redis://127.0.0.1:6379';
const cluster = option('cluster') ?? 'local';
const dash = process.argv.indexOf('--', 2);
const extra = dash < 0 ? [] : process.argv.slice(dash + 1);

if (!Number.isInteger(nodes) || nodes < 1 || nodes > 64) {
  process.stderr.write('cluster: --nodes takes a whole number from 1 to 64\n');
  process.exit(2);
}

buildRxchat();
const children: ChildProcess[] = [];
let stopping = false;
const stopAll = (): void => {
  if (stopping) return;
  stopping = true;
  children.forEach((c) => c.kill('SIGTERM'));
};
for (let i = 0; i < nodes; i++) {
  const port = firstPort + i;
  const child = spawn(
    process.execPath,
    [join(__dirname, '..', 'dist', 'main.js'), '--port', String(port), '--redis', redis, '--cluster', cluster, '--log-level', 'warn', ...extra],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (text: string) => process.stdout.write(text.replace(/^/gm, `node ${i + 1}: `).replace(/node \d+: $/, '')));
  child.once('exit', (code, signal) => {
    const left = children.filter((c) => c.exitCode === null && c.signalCode === null).length;
    if (!stopping) process.stderr.write(`cluster: node ${i + 1} (port ${port}) exited (${signal ?? `code ${code}`}); ${left} still running\n`);
    if (left === 0) process.exit(stopping ? 0 : 1);
  });
  children.push(child);
}
process.stdout.write(
  `cluster "${cluster}" in ${redis}: ${nodes} nodes (pids ${children.map((c) => c.pid).join(', ')}); ` +
    `try nc 127.0.0.1 ${firstPort} and nc 127.0.0.1 ${firstPort + nodes - 1}; Ctrl-C stops them\n`,
);
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
