import { Server, Socket } from 'node:net';
import { fromEvent, map, Observable, filter } from 'rxjs';
import { formatAddr } from './addr';
import { ByteSocket } from './byte-socket';

/** How a client reached the server: plain TCP, TLS on the --tls-port listener, a WebSocket on --web-port, SSH on --ssh-port, or IRC on --irc-port. */
export type Transport = 'tcp' | 'tls' | 'web' | 'ssh' | 'irc';

export interface Accepted {
  readonly socket: ByteSocket;
  readonly addr: string;
  readonly transport: Transport;
  /** The name the client asked for as it connected (an SSH login's user name). */
  readonly name?: string;
  /** The SHA-256 fingerprint (`SHA256:…`) of the key an SSH client proved it holds, for accounts to tie a name to. */
  readonly keyFingerprint?: string | undefined;
}

/**
 * A socket's addr. A socket reset before its address could be read has
 * none and no place in the room: it is destroyed here, and never seen by
 * anyone.
 */
export const addrOrDestroy = (socket: Socket): string | undefined => {
  const ip = socket.remoteAddress;
  const port = socket.remotePort;
  if (ip !== undefined && port !== undefined) return formatAddr(ip, port);
  socket.on('error', () => undefined);
  socket.destroy();
  return undefined;
};

/**
 * A listener as a stream of accepted sockets with their addrs: a plain
 * listener's connections, or a TLS listener's once their handshake is done
 * (a tls.TLSSocket is a net.Socket, so both go the same way from here).
 */
export const accepted = (server: Server, transport: 'tcp' | 'tls' = 'tcp'): Observable<Accepted> =>
  fromEvent(server, transport === 'tls' ? 'secureConnection' : 'connection', (socket: Socket) => socket).pipe(
    map((socket): Accepted | undefined => {
      const addr = addrOrDestroy(socket);
      return addr === undefined ? undefined : { socket, addr, transport };
    }),
    filter((a): a is Accepted => a !== undefined),
  );
