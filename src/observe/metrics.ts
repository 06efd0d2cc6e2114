import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { Tally } from './tally';

/** What the metrics read when scraped; nothing is pushed to them on the hot path. */
export interface MetricsSource {
  readonly tally: Tally;
  /** Counts read from the room's latest state. */
  readonly counts: () => { readonly members: number; readonly rooms: number; readonly bans: number };
}

/** Label values that exist from the start (at 0), so a dashboard's rate() has a series before the first event. */
const LEAVE_REASONS = ['quit', 'eof', 'idle', 'tooSlow', 'kicked', 'banned', 'wrongPassword'];
const REFUSAL_CAUSES = ['full', 'perIp', 'banned'];

const fromTally = (counter: Counter<string>, value: number): void => {
  counter.reset();
  counter.inc(value);
};

const fromCounts = (counter: Counter<string>, label: string, counts: ReadonlyMap<string, number>, seed: readonly string[]): void => {
  counter.reset();
  for (const key of seed) counter.inc({ [label]: key }, 0);
  for (const [key, n] of counts) counter.inc({ [label]: key }, n);
};

/**
 * The server's Prometheus metrics, in a registry of their own: prom-client's
 * process and Node metrics (CPU, memory, event-loop lag, GC, handles) and
 * the chat's, which are computed from the source at scrape time (`collect`).
 */
export const chatMetrics = ({ tally, counts }: MetricsSource): Registry => {
  const registers = [new Registry()];
  const [register] = registers as [Registry];
  collectDefaultMetrics({ register });

  new Gauge({
    name: 'chat_connections',
    help: 'Open client connections, by transport',
    labelNames: ['transport'],
    registers,
    collect() {
      for (const [transport, open] of Object.entries(tally.open)) this.set({ transport }, open);
    },
  });
  new Gauge({ name: 'chat_members', help: 'Members on the server', registers, collect() { this.set(counts().members); } });
  new Gauge({ name: 'chat_rooms', help: 'Rooms that exist, #lobby included', registers, collect() { this.set(counts().rooms); } });
  new Gauge({ name: 'chat_bans_active', help: 'IP addresses banned now', registers, collect() { this.set(counts().bans); } });
  new Counter({
    name: 'chat_lines_received_total',
    help: 'Lines that reached the room from clients',
    registers,
    collect() { fromTally(this, tally.linesReceived); },
  });
  new Counter({
    name: 'chat_lines_sent_total',
    help: 'Lines handed to clients for sending, one per recipient',
    registers,
    collect() { fromTally(this, tally.linesSent); },
  });
  new Counter({
    name: 'chat_bytes_sent_total',
    help: 'Bytes of those lines, terminators included',
    registers,
    collect() { fromTally(this, tally.bytesSent); },
  });
  new Counter({
    name: 'chat_leaves_total',
    help: 'Members who left, by reason',
    labelNames: ['reason'],
    registers,
    collect() { fromCounts(this, 'reason', tally.leaves, LEAVE_REASONS); },
  });
  new Counter({
    name: 'chat_refusals_total',
    help: 'Connections turned away before joining, by cause',
    labelNames: ['cause'],
    registers,
    collect() { fromCounts(this, 'cause', tally.refusals, REFUSAL_CAUSES); },
  });
  new Counter({
    name: 'chat_tls_handshake_failures_total',
    help: 'TLS clients that failed or did not finish the handshake in time',
    registers,
    collect() { fromTally(this, tally.tlsHandshakeFailures); },
  });
  new Counter({
    name: 'chat_ssh_handshake_failures_total',
    help: 'SSH clients cut for not opening their shell within the handshake timeout',
    registers,
    collect() { fromTally(this, tally.sshHandshakeFailures); },
  });
  new Counter({
    name: 'chat_irc_registration_failures_total',
    help: 'IRC clients cut before they registered (no NICK and USER in time, a flood, a line too long)',
    registers,
    collect() { fromTally(this, tally.ircRegistrationFailures); },
  });
  return register;
};
