import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startPrivateRedis } from '../private-redis';
import { LoadParams, LoadResult, runLoad } from './load';
import { cpuMs, writeCalls } from './proc-stat';
import { RunningServer, startServer } from './servers';

/** What a cluster round measures besides the load: CPU spent, per message, in Redis and in the nodes, from the first measured message to the last delivery (joins and warm-up left out). */
export interface ClusterCost {
  /** Redis's CPU time per 1000 messages appended, ms. */
  readonly redisCpuMsPerKMessages: number;
  /** All nodes' CPU time per 1000 deliveries, ms. */
  readonly nodeCpuMsPerKDeliveries: number;
  /** The load generator's (this process's) CPU time per 1000 deliveries, ms. */
  readonly loadCpuMsPerKDeliveries: number;
  /**
   * Deliveries per write system call, over all nodes: how many lines a
   * client gets in one write. Never more than the messages in flight at once
   * (senders × window), and what a node pays most for is its writes.
   */
  readonly linesPerWrite: number;
  /** Each node's CPU time per message, µs: for a node without clients, what reading and folding the log costs. */
  readonly nodeCpuUsPerMessage: readonly number[];
  /** Cores each process kept busy on average through the round (CPU time / wall time): Redis, each node, the load generator. */
  readonly busy: { readonly redis: number; readonly nodes: readonly number[]; readonly load: number };
}

export const redisServerFound = (): boolean => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * One round against `nodes` rxchat processes of one cluster in a private
 * redis-server (0 nodes: one server on its own, no Redis), with the
 * clients (and senders) spread over the nodes in turn, or all on the first.
 */
export const runClusterRound = async (
  nodes: number,
  params: LoadParams,
  { nodeArgs = [], allOnFirst = false }: { readonly nodeArgs?: readonly string[]; readonly allOnFirst?: boolean } = {},
): Promise<{ result: LoadResult; cost: ClusterCost }> => {
  const redis = nodes > 0 ? await startPrivateRedis() : undefined;
  const servers: RunningServer[] = [];
  try {
    const args = redis === undefined ? [] : ['--redis', redis.url, '--cluster', `bench-${randomUUID()}`];
    for (let i = 0; i < Math.max(1, nodes); i++) servers.push(await startServer('rxchat', { args, nodeArgs }));
    const reading = () => {
      const load = process.cpuUsage();
      return {
        redis: cpuMs(redis?.child.pid),
        node: servers.map((s) => cpuMs(s.pid)),
        writes: servers.reduce((sum, s) => sum + writeCalls(s.pid), 0),
        load: (load.user + load.system) / 1000,
        wall: performance.now(),
      };
    };
    let before = reading();
    let after = before;
    const result = await runLoad(
      allOnFirst ? [servers[0]!.port] : servers.map((s) => s.port),
      params,
      () => (after = reading()),
      {},
      () => (before = reading()),
    );
    const wall = after.wall - before.wall;
    /** Each node's CPU time over the measured messages, ms. */
    const nodeMs = after.node.map((ms, i) => ms - before.node[i]!);
    const nodesMs = nodeMs.reduce((a, ms) => a + ms, 0);
    const messages = result.messages;
    const deliveries = messages * params.clients;
    return {
      result,
      cost: {
        redisCpuMsPerKMessages: redis === undefined ? NaN : ((after.redis - before.redis) * 1000) / messages,
        nodeCpuMsPerKDeliveries: (nodesMs * 1000) / deliveries,
        loadCpuMsPerKDeliveries: ((after.load - before.load) * 1000) / deliveries,
        linesPerWrite: deliveries / (after.writes - before.writes),
        nodeCpuUsPerMessage: nodeMs.map((ms) => (ms * 1000) / messages),
        busy: {
          redis: redis === undefined ? 0 : (after.redis - before.redis) / wall,
          nodes: nodeMs.map((ms) => ms / wall),
          load: (after.load - before.load) / wall,
        },
      },
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await redis?.stop();
  }
};
