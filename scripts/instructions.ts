/**
 * npm run instructions [-- --turns N] [--keep DIR] [server flags...]
 *
 * What one chat line costs the server in CPU instructions, a figure that does
 * not move with the machine's load: the fixed workload of
 * scripts/instructions/workload.ts (100 in-process members, 10 senders, 4
 * lines each a turn, through the real server: room, router, flusher,
 * connections, the JSON log) is run twice under `valgrind --tool=callgrind`,
 * with N and 2N counted turns after the same warm-up, and the difference
 * between the two runs' instruction counts is divided by the lines (and the
 * deliveries) of the N extra turns, so start-up, joins and warm-up cancel out.
 * The count is then split, by callgrind_annotate's function names, into the
 * garbage collector, V8's compilers and the rest; the rest is the figure to
 * compare between commits (see COLLECTOR below).
 * Server flags after the options go to the server (e.g. `--history 0`,
 * `--log-level debug`); it runs with `--rate 0 --idle-timeout 0` and
 * otherwise as `npm start` runs it. `--keep DIR` keeps the callgrind files
 * there, for `callgrind_annotate` (native code and V8's builtins by name;
 * JavaScript functions are JIT code, see `--cpu-prof` for those).
 *
 * Not part of `npm test`: it takes a few minutes (callgrind runs node about
 * 50 times slower) and its figure is read against docs/PERFORMANCE.md, not
 * asserted.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { option } from './args';
import { MEMBERS, SENDERS, WARM_TURNS, WINDOW } from './instructions/shape';

const ROOT = join(__dirname, '..');

/**
 * V8 as deterministic as it goes: no compiler or collector threads racing
 * the program, and a garbage collection schedule that depends on what is
 * allocated, not on how fast. With the workload's fake clocks, two runs of
 * the same code count the same.
 */
const NODE_FLAGS = ['--predictable', '--predictable-gc-schedule'];

interface Counted {
  readonly turns: number;
  readonly lines: number;
  readonly deliveries: number;
  readonly expected: number;
  readonly writes: number;
  readonly instructions: number;
}

/** The workload and the server's sources, compiled once to plain JavaScript: no compiler runs under callgrind. */
const compile = (into: string): string => {
  const config = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { rootDir: ROOT, outDir: join(into, 'out'), sourceMap: false, typeRoots: [join(ROOT, 'node_modules', '@types')] },
    include: [],
    files: [join(ROOT, 'scripts', 'instructions', 'workload.ts')],
  };
  writeFileSync(join(into, 'tsconfig.json'), JSON.stringify(config));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(into, 'tsconfig.json')], { stdio: 'inherit' });
  return join(into, 'out', 'scripts', 'instructions', 'workload.js');
};

