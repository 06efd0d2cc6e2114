import { afterEach } from 'vitest';
import { ChatServer, ChatServerOptions, startChatServer } from '../../src/chat-server';
import { Config, defaultConfig } from '../../src/config/config';
import { TestClient } from './client';

/** A tuple of N clients, so `const [a, b] = await joinAll(server, 2)` needs no checks. */
type Clients<N extends number, R extends TestClient[] = []> = R['length'] extends N ? R : Clients<N, [...R, TestClient]>;

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
    const server = await startChatServer({ ...defaultConfig, port: 0, rate: 0, ...overrides }, options);
    servers.push(server);
    return server;
  };

  /** Connects (from `from`, a loopback address, if given) and reads the welcome and own join line. */
  const join = async (server: ChatServer, from?: string): Promise<TestClient> => {
    const client = await TestClient.connect(server.port, '127.0.0.1', from);
    clients.push(client);
    await client.take(2);
    return client;
  };

  /** Connects without reading anything. */
  const connect = async (server: ChatServer, from?: string): Promise<TestClient> => {
    const client = await TestClient.connect(server.port, '127.0.0.1', from);
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
