import { readdirSync, readFileSync } from 'node:fs';
import { Logger } from '../observe/logger';

/** At most one log line of each kind per this many ms: running out repeats on every connection attempt. */
export const OUT_OF_FILES_LOG_MS = 10_000;

/**
 * Descriptors kept aside from the connections: libuv's spare one (it uses it
 * to accept and close a connection it has no descriptor for), a TLS or web
 * connection still in its handshake, the metrics scrape, a file read.
 */
export const FILE_HEADROOM = 8;

const HINT = 'raise the limit on open files (ulimit -n, or LimitNOFILE= in a systemd unit) above --max-clients plus a few hundred';

/** The process's limit on open files, and how many it has open now (Linux's /proc); undefined where unknown. */
export interface FileBudget {
  readonly limit: number;
  readonly open: number;
}

export const readFileBudget = (): FileBudget | undefined => {
  try {
    const found = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return found === null ? undefined : { limit: Number(found[1]), open: readdirSync('/proc/self/fd').length };
  } catch {
    return undefined;
  }
};

/**
 * What the server does about running out of file descriptors, which must
 * never stop it. When the process has none left, libuv accepts each new
 * connection on its spare descriptor and closes it at once; Node hears
 * nothing, so the members already in never notice, and neither would the
 * operator. So the log says it, from the connection count: once at start if
 * the limit is below --max-clients, and when the connections reach it. An
 * accept that fails in a way libuv passes on comes to Node as an 'error' on
 * the listener, which with no handler would end the process: it is logged too.
 */
export const outOfFiles = (budget: FileBudget | undefined, maxClients: number, logger: Logger, now: () => number = Date.now) => {
  const room = budget === undefined ? Infinity : budget.limit - budget.open - FILE_HEADROOM;
  if (room < maxClients) logger.warn({ event: 'fileLimit', limit: budget!.limit, connections: Math.max(0, room), maxClients, hint: HINT });
  let lastFull = -Infinity;
  let lastError = -Infinity;
  return {
    /** After each accepted connection, with how many are open. */
    accepted: (connections: number): void => {
      if (connections < room || now() - lastFull < OUT_OF_FILES_LOG_MS) return;
      lastFull = now();
      logger.error({ event: 'outOfFiles', limit: budget!.limit, connections, hint: `new connections are closed by the system until some end; ${HINT}` });
    },
    /** What a listener does with an accept error: logs it, and listens on. */
    acceptFailed:
      (listener: string) =>
      (err: NodeJS.ErrnoException): void => {
        if (now() - lastError < OUT_OF_FILES_LOG_MS) return;
        lastError = now();
        logger.error({ event: 'acceptFailed', listener, code: err.code ?? 'unknown', hint: err.code === 'EMFILE' || err.code === 'ENFILE' ? HINT : err.message });
      },
  };
};