/** One run of the workload under callgrind: what it reports, and the instructions counted. */
const countRun = (script: string, turns: number, flags: readonly string[], outFile: string): Promise<Counted> =>
  new Promise((done, fail) => {
    const logFile = `${outFile}.log`;
    const child = spawn(
      'valgrind',
      ['--tool=callgrind', `--callgrind-out-file=${outFile}`, `--log-file=${logFile}`, process.execPath, ...NODE_FLAGS, script, String(turns), ...flags],
      // The server's JSON log goes where npm start sends it, stderr: here, nowhere.
      { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', fail);
    child.on('exit', (code) => {
      const refs = /Collected : (\d+)/.exec(readFileSync(logFile, 'utf8'));
      if (code !== 0 || refs === null) {
        fail(new Error(`instructions: the workload failed (status ${code}); see ${logFile}`));
        return;
      }
      done({ ...(JSON.parse(out) as Omit<Counted, 'instructions'>), instructions: Number(refs[1]) });
    });
  });

/**
 * What of a run's instructions went to V8's garbage collector and to its
 * compilers (parser, bytecode, Sparkplug, Maglev, TurboFan, deoptimizing),
 * by the names of the native functions callgrind_annotate lists. Both come
 * in lumps: a run of 100 turns that happens to hold one more full
 * collection or one more optimizing compile than the run of 50 counts tens
 * of thousands of instructions more per line (two configurations were once
 * 23,000 a line apart in the collector alone), so the figure to compare
 * between commits is the rest, the code that runs for every line.
 */
const COLLECTOR =
  /Heap::|Scavenger|MarkCompact|Sweeper|Marking|Evacuat|heap::|GCTracer|MemoryAllocator|PagedSpace|NewSpace|Scavenge|RememberedSet|SlotSet|cppgc|TypedSlot|LiveObject|RecordMigrated|Pretenuring|FreeList|SizeFromMap|BodyDescriptor|RelocIterator|RootPointer|WriteBarrier|MemoryChunk|LargeObjectSpace|Worklist/;
const COMPILERS = /compiler::|Maglev|maglev|Parser|Scanner|interpreter::|BytecodeGenerator|Compiler::|AstNode|baseline::|Zone|Deoptimizer|CodeGenerator|Assembler|RegisterAllocator|turboshaft|InstructionSelector/;

interface Split {
  readonly collector: number;
  readonly compilers: number;
}

const split = (outFile: string): Split => {
  const listing = execFileSync('callgrind_annotate', ['--threshold=100', outFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  let collector = 0;
  let compilers = 0;
  for (const line of listing.split('\n')) {
    const row = /^\s*([\d,]+) \([^)]*\)\s+(.*)$/.exec(line);
    if (row === null || row[2]!.includes('PROGRAM TOTALS')) continue;
    const count = Number(row[1]!.replaceAll(',', ''));
    if (COLLECTOR.test(row[2]!)) collector += count;
    else if (COMPILERS.test(row[2]!)) compilers += count;
  }
  return { collector, compilers };
};

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const turns = Number(option('turns') ?? 50);
  const keep = option('keep');
  const flags = args.filter((a, i) => !['--turns', '--keep'].includes(a) && !['--turns', '--keep'].includes(args[i - 1] ?? ''));
  const work = mkdtempSync(join(tmpdir(), 'rxchat-instructions-'));
  const outDir = keep === undefined ? work : resolve(keep);
  mkdirSync(outDir, { recursive: true });
  try {
    const script = compile(work);
    const [short, long] = await Promise.all([
      countRun(script, turns, flags, join(outDir, `callgrind.${turns}.out`)),
      countRun(script, 2 * turns, flags, join(outDir, `callgrind.${2 * turns}.out`)),
    ]);
    for (const run of [short, long]) {
      if (run.deliveries !== run.expected || run.writes !== run.turns * MEMBERS) {
        throw new Error(`instructions: the workload did not do its work: ${JSON.stringify(run)}`);
      }
    }
    const instructions = long.instructions - short.instructions;
    const [shortSplit, longSplit] = [split(join(outDir, `callgrind.${turns}.out`)), split(join(outDir, `callgrind.${2 * turns}.out`))];
    const collector = longSplit.collector - shortSplit.collector;
    const compilers = longSplit.compilers - shortSplit.compilers;
    const rest = instructions - collector - compilers;
    const lines = long.lines - short.lines;
    const deliveries = long.deliveries - short.deliveries;
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    process.stdout.write(
      `rxchat instruction count at ${commit}${flags.length > 0 ? ` with ${flags.join(' ')}` : ''}: ${MEMBERS} members, ${SENDERS} senders × ${WINDOW} lines a turn, ` +
        `${WARM_TURNS} turns of warm-up, ${turns} and ${2 * turns} turns counted (node ${process.version}, callgrind)\n` +
        `  ${fmt(instructions)} instructions for ${fmt(lines)} lines (${fmt(deliveries)} deliveries, ${fmt(long.writes - short.writes)} writes)\n` +
        `  ${fmt(instructions / lines)} instructions per chat line, ${fmt(instructions / deliveries, 1)} per delivery\n` +
        `  of them, per chat line: garbage collector ${fmt(collector / lines)}, compilers ${fmt(compilers / lines)}, ` +
        `the rest ${fmt(rest / lines)} (${fmt(rest / deliveries, 1)} per delivery): compare the rest between commits\n`,
    );
    if (keep !== undefined) process.stdout.write(`  callgrind files in ${outDir}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
