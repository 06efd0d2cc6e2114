import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { SHARED_REDIS, uniqueCluster, useClusters } from '../support/cluster';
import { useMain } from '../support/main-process';
import { PrivateRedis, startPrivateRedis } from '../../scripts/private-redis';

const run = useMain();

/** A node in its own process, so it can be killed; resolves with its chat port once it listens. */
const spawnNode = async (cluster: string, redis = SHARED_REDIS) => {
  const node = run(['--port', '0', '--redis', redis, '--cluster', cluster, '--rate', '0', '--log-level', 'silent']);
  const [first] = await node.stdoutLines(1, 20_000);
  return { ...node, port: Number(/:(\d+)$/.exec(first!)![1]) };
};

describe('cluster failures', () => {
  const { node, connect } = useClusters();
  const clients: TestClient[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));
  const join = async (port: number): Promise<TestClient> => {
    const client = await TestClient.connect(port);
    clients.push(client);
    await client.take(2);
    return client;
  };

  it('a node killed with SIGKILL: within 15 s the others see each of its members leave with (connection lost)', async () => {
    const name = uniqueCluster();
    const here = await node(name);
    const a = await connect(here);
    await a.take(2);
    const doomed = await spawnNode(name);
    const b = await join(doomed.port);
    const c = await join(doomed.port);
    expect(await a.take(2)).toEqual([`*** ${b.tag} joined`, `*** ${c.tag} joined`]);
    const killedAt = Date.now();
    doomed.child.kill('SIGKILL');
    expect(await a.take(2, 15_000)).toEqual([`*** ${b.tag} left (connection lost)`, `*** ${c.tag} left (connection lost)`]);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    a.line('/who');
    expect(await a.take(2)).toEqual(['--- 1 users in #lobby:', `--- ${a.tag} (you)`]);
  }, 30_000);

  it('a node stopped with SIGTERM: its clients are told the server is shutting down, the others that they left (server restarting)', async () => {
    const name = uniqueCluster();
    const here = await node(name);
    const a = await connect(here);
    await a.take(2);
    const stopping = await spawnNode(name);
    const b = await join(stopping.port);
    expect(await a.next()).toBe(`*** ${b.tag} joined`);
    stopping.child.kill('SIGTERM');
    expect(await b.next()).toBe('*** Server is shutting down');
    await b.waitClosed();
    expect(await a.next()).toBe(`*** ${b.tag} left (server restarting)`);
    expect(await stopping.exited).toBe(0);
  }, 30_000);

  it('Redis unreachable at start-up: one line on stderr, exit 1', async () => {
    const failed = run(['--port', '0', '--redis', 'redis://127.0.0.1:1', '--cluster', uniqueCluster()]);
    expect(await failed.exited).toBe(1);
    expect(failed.stderr()).toBe('rxchat: cannot reach Redis at redis://127.0.0.1:1: ECONNREFUSED\n');
    expect(failed.stdout()).toBe('');
  }, 20_000);
});

describe('Redis stopped for a few seconds', () => {
  const { node, connect } = useClusters();
  let redis: PrivateRedis | undefined;
  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  it('answers lines it cannot deliver, does not crash, and resumes with one order everywhere', async () => {
    redis = await startPrivateRedis();
    const name = uniqueCluster();
    const [one, two] = [await node(name, { redis: redis.url }), await node(name, { redis: redis.url })];
    const a = await connect(one);
    await a.take(2);
    const b = await connect(two);
    await b.take(2);
    await a.next();
    redis.child.kill('SIGSTOP');
    a.line('into the void');
    expect(await a.next(5000)).toBe('!!! Not delivered: server unavailable; try again');
    b.line('me too');
    expect(await b.next(5000)).toBe('!!! Not delivered: server unavailable; try again');
    redis.child.kill('SIGCONT');
    a.line('back again');
    b.line('and me');
    const seenByA = await a.take(2, 5000);
    const seenByB = await b.take(2, 5000);
    expect(seenByA).toEqual(seenByB);
    expect(new Set(seenByA)).toEqual(new Set([`${a.tag}: back again`, `${b.tag}: and me`]));
    // The lines Redis took only after it came back were dropped by every node alike.
    expect(await a.sync()).toEqual([]);
    expect(await b.sync()).toEqual([]);
  }, 30_000);
});
