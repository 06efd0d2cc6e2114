/**
 * npm run bench [-- --scenario NAME] [--rounds K] [--quick] [--json] [--cold] [--profile DIR] [--history N] [--data [postgres://HOST/DB]] [--server-dir DIR] [--trace-gc]
 *
 * Runs each scenario against rxchat and against a hand-batched node:net
 * reference server, in alternating rounds with a fresh server each time, and
 * prints the medians and the ratio rxchat / reference, so machine noise
 * cancels. rxchat runs compiled: this script builds it first. Each round first
 * carries some unmeasured messages so a fresh server's JIT warm-up is not
 * counted as its latency tail; `--cold` measures from the first message.
 * `--profile DIR` runs rxchat under `node --cpu-prof`, one profile per round
 * in DIR, for `npm run profile-summary -- DIR` (ssh-100: DIR/rxchat for the
 * SSH rounds, DIR/all-TCP for the TCP ones). rxchat runs as `npm start`
 * runs it (the default history of 20 lines a room, the JSON log at info),
 * with flood control and idle kicks off; `--history N` runs it with
 * `--history N` (`--history 0`: no history).
 *
 * The `-fresh` scenarios keep one server process per kind for all their
 * rounds, warm it with one unmeasured round, then measure each round on
 * fresh connections from their first line; the storm scenario samples the
 * server's RSS every 100 ms while 10,000 connections arrive.
 *
 * `--server-dir DIR` runs rxchat from another checkout, compiled there
 * (`npm run build`), against the same reference and with this bench's
 * clients: `git worktree add DIR COMMIT`, build, and a commit's cost is
 * measured the same way as today's (to bisect a cost).
 *
 * `--data` measures the store (§14): rxchat on a fresh SQLite file each round
 * (or a fresh schema of the PostgreSQL named after it) against rxchat without
 * --data, instead of against the reference server.
 *
 * `--trace-gc` runs rxchat under `node --trace-gc-nvp` and prints, for each
 * side, its young-generation collections during the measured messages
 * (median of the rounds): how many, their mean pause, and the bytes each
 * found alive (survived) and moved to the old generation (promoted). A line
 * a server holds for long is copied by every collection it outlives.
 */
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { flag, option } from './args';
import { LoadParams, LoadResult, NO_LOAD, runLoad } from './bench/load';
import { scenarios, Scenario } from './bench/scenarios';
import { buildRxchat, RunningServer, ServerKind, startServer, useRxchatFrom, YoungGc } from './bench/servers';
import { runStorm } from './bench/storm';
import { ClusterCost, redisServerFound, runClusterRound } from './bench/cluster';
import { cpuMs, stolenMs } from './bench/proc-stat';
import { runScale, ScaleResult } from './bench/scale';
import { roundStore } from './bench/data-store';

const clusterLabel = (nodes: number): string => (nodes === 0 ? 'no Redis' : `${nodes} node${nodes > 1 ? 's' : ''}`);

const quick = flag('quick');
const json = flag('json');
const rounds = Number(option('rounds') ?? (quick ? 1 : 3));
const only = option('scenario');
const cold = flag('cold');
const profileDir = option('profile');
/** With --data: the PostgreSQL URL after it, if any (else SQLite). */
const withData = flag('data');
const dataUrl = withData && option('data')?.startsWith('--') === false ? option('data') : undefined;
const history = option('history');
const serverDir = option('server-dir');
const traceGc = flag('trace-gc');
/** Flags for rxchat beyond the usual ones (servers.ts): the history asked for. */
const rxchatArgs = (kind: ServerKind): string[] => (kind === 'rxchat' && history !== undefined ? ['--history', history] : []);
/** Node flags for a server: with --profile, rxchat's profiles in DIR (or in DIR/`side`, for a scenario that compares two rxchat runs). */
const nodeArgs = (kind: ServerKind, side = ''): string[] => [
  ...(kind === 'rxchat' && profileDir !== undefined ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir, side)] : []),
  ...(kind === 'rxchat' && traceGc ? ['--trace-gc-nvp'] : []),
];

