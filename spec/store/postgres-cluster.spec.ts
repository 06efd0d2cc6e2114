import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer, startChatServer } from '../../src/chat-server';
import { defaultConfig } from '../../src/config/config';
import { PrivateRedis, startPrivateRedis } from '../../scripts/private-redis';
import { TestClient } from '../support/client';
import { usePostgresSchemas } from '../support/postgres';

const freshSchema = usePostgresSchemas();

/** Reads a /history answer whole: the lines between its first and last. */
const historyOf = async (client: TestClient): Promise<string[]> => {
  client.line('/history');
  expect(await client.nextLike(/^--- (Recent|No) messages/, 10_000)).toBe('--- Recent messages in #lobby:');
  const lines: string[] = [];
  for (let line = await client.next(); line !== '--- End of recent messages'; line = await client.next()) lines.push(line);
  return lines;
};

describe('a cluster on PostgreSQL', () => {
  let redis: PrivateRedis | undefined;
  const nodes: ChatServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
    await redis?.stop();
    redis = undefined;
  });

  it('whose Redis is flushed and which is started again keeps its accounts and history, each line written once by two nodes', async () => {
    redis = await startPrivateRedis();
    const data = freshSchema();
    const startNode = async (): Promise<ChatServer> => {
      const node = await startChatServer({ ...defaultConfig, port: 0, rate: 0, redis: redis!.url, cluster: 'community', data });
      nodes.push(node);
      return node;
    };
    const enter = async (node: ChatServer): Promise<TestClient> => {
      const client = await TestClient.connect(node.port);
      clients.push(client);
      await client.nextLike(/joined$/, 10_000);
      return client;
    };

    const [one, two] = [await startNode(), await startNode()];
    const alice = await enter(one);
    const bob = await enter(two);
    alice.line('/nick alice');
    alice.line('/register s3cret-pass');
    expect(await alice.nextLike(/registered/, 10_000)).toBe('--- alice is now registered; next time use /login alice PASSWORD');
    bob.line('/nick bob');
    bob.line('/register s3cret-pass');
    expect(await bob.nextLike(/registered/, 10_000)).toBe('--- bob is now registered; next time use /login bob PASSWORD');
    alice.line('hello from one');
    await bob.nextLike(/: hello from one$/, 10_000);
    bob.line('hello from two');
    await alice.nextLike(/: hello from two$/, 10_000);
    const said = [`[${alice.addr}]alice: hello from one`, `[${bob.addr}]bob: hello from two`];
    expect(await historyOf(alice)).toEqual(said);

    // The whole cluster stops, its Redis loses everything, and it starts again.
    await one.shutdown({ everyone: true });
    await two.shutdown();
    nodes.splice(0);
    const flush = new Redis(redis.url);
    expect(await flush.flushall()).toBe('OK');
    flush.disconnect();
    const [three, four] = [await startNode(), await startNode()];

    const carol = await enter(four);
    expect(await historyOf(carol)).toEqual(said);
    carol.line('/login alice s3cret-pass');
    expect(await carol.nextLike(/^(--- Logged in|!!! )/, 10_000)).toBe('--- Logged in as alice');
    const dave = await enter(three);
    expect(await historyOf(dave)).toEqual(said);
    dave.line('/nick bob');
    expect(await dave.nextLike(/^(\*\*\*|!!!) /, 10_000)).toBe('!!! Name bob is registered; use /login bob PASSWORD');
    dave.line('/login bob s3cret-pass');
    expect(await dave.nextLike(/^(--- Logged in|!!! )/, 10_000)).toBe('--- Logged in as bob');
  }, 60_000);
});
