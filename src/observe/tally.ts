import { Transport } from '../net/accept';
import { SentTally } from '../net/encoded-line';

/**
 * What the server counts as it runs, as plain numbers: the edges add to
 * them (one addition each), and the metrics read them only when scraped.
 */
export class Tally implements SentTally {
  /** Lines that reached the room. */
  linesReceived = 0;
  /** Lines handed to clients' connections, one per recipient, and their bytes as encoded for each. */
  linesSent = 0;
  bytesSent = 0;
  /** TLS clients that failed or never finished the handshake. */
  tlsHandshakeFailures = 0;
  /** SSH clients cut for not opening their shell within the handshake timeout. */
  sshHandshakeFailures = 0;
  /** IRC clients cut before they registered (no NICK and USER in time, a flood, a line too long). */
  ircRegistrationFailures = 0;
  /** Open client connections (members, or on their way in or out). */
  readonly open: Record<Transport, number> = { tcp: 0, tls: 0, web: 0, ssh: 0, irc: 0 };
  /** Members who left, by the reason in the room's log entry (quit, eof, idle, tooSlow, kicked, banned, …). */
  readonly leaves = new Map<string, number>();
  /** Connections turned away before joining, by cause (full, perIp, banned). */
  readonly refusals = new Map<string, number>();
}

export const bump = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};
