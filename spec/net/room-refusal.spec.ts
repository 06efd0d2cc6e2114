import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer, startChatServer } from '../../src/chat-server';
import { defaultConfig } from '../../src/config/config';
import { TestClient } from '../support/client';
import { captureLog, LogRecord } from '../support/log-capture';
import { WsTestClient } from '../support/ws-client';

/**
 * A refusal the room decides (the server is full) comes back in the fold's
 * step, and the edge logs it with the transport the connection came by,
 * after its `accept`, with nothing kept beside the room.
 */
describe('a connection the room turns away', () => {
  let server: ChatServer | undefined;
  const clients: (TestClient | WsTestClient)[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => (c instanceof TestClient ? c.destroy() : c.ws.terminate()));
    await server?.shutdown();
    server = undefined;
  });

  /** Polls the captured log, with a deadline, until it holds `count` refusals. */
  const waitFor = async (records: LogRecord[], count: number): Promise<void> => {
    const until = Date.now() + 3000;
    while (records.filter((r) => r.event === 'refuse').length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} refuse records, log: ${JSON.stringify(records)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('is logged as accept, then refuse with cause full and its transport, once per refused connection', async () => {
    const { logger, records } = captureLog('info');
    server = await startChatServer({ ...defaultConfig, port: 0, webPort: 0, maxClients: 1, rate: 0 }, { logger });
    const member = await TestClient.connect(server.port);
    clients.push(member);
    await member.take(2);

    const byTcp = await TestClient.connect(server.port);
    clients.push(byTcp);
    expect(await byTcp.next()).toBe('!!! Server full (1 users); try again later');
    await byTcp.waitClosed();
    const byWeb = await WsTestClient.open(server.webPort!);
    clients.push(byWeb);
    expect(await byWeb.next()).toBe('!!! Server full (1 users); try again later');
    await waitFor(records, 2);

    const about = (addr: string) => records.filter((r) => r.addr === addr).map(({ event, addr: a, transport, cause }) => ({ event, addr: a, transport, cause }));
    expect(about(byTcp.addr)).toEqual([
      { event: 'accept', addr: byTcp.addr, transport: 'tcp', cause: undefined },
      { event: 'refuse', addr: byTcp.addr, transport: 'tcp', cause: 'full' },
    ]);
    expect(about(byWeb.addr)).toEqual([
      { event: 'accept', addr: byWeb.addr, transport: 'web', cause: undefined },
      { event: 'refuse', addr: byWeb.addr, transport: 'web', cause: 'full' },
    ]);
    expect(server.stats()).toMatchObject({ members: 1 });
  });
});
