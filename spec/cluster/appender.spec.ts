import { AddressInfo, createServer } from 'node:net';
import Redis from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { GATE_LIMIT_MS, turnAppender } from '../../src/cluster/appender';
import { clusterKeys } from '../../src/cluster/keys';
import { SHARED_REDIS, uniqueCluster } from '../support/cluster';

const connections: Redis[] = [];
const connect = (connectionName?: string): Redis => {
  const redis = new Redis(SHARED_REDIS, { connectionName });
  connections.push(redis);
  return redis;
};
afterAll(() => connections.forEach((r) => r.disconnect()));

/** What a node's log reader gets from one blocked XREAD on `log` (entries after the current end). */
const nextRead = async (reader: Redis, log: string): Promise<string[][]> => {
  const reply = (await reader.xread('BLOCK', 5000, 'STREAMS', log, '$')) as [string, [string, string[]][]][] | null;
  return (reply?.[0]?.[1] ?? []).map(([, fields]) => fields);
};

/** Whether Redis holds the connection named `name` blocked (CLIENT LIST flag b). */
const isBlocked = async (redis: Redis, name: string): Promise<boolean> =>
  ((await redis.client('LIST')) as string).split('\n').some((line) => line.includes(` name=${name} `) && / flags=\w*b/.test(line));

describe('turnAppender (a real Redis)', () => {
  it("writes one turn's entries as one transaction: a node blocked on the log wakes once, with all of them, in order", async () => {
    const log = clusterKeys(uniqueCluster()).log;
    const name = `reader-${process.pid}-${Date.now()}`;
    const [commands, reader, watcher] = [connect(), connect(name), connect()];
    const read = nextRead(reader, log);
    while (!(await isBlocked(watcher, name))) await new Promise((resolve) => setImmediate(resolve));
    const appender = turnAppender(commands, log, 1000);
    appender.append(['e', 'one'], 0);
    appender.append(['e', 'two'], 0);
    appender.append(['e', 'three'], 0);
    expect(await read).toEqual([
      ['e', 'one'],
      ['e', 'two'],
      ['e', 'three'],
    ]);
  });

  it("opens the gate once the reader has folded the turn's last entry, not before", async () => {
    const log = clusterKeys(uniqueCluster()).log;
    const commands = connect();
    const appender = turnAppender(commands, log, 1000);
    expect(appender.gate.ticket()).toBeUndefined();
    appender.append(['e', 'one'], 0);
    appender.append(['e', 'two'], 0);
    // This turn's batch, not yet written, is already outstanding.
    const ticket = appender.gate.ticket();
    expect(ticket).toBe(1);
    let through = 0;
    // The gate's give-up timer (GATE_LIMIT_MS) stands still here: what opens the gate is the
    // reader alone, however long the machine takes over the Redis round trips below.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      appender.gate.whenThrough(ticket!, () => through++);
      // The appender writes at the end of this turn; a command sent after that, on the same
      // connection, is answered after the transaction.
      await new Promise((resolve) => setImmediate(resolve));
      const ids = ((await commands.xrange(log, '-', '+')) as [string, string[]][]).map(([id]) => id);
      expect(ids).toHaveLength(2);
      // A transaction's answer is handled later than a plain command's: one sent after the
      // appender's, on the same connection, is handled after it.
      await commands.multi().ping().exec();
      appender.readTo(ids[0]!);
      expect(through).toBe(0);
      appender.readTo(ids[1]!);
      expect(through).toBe(1);
      expect(appender.gate.ticket()).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up waiting after GATE_LIMIT_MS when Redis does not answer, and tells a line it was not delivered', async () => {
    // A server that takes the connection and never answers: a Redis that has stopped.
    const mute = createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const silent = new Redis((mute.address() as AddressInfo).port, '127.0.0.1', { enableReadyCheck: false });
    connections.push(silent);
    await new Promise((resolve) => silent.once('connect', resolve));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
    try {
      const appender = turnAppender(silent, clusterKeys(uniqueCluster()).log, 1000);
      let undelivered = 0;
      appender.append(['e', 'line'], 0, () => undelivered++);
      let through = 0;
      appender.gate.whenThrough(appender.gate.ticket()!, () => through++);
      vi.advanceTimersByTime(GATE_LIMIT_MS - 1);
      expect(through).toBe(0);
      vi.advanceTimersByTime(1);
      expect(through).toBe(1);
      vi.advanceTimersByTime(10_000);
      expect(undelivered).toBe(1);
      expect(through).toBe(1);
    } finally {
      vi.useRealTimers();
      silent.disconnect();
      mute.close();
    }
  });
});
