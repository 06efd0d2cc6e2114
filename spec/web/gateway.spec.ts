import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer, startChatServer } from '../../src/chat-server';
import { Config, defaultConfig } from '../../src/config/config';
import { webMaxPayload } from '../../src/web/web-server';
import { TestClient } from '../support/client';
import { floodUntilDropped } from '../support/flood';
import { WsTestClient } from '../support/ws-client';

/** The WebSocket gateway with raw `ws` clients: a browser's connection is a connection like any other. */
describe('the WebSocket gateway', () => {
  const servers: ChatServer[] = [];
  const closers: (() => void)[] = [];
  afterEach(async () => {
    closers.splice(0).forEach((close) => close());
    await Promise.all(servers.splice(0).map((s) => s.shutdown()));
  });

  const start = async (overrides: Partial<Config> = {}): Promise<ChatServer> => {
    const server = await startChatServer({ ...defaultConfig, port: 0, webPort: 0, rate: 0, ...overrides });
    servers.push(server);
    return server;
  };
  const ws = async (server: ChatServer, options: Parameters<typeof WsTestClient.open>[1] = {}): Promise<WsTestClient> => {
    const client = await WsTestClient.open(server.webPort!, options);
    closers.push(() => client.close());
    return client;
  };
  const tcp = async (server: ChatServer): Promise<TestClient> => {
    const client = await TestClient.connect(server.port);
    closers.push(() => client.destroy());
    await client.take(2);
    return client;
  };

  it('one message in is one line (or several, split on line breaks); one line out is one message', async () => {
    const server = await start();
    const c = await tcp(server);
    const w = await ws(server);
    expect(await w.take(2)).toEqual([`--- Welcome, ${w.tag}! 2 users online. Type /help for commands.`, `*** ${w.tag} joined`]);
    expect(await c.next()).toBe(`*** ${w.tag} joined`);
    w.send('first\r\nsecond\nthird\n');
    const said = ['first', 'second', 'third'].map((t) => `${w.tag}: ${t}`);
    expect(await w.take(3)).toEqual(said);
    expect(await c.take(3)).toEqual(said);
    c.line('/who');
    expect(await c.take(3)).toEqual(['--- 2 users in #lobby:', `--- ${c.tag} (you)`, `--- ${w.tag}`]);
  });

  it('refuses a foreign Origin with 403 unless --web-origin allows it; the page\'s own origin and none are fine', async () => {
    const server = await start({ webOrigin: ['https://chat.example.org'] });
    await expect(WsTestClient.open(server.webPort!, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await ws(server, { origin: 'https://chat.example.org' });
    await ws(server, { origin: `http://127.0.0.1:${server.webPort}` });
    await ws(server);
    expect(server.stats().connections).toBe(3);
  });

  it('answers an over-long message with the usual error and stays; a frame past maxPayload closes it before it is buffered', async () => {
    const server = await start({ maxLine: 100 });
    const w = await ws(server);
    await w.take(2);
    w.send('x'.repeat(101));
    w.send('still here');
    expect(await w.take(2)).toEqual(['!!! Line too long (max 100 bytes); discarded', `${w.tag}: still here`]);
    const big = await ws(server);
    await big.take(2);
    expect(await w.next()).toBe(`*** ${big.tag} joined`);
    big.send('y'.repeat(webMaxPayload(100) + 1));
    expect(await big.closed()).toBe(1009);
    expect(await w.next()).toBe(`*** ${big.tag} left`);
  });

  it('frames lines of every length form so a strict client reads them back exactly, in order', async () => {
    const server = await start({ maxLine: 80_000 });
    const c = await tcp(server);
    const w = await ws(server);
    await w.take(2);
    await c.next();
    // 7-bit, 16-bit and 64-bit payload lengths (RFC 6455 §5.2), and multi-byte UTF-8 counted in bytes.
    const texts = ['short', 'a'.repeat(200), '丝'.repeat(20_000), 'b'.repeat(70_000)];
    texts.forEach((t) => c.line(t));
    const said = texts.map((t) => `${c.tag}: ${t}`);
    expect(await w.take(texts.length)).toEqual(said);
    expect(await c.take(texts.length)).toEqual(said);
  });

  it('drops a WebSocket client that stops reading; the others lose nothing', async () => {
    const server = await start({ maxBacklog: 256 * 1024 });
    const flooder = await tcp(server);
    const reader = await ws(server);
    await reader.take(2);
    const sleeper = await ws(server);
    await sleeper.take(2);
    await reader.next();
    await flooder.take(2);
    sleeper.stopReading();
    const droppedSeen = await floodUntilDropped(flooder, reader, `*** ${sleeper.tag} was disconnected (too slow)`);
    expect(droppedSeen).toBe(true);
    sleeper.resumeReading();
    expect(await sleeper.closed(5000)).toBeDefined();
    expect(server.stats()).toMatchObject({ connections: 2, members: 2 });
  });

  it('counts WebSocket clients against --max-per-ip and refuses banned addresses, before they join', async () => {
    const server = await start({ maxPerIp: 1, exempt: { text: 'none', ranges: [] } as Config['exempt'], opPassword: 'pw' });
    const op = await tcp(server);
    op.line('/op pw');
    expect(await op.next()).toBe('--- You are now an operator');
    const first = await ws(server, { localAddress: '127.0.0.2' });
    await first.take(2);
    expect(await op.next()).toBe(`*** ${first.tag} joined`);
    const second = await ws(server, { localAddress: '127.0.0.2' });
    expect(await second.next()).toBe('!!! Too many connections from your address (max 1)');
    await second.closed();
    op.line('/ban 127.0.0.2 1');
    expect(await first.next()).toBe(`!!! Banned by ${op.tag}`);
    expect(await op.take(2)).toEqual([`*** ${first.tag} was banned by ${op.tag}`, '--- Banned 127.0.0.2 for 1 minutes']);
    await first.closed();
    const third = await ws(server, { localAddress: '127.0.0.2' });
    expect(await third.next()).toBe('!!! You are banned from this server');
    await third.closed();
    expect(server.stats().members).toBe(1);
  });
});
