import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, afterEach } from 'vitest';
import { ChatServer, startChatServer } from '../../src/chat-server';
import { Config, defaultConfig } from '../../src/config/config';
import { TestClient } from './client';

/** The Redis every machine of this kind runs before each session and CI run. */
export const SHARED_REDIS = 'redis://127.0.0.1:6379';

const used: string[] = [];

/** A cluster name no other test (or run) uses; its keys are deleted when the test file ends. */
export const uniqueCluster = (): string => {
  const name = `test-${randomUUID()}`;
  used.push(name);
  return name;
};

afterAll(async () => {
  if (used.length === 0) return;
  const redis = new Redis(SHARED_REDIS, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for (const name of used.splice(0)) {
      const keys = await redis.keys(`rxchat:{${name}}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
});

/**
 * Starts cluster nodes in this process for one test file (each its own
 * listeners, one Redis log) and stops every node and client after each test.
 */
export const useClusters = () => {
  const nodes: ChatServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  });

  /** `count` nodes of one new cluster. */
  const cluster = async (count: number, overrides: Partial<Config> = {}): Promise<ChatServer[]> => {
    const name = uniqueCluster();
    const started: ChatServer[] = [];
    for (let i = 0; i < count; i++) started.push(await node(name, overrides));
    return started;
  };

  /** One more node of the cluster `name`. */
  const node = async (name: string, overrides: Partial<Config> = {}): Promise<ChatServer> => {
    const server = await startChatServer({ ...defaultConfig, port: 0, rate: 0, redis: SHARED_REDIS, cluster: name, ...overrides });
    nodes.push(server);
    return server;
  };

  /** Connects to a node without reading anything. */
  const connect = async (server: ChatServer): Promise<TestClient> => {
    const client = await TestClient.connect(server.port);
    clients.push(client);
    return client;
  };

  return { cluster, node, connect };
};