interface Round extends LoadResult {
  readonly rssMB: number;
  readonly peakRssMB: number;
  /** The server's CPU time (user and system, from /proc) per 1000 deliveries of the measured messages, ms. */
  readonly cpuMsPerKDeliveries: number;
  /** The server's young-generation collections during the measured messages (--trace-gc). */
  readonly youngGc?: YoungGc;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One round on a running server: the load, or the storm (`seconds` is then its duration, the peak RSS the highest sample). */
const roundOn = async (server: RunningServer, scenario: Scenario, given: LoadParams): Promise<Round> => {
  if (scenario.storm !== undefined) {
    const { result, sockets } = await runStorm(server.port, scenario.storm, () => server.rss().now);
    sockets.forEach((s) => s.destroy());
    return { ...NO_LOAD, seconds: result.seconds, rssMB: result.settledMB, peakRssMB: result.peakMB, cpuMsPerKDeliveries: NaN };
  }
  let rss = { now: NaN, peak: NaN };
  let [cpuBefore, cpuAfter] = [NaN, NaN];
  let [gcBefore, gcAfter] = [server.youngGc(), server.youngGc()];
  const params = cold ? { ...given, warmup: 0 } : given;
  const result = await runLoad(
    server.port,
    params,
    () => {
      rss = server.rss();
      cpuAfter = cpuMs(server.pid);
      gcAfter = server.youngGc();
    },
    server,
    () => {
      cpuBefore = cpuMs(server.pid);
      gcBefore = server.youngGc();
    },
  );
  const youngGc = traceGc
    ? {
        count: gcAfter.count - gcBefore.count,
        pauseMs: gcAfter.pauseMs - gcBefore.pauseMs,
        survived: gcAfter.survived - gcBefore.survived,
        promoted: gcAfter.promoted - gcBefore.promoted,
      }
    : undefined;
  return { ...result, rssMB: rss.now, peakRssMB: rss.peak, cpuMsPerKDeliveries: ((cpuAfter - cpuBefore) * 1000) / result.deliveries, youngGc };
};

/** A round on a fresh server process. */
const runRound = async (kind: ServerKind, scenario: Scenario, given: LoadParams = scenario.params): Promise<Round> => {
  const server = await startServer(kind, { nodeArgs: nodeArgs(kind), args: rxchatArgs(kind) });
  try {
    return await roundOn(server, scenario, given);
  } finally {
    await server.stop();
  }
};

/** A round of rxchat on a store of its own (--data), made for the round and removed after it. */
const runRoundOnStore = async (scenario: Scenario): Promise<Round> => {
  const store = await roundStore(dataUrl);
  const server = await startServer('rxchat', { nodeArgs: nodeArgs('rxchat'), args: ['--data', store.data, '--keep', '1000'] });
  try {
    return await roundOn(server, scenario, scenario.params);
  } finally {
    await server.stop();
    await store.remove();
  }
};

/**
 * The rounds of a `warm` scenario: each server process started once and
 * warmed by one whole unmeasured round, then measured rounds alternating
 * between them, each on fresh connections.
 */
const runWarm = async (scenario: Scenario, count: number, withReference: boolean): Promise<[Round[], Round[]]> => {
  const servers: RunningServer[] = [await startServer('rxchat', { nodeArgs: nodeArgs('rxchat'), args: rxchatArgs('rxchat') })];
  try {
    if (withReference) servers.push(await startServer('reference'));
    for (const server of servers) await roundOn(server, scenario, scenario.params);
    const rounds: [Round[], Round[]] = [[], []];
    for (let r = 0; r < count; r++) {
      for (const [i, server] of servers.entries()) rounds[i]!.push(await roundOn(server, scenario, scenario.params));
    }
    return rounds;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
};

const summarize = (rs: readonly Round[]) => ({
  deliveriesPerS: median(rs.map((r) => r.deliveriesPerS)),
  messagesPerS: median(rs.map((r) => r.messagesPerS)),
  p50: median(rs.map((r) => r.p50)),
  p90: median(rs.map((r) => r.p90)),
  p99: median(rs.map((r) => r.p99)),
  max: Math.max(...rs.map((r) => r.max)),
  lost: rs.reduce((a, r) => a + r.lost, 0),
  reordered: rs.reduce((a, r) => a + r.reordered, 0),
  duplicates: rs.reduce((a, r) => a + r.duplicates, 0),
  seconds: median(rs.map((r) => r.seconds)),
  rssMB: median(rs.map((r) => r.rssMB)),
  peakRssMB: Math.max(...rs.map((r) => r.peakRssMB)),
  cpuMsPerKDeliveries: median(rs.map((r) => r.cpuMsPerKDeliveries)),
});
type Summary = ReturnType<typeof summarize>;

/** The targets rxchat is held to, per scenario (a ratio without a reference run is NaN, a FAIL). */
const verdicts = (name: string, ours: Summary, ref: Summary | undefined): string[] => {
  const clean = ours.lost === 0 && ours.reordered === 0 && ours.duplicates === 0;
  const out = [`${clean ? 'PASS' : 'FAIL'} zero lost, reordered, duplicated`];
  const ratio = ours.deliveriesPerS / (ref?.deliveriesPerS ?? NaN);
  if (name === 'fanout-100') {
    out.push(`${ratio >= 0.95 ? 'PASS' : 'FAIL'} deliveries/s ${ratio.toFixed(2)}x reference (target >= 0.95x)`);
    const p99 = ours.p99 / (ref?.p99 ?? NaN);
    out.push(`${p99 <= 1.2 ? 'PASS' : 'FAIL'} p99 ${p99.toFixed(2)}x reference (target <= 1.2x)`);
  }
  if (name === 'mixed-irc') out.push(`${ratio >= 0.8 ? 'PASS' : 'FAIL'} deliveries/s ${ratio.toFixed(2)}x the all-TCP room (target >= 0.8x)`);
  if (name === 'mixed-100') out.push(`${ratio >= 0.7 ? 'PASS' : 'FAIL'} deliveries/s ${ratio.toFixed(2)}x the all-TCP room (target >= 0.7x)`);
  if (name === 'fanout-1000') out.push(`${ratio >= 0.9 ? 'PASS' : 'FAIL'} deliveries/s ${ratio.toFixed(2)}x reference (target >= 0.9x)`);
  if (name === 'steady-1000') out.push(`${ours.p99 <= 5 ? 'PASS' : 'FAIL'} p99 ${ours.p99.toFixed(2)} ms (target <= 5 ms)`);
  if (name === 'idle-10000') out.push(`${ours.rssMB <= 150 ? 'PASS' : 'FAIL'} server RSS ${ours.rssMB.toFixed(1)} MB (target <= 150 MB)`);
  if (name === 'steady-1000-fresh' || name === 'fanout-100-fresh') {
    const p99 = ours.p99 / (ref?.p99 ?? NaN);
    out.push(`${p99 <= 1.2 ? 'PASS' : 'FAIL'} p99 ${p99.toFixed(2)}x reference (target <= 1.2x)`);
  }
  if (name === 'fanout-100-fresh') out.push(`${ratio >= 0.95 ? 'PASS' : 'FAIL'} deliveries/s ${ratio.toFixed(2)}x reference (target >= 0.95x)`);
  if (name === 'cluster-2x500') out.push(`${ratio >= 1 ? 'PASS' : 'FAIL'} deliveries/s ${ratio.toFixed(2)}x one node (target >= 1.0x)`);
  if (name === 'cluster-hop') {
    const added = ours.p50 - (ref?.p50 ?? NaN);
    out.push(`${added <= 1 ? 'PASS' : 'FAIL'} the Redis hop adds ${added.toFixed(2)} ms to p50 (target <= 1 ms)`);
  }
  if (name === 'storm-10000') {
    const peak = ours.peakRssMB / (ref?.peakRssMB ?? NaN);
    out.push(`${peak <= 1.5 ? 'PASS' : 'FAIL'} peak RSS ${peak.toFixed(2)}x reference (target <= 1.5x)`);
  }
  return out;
};

/** The store's targets (§14): on --data, at least 0.9x the deliveries/s and at most 1.2x the p99 of the server without it. */
const dataVerdicts = (ours: Summary, without: Summary): string[] => {
  const clean = ours.lost === 0 && ours.reordered === 0 && ours.duplicates === 0;
  const ratio = ours.deliveriesPerS / without.deliveriesPerS;
  const p99 = ours.p99 / without.p99;
  return [
    `${clean ? 'PASS' : 'FAIL'} zero lost, reordered, duplicated`,
    `${ratio >= 0.9 ? 'PASS' : 'FAIL'} deliveries/s ${ratio.toFixed(2)}x without --data (target >= 0.9x)`,
    `${p99 <= 1.2 ? 'PASS' : 'FAIL'} p99 ${p99.toFixed(2)}x without --data (target <= 1.2x)`,
  ];
};

const perConnectionKB = (r: ScaleResult): number => ((r.restRssMB - r.idleRssMB) * 1024) / r.connections;

/** idle-100000's targets: all of them in, at most 1 GB at rest and 9 KB a connection above the idle server, the line to all within 2 s. */
const scaleVerdicts = (r: ScaleResult): string[] => [
  `${r.connections === r.asked ? 'PASS' : 'FAIL'} ${fmt(r.connections)} of ${fmt(r.asked)} connections made and admitted`,
  `${r.restRssMB <= 1024 ? 'PASS' : 'FAIL'} server RSS at rest ${fmt(r.restRssMB, 1)} MB (target <= 1024 MB)`,
  `${perConnectionKB(r) <= 9 ? 'PASS' : 'FAIL'} ${fmt(perConnectionKB(r), 2)} KB a connection above the idle server (target <= 9 KB)`,
  `${r.missed === 0 && r.fanoutMs <= 2000 ? 'PASS' : 'FAIL'} one line to all in ${fmt(r.fanoutMs, 0)} ms, ${r.missed} missed (target <= 2000 ms, 0 missed)`,
];

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const main = async (): Promise<void> => {
  if (serverDir === undefined) buildRxchat();
  else useRxchatFrom(serverDir);
  const report: unknown[] = [];
  let failed = false;
  const log = (s: string): void => {
    if (!json) process.stdout.write(`${s}\n`);
  };
  log(
    `rxchat fan-out bench: ${cpus().length} cores, node ${process.version}, ${rounds} round(s) per server, alternating` +
      `${cold ? ', cold (no warm-up)' : ''}; ${serverDir === undefined ? 'rxchat' : `rxchat from ${serverDir}`} with ` +
      `${history !== undefined ? `--history ${history}` : serverDir === undefined ? 'the default history (20 lines a room)' : 'that version\'s defaults'}, log at info`,
  );
  const chosen = scenarios(quick).filter((s) => only === undefined || s.name === only);
  if (chosen.length === 0) {
    const names = scenarios(quick).map((s) => s.name);
    process.stderr.write(`bench: no scenario ${only}${quick ? ' with --quick' : ''}; there are ${names.join(', ')}${quick ? '' : ' (and more with --quick)'}\n`);
    process.exit(2);
  }
  for (const scenario of chosen) {
    if (scenario.scale !== undefined) {
      const server = await startServer('rxchat', { nodeArgs: nodeArgs('rxchat'), args: ['--max-clients', String(scenario.scale.clients), '--max-per-ip', '0', ...rxchatArgs('rxchat')] });
      let result: ScaleResult;
      try {
        result = await runScale(server, scenario.scale.clients);
      } finally {
        await server.stop();
      }
      const checks = scaleVerdicts(result);
      failed ||= checks.some((c) => c.startsWith('FAIL'));
      report.push({ scenario: scenario.name, what: scenario.what, rxchat: result, checks });
      log(`\n${scenario.name}: ${scenario.what}`);
      if (result.connections < result.asked) {
        log(`  made ${fmt(result.connections)} of ${fmt(result.asked)} connections: this process may open ${fmt(result.fileLimit ?? NaN)} files (ulimit -n), and so may the server`);
      }
      log(
        `  admitted ${fmt(result.connections)} in ${fmt(result.admitSeconds, 1)} s; server RSS idle ${fmt(result.idleRssMB, 1)} MB, at rest with them ${fmt(result.restRssMB, 1)} MB ` +
          `(${fmt(perConnectionKB(result), 2)} KB a connection); one line reached ${fmt(result.connections - result.missed)} in ${fmt(result.fanoutMs, 0)} ms`,
      );
      for (const c of checks) log(`  ${c}`);
      continue;
    }
    const withReference = only !== undefined || scenario.referenceOnRequest === undefined;
    const ours: Round[] = [];
    const ref: Round[] = [];
    const [stolenBefore, wallBefore] = [stolenMs(), performance.now()];
    const costs: [ClusterCost[], ClusterCost[]] = [[], []];
    if (scenario.cluster !== undefined && !redisServerFound()) {
      log(`\n${scenario.name}: not run: no redis-server on this machine`);
      continue;
    }
    if (scenario.cluster !== undefined) {
      for (let r = 0; r < (scenario.rounds ?? rounds); r++) {
        for (const [i, nodes] of [scenario.cluster.nodes, scenario.cluster.baseline].entries()) {
          const { result, cost } = await runClusterRound(nodes, scenario.params, { nodeArgs: nodeArgs('rxchat'), allOnFirst: i === 0 && scenario.cluster.allOnFirst });
          (i === 0 ? ours : ref).push({ ...result, rssMB: NaN, peakRssMB: NaN, cpuMsPerKDeliveries: NaN });
          costs[i]!.push(cost);
        }
      }
    } else if (scenario.cpu && scenario.baseline !== undefined) {
      for (let r = 0; r < (scenario.rounds ?? rounds); r++) {
        for (const [i, [side, params]] of ([['rxchat', scenario.params], [scenario.baseline.label, scenario.baseline.params]] as const).entries()) {
          const { result, cost } = await runClusterRound(0, params, { nodeArgs: nodeArgs('rxchat', side), ssh: (params.ssh ?? 0) > 0 });
          (i === 0 ? ours : ref).push({ ...result, rssMB: NaN, peakRssMB: NaN, cpuMsPerKDeliveries: NaN });
          costs[i]!.push(cost);
        }
      }
    } else if (scenario.warm) {
      const [o, f] = await runWarm(scenario, scenario.rounds ?? rounds, withReference);
      ours.push(...o);
      ref.push(...f);
    } else if (withData) {
      for (let r = 0; r < (scenario.rounds ?? rounds); r++) {
        ours.push(await runRoundOnStore(scenario));
        ref.push(await runRound('rxchat', scenario));
      }
    } else {
      for (let r = 0; r < (scenario.rounds ?? rounds); r++) {
        ours.push(await runRound('rxchat', scenario));
        if (scenario.baseline !== undefined) ref.push(await runRound('rxchat', scenario, scenario.baseline.params));
        else if (withReference) ref.push(await runRound('reference', scenario));
      }
    }
    /** Share of the cores' time the host took while this scenario ran: high figures mean a noisy reading. */
    const stolen = (stolenMs() - stolenBefore) / ((performance.now() - wallBefore) * cpus().length);
    const o = summarize(ours);
    const f = withReference || withData ? summarize(ref) : undefined;
    const checks = withData ? dataVerdicts(o, f!) : verdicts(scenario.name, o, f);
    failed ||= checks.some((c) => c.startsWith('FAIL'));
    const ratio = f === undefined ? null : o.deliveriesPerS / f.deliveriesPerS;
    report.push({ scenario: scenario.name, what: scenario.what, rounds: scenario.rounds ?? rounds, rxchat: o, reference: f ?? null, ratio, stolen, checks });
    log(`\n${scenario.name}: ${scenario.what}`);
    log(`  (CPU time stolen by the host while it ran: ${fmt(stolen * 100, 1)}% of the cores' time, from /proc/stat)`);
    const against = withData ? 'no --data' : (scenario.baseline?.label ?? (scenario.cluster === undefined ? 'reference' : clusterLabel(scenario.cluster.baseline)));
    if (scenario.storm !== undefined) {
      log('              storm s   RSS MB settled   peak (sampled)');
      for (const [label, s] of [['rxchat', o], [against, f]] as const) {
        if (s !== undefined) log(`  ${label.padEnd(10)} ${fmt(s.seconds, 1).padStart(7)} ${fmt(s.rssMB, 1).padStart(16)}   ${fmt(s.peakRssMB, 1).padStart(14)}`);
      }
      if (f !== undefined) log(`  ratio rxchat/${against}: storm s ${(o.seconds / f.seconds).toFixed(2)}, peak RSS ${(o.peakRssMB / f.peakRssMB).toFixed(2)}`);
      for (const c of checks) log(`  ${c}`);
      continue;
    }
    log('              deliveries/s   msgs/s   p50 ms  p90 ms  p99 ms  max ms   lost reord dup  RSS MB (peak)');
    const ourLabel = withData ? (dataUrl === undefined ? 'SQLite' : 'PostgreSQL') : scenario.cluster === undefined ? 'rxchat' : clusterLabel(scenario.cluster.nodes);
    for (const [label, s] of [[ourLabel, o], [against, f]] as const) {
      if (s === undefined) {
        log(`  ${label.padEnd(10)} not run: ${scenario.referenceOnRequest}`);
        continue;
      }
      log(
        `  ${label.padEnd(10)} ${fmt(s.deliveriesPerS).padStart(14)} ${fmt(s.messagesPerS).padStart(8)} ` +
          `${fmt(s.p50, 2).padStart(8)} ${fmt(s.p90, 2).padStart(7)} ${fmt(s.p99, 2).padStart(7)} ${fmt(s.max, 1).padStart(7)} ` +
          `${String(s.lost).padStart(6)} ${String(s.reordered).padStart(5)} ${String(s.duplicates).padStart(3)}  ` +
          `${fmt(s.rssMB, 1).padStart(6)} (${fmt(s.peakRssMB, 1)})`,
      );
    }
    log(`  p99 ms by round: rxchat ${ours.map((r) => fmt(r.p99, 2)).join(' ')}${ref.length > 0 ? `; ${against} ${ref.map((r) => fmt(r.p99, 2)).join(' ')}` : ''}`);
    if (f !== undefined && f.deliveriesPerS > 0) log(`  ratio rxchat/${against}: deliveries/s ${(o.deliveriesPerS / f.deliveriesPerS).toFixed(2)}, p99 ${(o.p99 / f.p99).toFixed(2)}`);
    if (Number.isFinite(o.cpuMsPerKDeliveries) && f !== undefined && Number.isFinite(f.cpuMsPerKDeliveries)) {
      // The rate is a closed loop sharing two cores with its load generator; CPU time per delivery is the server's own cost.
      log(
        `  server CPU per 1000 deliveries (median, from /proc): ${ourLabel} ${fmt(o.cpuMsPerKDeliveries, 3)} ms, ${against} ${fmt(f.cpuMsPerKDeliveries, 3)} ms, ` +
          `ratio ${(o.cpuMsPerKDeliveries / f.cpuMsPerKDeliveries).toFixed(2)}`,
      );
    }
    if (traceGc && ours[0]?.youngGc !== undefined) {
      const gcOf = (rs: readonly Round[]): string => {
        const per = (pick: (g: YoungGc) => number): number => median(rs.map((r) => (r.youngGc === undefined || r.youngGc.count === 0 ? NaN : pick(r.youngGc) / r.youngGc.count)));
        const count = median(rs.map((r) => r.youngGc?.count ?? NaN));
        return `${fmt(count)} collections, mean pause ${fmt(per((g) => g.pauseMs), 2)} ms, survived ${fmt(per((g) => g.survived) / 1024)} KB, promoted ${fmt(per((g) => g.promoted) / 1024)} KB each`;
      };
      log(`  young-generation collections during the measured messages (median of rounds, node --trace-gc-nvp):`);
      log(`    ${ourLabel}: ${gcOf(ours)}`);
      if (ref.length > 0 && ref[0]?.youngGc !== undefined) log(`    ${against}: ${gcOf(ref)}`);
    }
    if (scenario.cluster !== undefined) {
      type Figure = { [K in keyof ClusterCost]: ClusterCost[K] extends number ? K : never }[keyof ClusterCost];
      const cost = (cs: readonly ClusterCost[], key: Figure): string => fmt(median(cs.map((c) => c[key])), 2);
      for (const [i, label] of [ourLabel, against].entries()) {
        log(
          `  CPU ${label}: Redis ${cost(costs[i]!, 'redisCpuMsPerKMessages')} ms per 1000 messages, per 1000 deliveries nodes ${cost(costs[i]!, 'nodeCpuMsPerKDeliveries')} ms` +
            ` and load generator ${cost(costs[i]!, 'loadCpuMsPerKDeliveries')} ms (measured messages only)`,
        );
        const busy = costs[i]!.map((c) => c.busy);
        const share = (xs: readonly number[]): string => fmt(median(xs), 2);
        log(
          `      cores busy (CPU time / wall time, median): Redis ${share(busy.map((b) => b.redis))}, ` +
            `${busy[0]!.nodes.map((_, n) => `node ${n + 1} ${share(busy.map((b) => b.nodes[n]!))}`).join(', ')}, load generator ${share(busy.map((b) => b.load))}`,
        );
        const perMessage = costs[i]!.map((c) => c.nodeCpuUsPerMessage);
        log(`      CPU per message (median): ${perMessage[0]!.map((_, n) => `node ${n + 1} ${fmt(median(perMessage.map((p) => p[n]!)), 1)} µs`).join(', ')}`);
        log(
          `      lines per write system call (nodes' writes, from /proc): ${cost(costs[i]!, 'linesPerWrite')}` +
            (scenario.params.window > 0 ? `; at most ${scenario.params.senders * scenario.params.window} messages are in flight (senders × window)` : ''),
        );
      }
    }
    if (scenario.cpu) {
      const cost = (cs: readonly ClusterCost[], pick: (c: ClusterCost) => number, digits = 2): string => fmt(median(cs.map(pick)), digits);
      for (const [i, label] of [ourLabel, against].entries()) {
        log(
          `  CPU ${label}: per 1000 deliveries server ${cost(costs[i]!, (c) => c.nodeCpuMsPerKDeliveries)} ms, load generator ${cost(costs[i]!, (c) => c.loadCpuMsPerKDeliveries)} ms; ` +
            `cores busy server ${cost(costs[i]!, (c) => c.busy.nodes[0]!)}, load generator ${cost(costs[i]!, (c) => c.busy.load)}; ` +
            `lines per write ${cost(costs[i]!, (c) => c.linesPerWrite)} (medians, measured messages only)`,
        );
      }
    }
    for (const c of checks) log(`  ${c}`);
  }
  if (json) process.stdout.write(`${JSON.stringify({ cores: cpus().length, node: process.version, rounds, cold, scenarios: report }, null, 2)}\n`);
  process.exit(failed ? 1 : 0);
};

void main();
