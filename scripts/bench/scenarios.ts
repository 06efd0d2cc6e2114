import { LoadParams } from './load';
import { StormParams } from './storm';

export interface Scenario {
  readonly name: string;
  readonly what: string;
  readonly params: LoadParams;
  /** Rounds per server when not the default (a memory reading needs one). */
  readonly rounds?: number;
  /**
   * Why the reference server is left out of this scenario in the default run
   * (its figure is not needed for the target); naming the scenario runs both.
   */
  readonly referenceOnRequest?: string;
  /**
   * Compare with rxchat itself under these parameters instead of with the
   * reference server (which has no WebSocket gateway).
   */
  readonly baseline?: { readonly label: string; readonly params: LoadParams };
  /**
   * Each server process is started once and warmed by one whole unmeasured
   * round; every measured round then opens fresh connections on it (no
   * warm-up on them) and measures from their first line.
   */
  readonly warm?: boolean;
  /** A join storm instead of a load: its duration and the server's RSS through it (`params` unused). */
  readonly storm?: StormParams;
  /**
   * rxchat as a cluster of `nodes` processes in a private redis-server,
   * against `baseline` nodes (0: one server on its own, no Redis), clients
   * spread over the nodes in turn. Needs redis-server; skipped without it.
   */
  /**
   * Many idle connections from many loopback addresses, then one chat line
   * to all of them (see scale.ts; `params` unused): RSS at rest and per
   * connection, time to admit them, the line's fan-out time.
   */
  readonly scale?: { readonly clients: number };
  /**
   * Against rxchat under `baseline`'s parameters, each round on a fresh
   * server, with the CPU time of the server and of the load generator over
   * the measured messages (as the cluster scenarios report it); with
   * --profile, each side's profiles in a directory of its own.
   */
  readonly cpu?: boolean;
  readonly cluster?: {
    readonly nodes: number;
    readonly baseline: number;
    /** Every client on the first node: the others only read the log (what reading it costs a node). */
    readonly allOnFirst?: boolean;
  };
}

const FANOUT_1000: LoadParams = { clients: 1000, senders: 10, messages: 300, window: 4, lineBytes: 64, warmup: 100 };
const FANOUT_100: LoadParams = { clients: 100, senders: 10, messages: 3000, window: 4, lineBytes: 64, warmup: 1000 };
const STEADY_1000: LoadParams = { clients: 100, senders: 10, messages: 0, window: 0, rate: 1000, seconds: 5, lineBytes: 64, warmup: 500 };
const IDLE: LoadParams = { clients: 0, senders: 0, messages: 0, window: 0, lineBytes: 64, idleOnly: true };
const STORM_10000: StormParams = { clients: 10_000, batch: 200, settleMs: 1500, sampleMs: 100 };

export const scenarios = (quick: boolean): Scenario[] =>
  quick
    ? [
        { name: 'fanout-quick', what: '20 clients, 4 senders, W=4', params: { clients: 20, senders: 4, messages: 100, window: 4, lineBytes: 64, warmup: 20 } },
        { name: 'steady-quick', what: '20 clients, 200 msg/s for 1 s', params: { clients: 20, senders: 4, messages: 0, window: 0, rate: 200, seconds: 1, lineBytes: 64, warmup: 20 } },
        {
          name: 'fresh-quick',
          what: 'steady-quick on a warm server, fresh connections, busy-loop pacer',
          params: { clients: 20, senders: 4, messages: 0, window: 0, rate: 200, seconds: 1, lineBytes: 64, marker: true, pacer: 'busy' },
          warm: true,
        },
        {
          name: 'storm-quick',
          what: '1,000 connections opened 200 at a time',
          params: { clients: 1000, senders: 0, messages: 0, window: 0, lineBytes: 64, idleOnly: true },
          storm: { ...STORM_10000, clients: 1000 },
        },
        { name: 'scale-quick', what: '1,000 idle connections from many addresses, then one line to all', params: IDLE, scale: { clients: 1000 }, rounds: 1 },
      ]
    : [
        { name: 'fanout-100', what: '100 clients, 10 senders, W=4, 64-byte lines', params: FANOUT_100 },
        {
          name: 'mixed-100',
          what: 'fanout-100 with every other client (5 of the senders too) on the WebSocket gateway',
          params: { ...FANOUT_100, web: 50 },
          baseline: { label: 'all-TCP', params: FANOUT_100 },
        },
        {
          name: 'ssh-100',
          what: "fanout-100 with all 100 clients (the 10 senders too) on the SSH listener, on ssh2's client",
          params: { ...FANOUT_100, ssh: 100 },
          baseline: { label: 'all-TCP', params: FANOUT_100 },
          cpu: true,
        },
        {
          name: 'mixed-irc',
          what: 'fanout-100 with the last 50 clients (readers) on the IRC listener',
          params: { ...FANOUT_100, irc: 50 },
          baseline: { label: 'all-TCP', params: FANOUT_100 },
        },
        { name: 'fanout-1000', what: '1000 clients, 10 senders, W=4, 64-byte lines', params: { clients: 1000, senders: 10, messages: 300, window: 4, lineBytes: 64, warmup: 100 } },
        { name: 'steady-1000', what: '1000 msg/s for 5 s into 100 clients', params: STEADY_1000 },
        {
          name: 'steady-1000-fresh',
          what: 'steady-1000 on a warm server: 100 fresh connections a round, measured from their first line, busy-loop pacer',
          params: { ...STEADY_1000, warmup: 0, marker: true, pacer: 'busy' },
          warm: true,
        },
        {
          name: 'fanout-100-fresh',
          what: 'fanout-100 on a warm server: 100 fresh connections a round, measured from their first line',
          params: { ...FANOUT_100, warmup: 0, marker: true },
          warm: true,
        },
        { name: 'idle-2000', what: '2,000 idle connections', params: { clients: 2000, senders: 0, messages: 0, window: 0, lineBytes: 64, idleOnly: true }, rounds: 1 },
        {
          name: 'idle-10000',
          what: '10,000 idle connections',
          params: { clients: 10_000, senders: 0, messages: 0, window: 0, lineBytes: 64, idleOnly: true },
          rounds: 1,
          // It writes each of the 10,000 join notices to every member, one system call each.
          referenceOnRequest: 'its join storm takes minutes; --scenario idle-10000 runs it',
        },
        {
          name: 'storm-10000',
          what: '10,000 connections opened 200 at a time; RSS sampled every 100 ms until no line for 1.5 s',
          params: { clients: 10_000, senders: 0, messages: 0, window: 0, lineBytes: 64, idleOnly: true },
          storm: STORM_10000,
          rounds: 1,
        },
        {
          name: 'idle-100000',
          what: '100,000 idle connections from 127.0.0.2-255 (--max-clients 100000 --max-per-ip 0), then one line to all',
          params: IDLE,
          scale: { clients: 100_000 },
          rounds: 1,
        },
        {
          name: 'cluster-2x500',
          what: '1000 clients, 10 senders, W=4: two cluster nodes × 500 against one node × 1000 (one Redis)',
          params: FANOUT_1000,
          cluster: { nodes: 2, baseline: 1 },
        },
        {
          name: 'cluster-idle-node',
          what: 'cluster-2x500 with every client on the first of two nodes: the second only reads and folds the log',
          params: FANOUT_1000,
          cluster: { nodes: 2, baseline: 1, allOnFirst: true },
        },
        {
          name: 'cluster-hop',
          what: '1000 msg/s into 100 clients (100k deliveries/s): one cluster node against one server without Redis',
          params: STEADY_1000,
          cluster: { nodes: 1, baseline: 0 },
        },
      ];
