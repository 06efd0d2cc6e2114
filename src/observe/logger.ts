import pino, { Logger } from 'pino';
import { LogLevel } from '../config/config';

export type { Logger };

/**
 * Fields that never belong in a log line. Nothing the server logs carries
 * them (it logs events, never what people typed); should one ever slip into
 * an entry, it is written as `[redacted]`.
 */
const NEVER_LOGGED = ['text', 'line', 'message', 'password'];

export interface StderrLog {
  readonly logger: Logger;
  /** Writes what is still buffered; call before exiting. */
  readonly flush: () => void;
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
    flush: () => {
      try {
        destination.flushSync();
      } catch {
        // Nothing buffered, or stderr already gone: nothing to save.
      }
    },
  };
};

/** For servers started without a log (tests): every call is a no-op. */
export const silentLogger: Logger = pino({ level: 'silent' });
