import { afterEach, describe, expect, it } from 'vitest';
import { PrivatePostgres, startPrivatePostgres } from '../../scripts/private-postgres';
import { ChatServer, startChatServer } from '../../src/chat-server';
import { defaultConfig } from '../../src/config/config';
import { TestClient } from '../support/client';

const NOT_DELIVERED = '!!! Not delivered: server unavailable; try again';

describe('PostgreSQL stopped for a while', () => {
  let postgres: PrivatePostgres | undefined;
  const servers: ChatServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await Promise.all(servers.splice(0).map((s) => s.shutdown()));
    await postgres?.stop();
    postgres = undefined;
  });
  const start = async (data: string): Promise<ChatServer> => {
    const server = await startChatServer({ ...defaultConfig, port: 0, rate: 0, data });
    servers.push(server);
    return server;
  };
  /** Connects and reads up to its own join notice (past any recent messages). */
  const join = async (server: ChatServer): Promise<TestClient> => {
    const client = await TestClient.connect(server.port);
    clients.push(client);
    while (!(await client.next()).endsWith(' joined'));
    return client;
  };

  it('chat answers that it is not delivered, resumes by itself, and nothing delivered is missing from history', async () => {
    postgres = await startPrivatePostgres();
    const data = `${postgres.url}?schema=chat`;
    const server = await start(data);
    const alice = await join(server);
    const bob = await join(server);
    expect(await alice.next()).toBe(`*** ${bob.tag} joined`);
    alice.line('before');
    expect(await alice.next()).toBe(`${alice.tag}: before`);
    expect(await bob.next()).toBe(`${alice.tag}: before`);

    postgres.pause();
    alice.line('while stopped');
    expect(await alice.next(5000)).toBe(NOT_DELIVERED);
    bob.line('also while stopped');
    expect(await bob.next(5000)).toBe(NOT_DELIVERED);

    postgres.resume();
    // The first write after it may still find it waking up: try again, as the answer says, a few times.
    let after: string | undefined;
    for (let attempt = 1; attempt <= 5 && after === undefined; attempt++) {
      alice.line(`after ${attempt}`);
      const answer = await alice.next(5000);
      if (answer === `${alice.tag}: after ${attempt}`) after = answer;
      else expect(answer).toBe(NOT_DELIVERED);
    }
    expect(after).toBeDefined();
    // Bob never saw what was not delivered.
    expect(await bob.next()).toBe(after);
    const delivered = [`${alice.tag}: before`, after!];
    alice.line('/history');
    expect(await alice.take(4)).toEqual(['--- Recent messages in #lobby:', ...delivered, '--- End of recent messages']);

    // What the database holds, read by a server started again on it.
    await servers.splice(0, 1)[0]!.shutdown();
    const reader = await join(await start(data));
    reader.line('/history');
    expect(await reader.take(4)).toEqual(['--- Recent messages in #lobby:', ...delivered, '--- End of recent messages']);
  }, 60_000);

  it('/history beyond what the room holds in memory answers the same while it is stopped, and reads again afterwards', async () => {
    postgres = await startPrivatePostgres();
    const server = await start(`${postgres.url}?schema=chat`);
    const alice = await join(server);
    const said: string[] = [];
    for (let i = 0; i < 60; i++) alice.line(`line ${i}`);
    for (let i = 0; i < 60; i++) said.push(await alice.next());
    expect(said.at(-1)).toBe(`${alice.tag}: line 59`);
    const answer = ['--- Recent messages in #lobby:', ...said.slice(-55), '--- End of recent messages'];
    alice.line('/history 55');
    expect(await alice.take(57)).toEqual(answer);

    postgres.pause();
    alice.line('/history 55');
    expect(await alice.next(5000)).toBe(NOT_DELIVERED);

    postgres.resume();
    let read = false;
    for (let attempt = 1; attempt <= 5 && !read; attempt++) {
      alice.line('/history 55');
      const first = await alice.next(5000);
      if (first === answer[0]) read = true;
      else expect(first).toBe(NOT_DELIVERED);
    }
    expect(read).toBe(true);
    expect(await alice.take(56)).toEqual(answer.slice(1));
  }, 60_000);
});
