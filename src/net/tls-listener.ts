import { Socket } from 'node:net';
import { createServer, Server, TLSSocket } from 'node:tls';
import { TlsPem } from '../config/tls-pem';
import { Logger } from '../observe/logger';
import { Tally } from '../observe/tally';
import { accepted } from './accept';
import { formatAddr } from './addr';
import { Listener, listenOn } from './listener';

/** How long a TLS client may take over its handshake before it is cut. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface TlsListener {
  /** Emits `secureConnection` for each client whose handshake is done (see accepted). */
  readonly server: Server;
  /** Stops listening and cuts whoever is still connected to it (at shutdown, once members are gone). */
  readonly close: () => Promise<void>;
}

/**
 * The `--tls-port` listener. Until its handshake is done a client is nobody:
 * no admission check, no slot, no room event. A client that fails the
 * handshake, or does not finish it within `handshakeTimeoutMs`, is closed by
 * node:tls and reported to `failed` (its addr if known, and why).
 */
export const createTlsListener = (
  pem: TlsPem,
  handshakeTimeoutMs: number,
  failed: (addr: string | undefined, code: string) => void,
): TlsListener => {
  const server = createServer({ cert: pem.cert, key: pem.key, handshakeTimeout: handshakeTimeoutMs, allowHalfOpen: true });
  const sockets = new Set<Socket>();
  const forget = function (this: Socket): void {
    sockets.delete(this);
  };
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', forget);
  });
  server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: TLSSocket) => {
    const { remoteAddress, remotePort } = socket;
    // node:tls reports a handshake timeout but leaves the socket open: cut it here, whatever the error.
    socket.destroy();
    failed(remoteAddress === undefined || remotePort === undefined ? undefined : formatAddr(remoteAddress, remotePort), err.code ?? err.message);
  });
  return {
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        sockets.forEach((socket) => socket.destroy());
      }),
  };
};

export interface TlsListenerOptions {
  /** How long a client may take over its handshake (tests shorten it). */
  readonly handshakeTimeoutMs: number;
  readonly tally: Tally;
  readonly logger: Logger;
}

/**
 * `--tls-port` as a Listener, or nothing without it: clients count once
 * their handshake is done; a failed handshake is counted and logged at debug.
 */
export const tlsListener = (
  { host, tlsPort, tlsPem }: { readonly host: string; readonly tlsPort: number | undefined; readonly tlsPem: TlsPem | undefined },
  { handshakeTimeoutMs, tally, logger }: TlsListenerOptions,
): Listener | undefined => {
  if (tlsPort === undefined || tlsPem === undefined) return undefined;
  const tls = createTlsListener(tlsPem, handshakeTimeoutMs, (addr, code) => {
    tally.tlsHandshakeFailures++;
    logger.debug({ event: 'tlsFailed', addr, code });
  });
  return { transport: 'tls', accepted$: accepted(tls.server, 'tls'), listen: (onAcceptError) => listenOn(tls.server, tlsPort, host, onAcceptError), close: tls.close };
};
