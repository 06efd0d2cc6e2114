import { afterEach } from 'vitest';
import { ChatServer, startChatServer } from '../../src/chat-server';
import { Config, defaultConfig } from '../../src/config/config';
import { TestClient } from './client';

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

  const start = async (overrides: Partial<Config> = {}): Promise<ChatServer> => {
    const server = await startChatServer({ ...defaultConfig, port: 0, rate: 0, ...overrides });
    servers.push(server);
    return server;
  };

  /** Connects and reads the welcome and own join line. */
  const join = async (server: ChatServer): Promise<TestClient> => {
    const client = await TestClient.connect(server.port);
    clients.push(client);
    await client.take(2);
    return client;
  };

  /** Connects without reading anything. */
  const connect = async (server: ChatServer): Promise<TestClient> => {
    const client = await TestClient.connect(server.port);
    clients.push(client);
    return client;
  };

  return { start, join, connect };
};
