import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer, startChatServer } from '../../src/chat-server';
import { defaultConfig } from '../../src/config/config';
import { PrivateRedis, startPrivateRedis } from '../../scripts/private-redis';
import { TestClient } from '../support/client';
import { usePostgresSchemas } from '../support/postgres';

const freshSchema = usePostgresSchemas();

/** Reads lines until one matches. */
const lineLike = async (client: TestClient, pattern: RegExp): Promise<string> => {
  for (;;) {
    const line = await client.next(10_000);
    if (pattern.test(line)) return line;
  }
};

/** Reads a /history answer whole: the lines between its first and last. */
const historyOf = async (client: TestClient): Promise<string[]> => {
  client.line('/history');
  expect(await lineLike(client, /^--- (Recent|No) messages/)).toBe('--- Recent messages in #lobby:');
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
      await lineLike(client, /joined$/);
      return client;
    };

    const [one, two] = [await startNode(), await startNode()];
    const alice = await enter(one);
    const bob = await enter(two);
    alice.line('/nick alice');
    alice.line('/register s3cret-pass');
    expect(await lineLike(alice, /registered/)).toBe('--- alice is now registered; next time use /login alice PASSWORD');
    bob.line('/nick bob');
    bob.line('/register s3cret-pass');
    expect(await lineLike(bob, /registered/)).toBe('--- bob is now registered; next time use /login bob PASSWORD');
    alice.line('hello from one');
    await lineLike(bob, /: hello from one$/);
    bob.line('hello from two');
    await lineLike(alice, /: hello from two$/);
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
    expect(await lineLike(carol, /^(--- Logged in|!!! )/)).toBe('--- Logged in as alice');
    const dave = await enter(three);
    expect(await historyOf(dave)).toEqual(said);
    dave.line('/nick bob');
    expect(await lineLike(dave, /^(\*\*\*|!!!) /)).toBe('!!! Name bob is registered; use /login bob PASSWORD');
    dave.line('/login bob s3cret-pass');
    expect(await lineLike(dave, /^(--- Logged in|!!! )/)).toBe('--- Logged in as bob');
  }, 60_000);
});
