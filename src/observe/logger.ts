import pino, { Logger } from 'pino';
import { LogLevel } from '../config/config';

export type { Logger };

/**
 * Fields that never belong in a log line. Nothing the server logs carries
 * them (it logs events, never what people typed); should one ever slip into
 * an entry, it is written as `[redacted]`.
 */
const NEVER_LOGGED = ['text', 'line', 'message', 'password'];

/** How long exiting waits for the log to be written. */
const CLOSE_WAIT_MS = 1000;

export interface StderrLog {
  readonly logger: Logger;
  /** Writes everything logged so far, in order, and resolves; call before exiting. */
  readonly close: () => Promise<void>;
}

/**
 * The server's log: one JSON object per line on stderr (`level` as a word,
 * `time` in ISO 8601, `event` naming what happened), written asynchronously
 * so a slow terminal or pipe never holds the event loop. stdout stays for the
 * `listening on` lines.
 */
export const stderrLog = (level: LogLevel): StderrLog => {
  const destination = pino.destination({ dest: 2, sync: false });
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: NEVER_LOGGED, censor: '[redacted]' },
    },
    destination,
  );
  return {
    logger,
    // Not flushSync: with an asynchronous write still in flight it writes the rest at once,
    // so the last records could reach stderr before the ones in flight.
    close: () =>
      new Promise<void>((resolve) => {
        destination.once('close', () => resolve());
        destination.once('error', () => resolve());
        // A stderr that takes no more (a dead pipe) must not keep the process from exiting.
        setTimeout(resolve, CLOSE_WAIT_MS).unref();
        destination.end();
      }),
  };
};

/** For servers started without a log (tests): every call is a no-op. */
export const silentLogger: Logger = pino({ level: 'silent' });
