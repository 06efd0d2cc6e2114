import { afterEach } from 'vitest';
import { ChatServer, ChatServerOptions, startChatServer } from '../../src/chat-server';
import { Config, defaultConfig } from '../../src/config/config';
import { TestClient } from './client';
import { SHARED_REDIS, uniqueCluster } from './cluster';

/** A tuple of N clients, so `const [a, b] = await joinAll(server, 2)` needs no checks. */
type Clients<N extends number, R extends TestClient[] = []> = R['length'] extends N ? R : Clients<N, [...R, TestClient]>;

/**
 * With RXCHAT_TEST_CLUSTER set (the `cluster` project of vitest.config.mts),
 * every server a test starts is a cluster of two nodes on the shared Redis,
 * and the clients it connects alternate between the nodes: the protocol
 * tests then prove a cluster is one server to its users.
 */
const ON_CLUSTER = process.env.RXCHAT_TEST_CLUSTER !== undefined;
const nodesOf = new WeakMap<ChatServer, readonly [ChatServer, ChatServer]>();
const turns = new WeakMap<ChatServer, number>();

/** The port for the next client: always the server's own, or each node's in turn. */
const portFor = (server: ChatServer): number => {
  const nodes = nodesOf.get(server);
  if (nodes === undefined) return server.port;
  const turn = turns.get(server) ?? 0;
  turns.set(server, turn + 1);
  return nodes[turn % 2]!.port;
};

const twoNodes = async (config: Config, options: ChatServerOptions): Promise<ChatServer> => {
  const cluster = uniqueCluster();
  const first = await startChatServer({ ...config, redis: SHARED_REDIS, cluster }, options);
  // One recording is enough: every node folds the same events.
  const second = await startChatServer({ ...config, redis: SHARED_REDIS, cluster, record: undefined }, options);
  const facade: ChatServer = {
    ...first,
    stats: () => {
      const [a, b] = [first.stats(), second.stats()];
      return { connections: a.connections + b.connections, members: a.members, pipelines: a.pipelines + b.pipelines, countedAddresses: a.countedAddresses + b.countedAddresses };
    },
    connectionCount: () => first.connectionCount() + second.connectionCount(),
    shutdown: async () => {
      await first.shutdown({ everyone: true });
      await second.shutdown();
    },
  };
  nodesOf.set(facade, [first, second]);
  return facade;
};

/**
 * Starts servers on free ports for one test file and shuts every server and
 * client down after each test.
 */
export const useChatServers = () => {
  const servers: ChatServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await Promise.all(servers.splice(0).map((s) => s.shutdown()));
  });

  const start = async (overrides: Partial<Config> = {}, options: ChatServerOptions = {}): Promise<ChatServer> => {
    const config = { ...defaultConfig, port: 0, rate: 0, ...overrides };
    const server = ON_CLUSTER ? await twoNodes(config, options) : await startChatServer(config, options);
    servers.push(server);
    return server;
  };

  /** Connects (from `from`, a loopback address, if given) and reads the welcome and own join line. */
  const join = async (server: ChatServer, from?: string): Promise<TestClient> => {
    const client = await TestClient.connect(portFor(server), '127.0.0.1', from);
    clients.push(client);
    await client.take(2);
    return client;
  };

  /** Connects without reading anything. */
  const connect = async (server: ChatServer, from?: string): Promise<TestClient> => {
    const client = await TestClient.connect(portFor(server), '127.0.0.1', from);
    clients.push(client);
    return client;
  };

  /** Joins n clients in order; each has read every join notice up to the last one. */
  const joinAll = async <N extends number>(server: ChatServer, n: N): Promise<Clients<N>> => {
    const joined: TestClient[] = [];
    for (let i = 0; i < n; i++) {
      const client = await join(server);
      for (const earlier of joined) await earlier.next();
      joined.push(client);
    }
    return joined as Clients<N>;
  };

  return { start, join, joinAll, connect };
};
