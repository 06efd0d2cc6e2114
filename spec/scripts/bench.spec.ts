import { describe, expect, it } from 'vitest';
import { runLoad } from '../../scripts/bench/load';
import { runStorm } from '../../scripts/bench/storm';
import { useChatServers } from '../support/server';
import { testHostKey } from '../support/ssh-client';

/** A tiny run of the bench's load generator: it must count exactly, whatever the speed. */
describe('bench load generator (smoke)', () => {
  const { start } = useChatServers();

  it('counts every delivery once, in order, against rxchat', async () => {
    const server = await start({ idleTimeout: 0, maxBacklog: 64 * 1024 * 1024 });
    const result = await runLoad(server.port, { clients: 12, senders: 3, messages: 50, window: 4, lineBytes: 64 });
    expect(result).toMatchObject({ deliveries: 12 * 3 * 50, messages: 3 * 50, lost: 0, reordered: 0, duplicates: 0 });
  });

  it('leaves the warm-up messages out of every count', async () => {
    const server = await start({ idleTimeout: 0, maxBacklog: 64 * 1024 * 1024 });
    const result = await runLoad(server.port, { clients: 6, senders: 2, messages: 30, window: 4, lineBytes: 64, warmup: 10 });
    expect(result).toMatchObject({ deliveries: 6 * 2 * 30, messages: 2 * 30, lost: 0, reordered: 0, duplicates: 0 });
  });

  it('counts exactly with half the clients, senders included, on the WebSocket gateway', async () => {
    const server = await start({ idleTimeout: 0, maxBacklog: 64 * 1024 * 1024, webPort: 0 });
    const result = await runLoad(server.port, { clients: 10, senders: 4, messages: 40, window: 4, lineBytes: 64, web: 5, warmup: 5 }, undefined, server);
    expect(result).toMatchObject({ deliveries: 10 * 4 * 40, messages: 4 * 40, lost: 0, reordered: 0, duplicates: 0 });
  });

  it('counts exactly with the last half of the clients on the IRC listener', async () => {
    const server = await start({ idleTimeout: 0, maxBacklog: 64 * 1024 * 1024, ircPort: 0 });
    const result = await runLoad(server.port, { clients: 10, senders: 4, messages: 40, window: 4, lineBytes: 64, irc: 5, warmup: 5 }, undefined, server);
    expect(result).toMatchObject({ deliveries: 10 * 4 * 40, messages: 4 * 40, lost: 0, reordered: 0, duplicates: 0 });
  });

  it('frames lines past 125 bytes (the 16-bit length form) both ways on the WebSocket gateway', async () => {
    const server = await start({ idleTimeout: 0, maxBacklog: 64 * 1024 * 1024, webPort: 0 });
    const result = await runLoad(server.port, { clients: 4, senders: 2, messages: 20, window: 4, lineBytes: 300, web: 2 }, undefined, server);
    expect(result).toMatchObject({ deliveries: 4 * 2 * 20, messages: 2 * 20, lost: 0, reordered: 0, duplicates: 0 });
  });

  it('counts exactly with the first clients, senders included, on the SSH listener', async () => {
    const server = await start({ idleTimeout: 0, maxBacklog: 64 * 1024 * 1024, sshPort: 0, sshKey: testHostKey() });
    const result = await runLoad(server.port, { clients: 8, senders: 3, messages: 40, window: 4, lineBytes: 64, ssh: 4, warmup: 5 }, undefined, server);
    expect(result).toMatchObject({ deliveries: 8 * 3 * 40, messages: 3 * 40, lost: 0, reordered: 0, duplicates: 0 });
  });

  it('paces a fixed rate and still counts exactly', async () => {
    const server = await start({ idleTimeout: 0 });
    const result = await runLoad(server.port, { clients: 5, senders: 2, messages: 0, window: 0, rate: 200, seconds: 0.5, lineBytes: 64 });
    expect(result).toMatchObject({ deliveries: 5 * 100, messages: 100, lost: 0, reordered: 0, duplicates: 0 });
  });

  it('measures fresh connections on a server that served a round before, from their first line, with the busy-loop pacer', async () => {
    const server = await start({ idleTimeout: 0 });
    const params = { clients: 6, senders: 2, messages: 0, window: 0, rate: 200, seconds: 0.3, lineBytes: 64, marker: true, pacer: 'busy' as const };
    await runLoad(server.port, params);
    const result = await runLoad(server.port, params);
    expect(result).toMatchObject({ deliveries: 6 * 60, messages: 60, lost: 0, reordered: 0, duplicates: 0 });
  });

  it('opens a storm in batches, each once the one before is welcomed, and samples the memory it is given', async () => {
    const server = await start({ idleTimeout: 0 });
    let readings = 0;
    const { result, sockets } = await runStorm(server.port, { clients: 30, batch: 10, settleMs: 200, sampleMs: 10 }, () => ++readings);
    expect(sockets).toHaveLength(30);
    expect(server.stats().members).toBe(30);
    // Each reading is higher than the last: the peak and the settled reading are the last one.
    expect(result).toMatchObject({ samples: readings, peakMB: readings, settledMB: readings });
    sockets.forEach((s) => s.destroy());
  });
});
