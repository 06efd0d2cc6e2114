/**
 * npm run profile-summary -- DIR_OR_FILE... [--top N]
 *
 * Where a server spent its time, from `node --cpu-prof` profiles (as
 * `npm run bench -- --profile DIR` writes them): the share of busy samples
 * (idle excluded) by kind of code, then the functions with the most self time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
const paths = args.filter((_, i) => topAt < 0 || (i !== topAt && i !== topAt + 1));

const files = paths.flatMap((p) =>
  statSync(p).isDirectory()
    ? readdirSync(p)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(p, f))
    : [p],
);
if (files.length === 0) {
  process.stderr.write('profile-summary: no .cpuprofile files given\n');
  process.exit(2);
}

/** What kind of code a frame is: V8's own buckets, Node, RxJS, ssh2 (the SSH listener), the server, or other. */
const kindOf = ({ functionName, url }: ProfileNode['callFrame']): string => {
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/node_modules/rxjs/')) return 'rxjs';
  if (url.includes('/node_modules/ssh2/')) return 'ssh2';
  if (url.includes('/node_modules/')) return 'other packages';
  return 'rxchat';
};

const byKind = new Map<string, number>();
const byFunction = new Map<string, number>();
let busy = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  for (const id of profile.samples) {
    const frame = nodes.get(id)!;
    if (frame.functionName === '(idle)') continue;
    busy++;
    const kind = kindOf(frame);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    const name = `${frame.functionName || '(anonymous)'} ${frame.url === '' ? '' : `${basename(frame.url)}:${frame.lineNumber + 1}`}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
  }
}

const share = (n: number): string => `${((100 * n) / busy).toFixed(1).padStart(5)}%`;
const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);
process.stdout.write(`${files.length} profile(s), ${busy} busy samples (idle left out)\n\nby kind of code:\n`);
for (const [kind, n] of sorted(byKind)) process.stdout.write(`  ${share(n)}  ${kind}\n`);
process.stdout.write(`\nmost self time:\n`);
for (const [name, n] of sorted(byFunction).slice(0, top)) process.stdout.write(`  ${share(n)}  ${name}\n`);
