import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../src/net/cidr';
import { TestClient } from '../support/client';
import { captureLog } from '../support/log-capture';
import { fetchText, scrape } from '../support/metrics';
import { useChatServers } from '../support/server';
import { until } from '../support/until';

const { start, join, connect } = useChatServers();

const bytesOf = (client: TestClient): number => client.raw.reduce((n, line) => n + Buffer.byteLength(line), 0);

describe('the metrics listener', () => {
  it('is off unless --metrics-port is given', async () => {
    const server = await start();
    expect(server.metricsPort).toBeUndefined();
  });

  it('answers /healthz with ok, and anything else but /metrics with 404', async () => {
    const server = await start({ metricsPort: 0 });
    expect(server.metricsPort).toBeGreaterThan(0);
    expect(await fetchText(server.metricsPort!, '/healthz')).toMatchObject({ status: 200, body: 'ok' });
    expect((await fetchText(server.metricsPort!, '/')).status).toBe(404);
  });

  it('serves the Prometheus text format, with the process metrics and event-loop lag', async () => {
    const server = await start({ metricsPort: 0 });
    const { type, body } = await fetchText(server.metricsPort!, '/metrics');
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'chat_connections',
      'chat_members',
      'chat_rooms',
      'chat_bans_active',
      'chat_lines_received_total',
      'chat_lines_sent_total',
      'chat_bytes_sent_total',
      'chat_leaves_total',
      'chat_refusals_total',
      'chat_tls_handshake_failures_total',
      'nodejs_eventloop_lag_seconds',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
    ]) {
      expect(body).toContain(`# TYPE ${name} `);
    }
  });

  it('moves each counter by exactly the traffic it saw', async () => {
    const server = await start({ metricsPort: 0, maxPerIp: 1, exempt: parseAddressList('none')! });
    const before = await scrape(server);
    expect(before.get('chat_members')).toBe(0);
    expect(before.get('chat_rooms')).toBe(1);
    expect(before.get('chat_bans_active')).toBe(0);

    const a = await join(server, '127.0.0.2');
    const b = await join(server, '127.0.0.3');
    expect(await a.next()).toBe(`*** ${b.tag} joined`);
    const refused = await connect(server, '127.0.0.2');
    await refused.waitClosed();

    const during = await scrape(server);
    expect(during.get('chat_connections{transport="tcp"}')).toBe(2);
    expect(during.get('chat_connections{transport="tls"}')).toBe(0);
    expect(during.get('chat_members')).toBe(2);

    a.line('hello');
    expect(await a.next()).toBe(`[${a.addr}]${a.addr}: hello`);
    expect(await b.next()).toBe(`[${a.addr}]${a.addr}: hello`);
    a.line('/quit');
    expect(await a.next()).toBe('--- Bye!');
    await a.waitClosed();
    expect(await b.next()).toBe(`*** ${a.tag} left`);
    b.destroy();
    await until(() => server.stats().connections === 0 && server.stats().members === 0, 'everyone gone');

    const after = await scrape(server);
    const moved = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(moved('chat_lines_received_total')).toBe(2);
    expect(moved('chat_lines_sent_total')).toBe(a.raw.length + b.raw.length);
    expect(moved('chat_bytes_sent_total')).toBe(bytesOf(a) + bytesOf(b));
    expect(moved('chat_leaves_total{reason="quit"}')).toBe(1);
    expect(moved('chat_leaves_total{reason="eof"}')).toBe(1);
    expect(moved('chat_leaves_total{reason="idle"}')).toBe(0);
    expect(moved('chat_refusals_total{cause="perIp"}')).toBe(1);
    expect(moved('chat_refusals_total{cause="full"}')).toBe(0);
    expect(after.get('chat_connections{transport="tcp"}')).toBe(0);
    expect(after.get('chat_members')).toBe(0);
  });

  it('counts a full server’s refusals, and logs each with its transport', async () => {
    const log = captureLog();
    const server = await start({ metricsPort: 0, maxClients: 1 }, { logger: log.logger });
    await join(server);
    const extra = await connect(server);
    expect(await extra.next()).toBe('!!! Server full (1 users); try again later');
    await extra.waitClosed();
    const samples = await scrape(server);
    expect(samples.get('chat_refusals_total{cause="full"}')).toBe(1);
    expect(samples.get('chat_members')).toBe(1);
    expect(log.records.filter((r) => r.event === 'refuse')).toEqual([expect.objectContaining({ addr: extra.addr, transport: 'tcp', cause: 'full' })]);
  });
});
