import { Server, Socket } from 'node:net';
import { fromEvent, map, Observable, filter } from 'rxjs';
import { formatAddr } from './addr';

export interface Accepted {
  readonly socket: Socket;
  readonly addr: string;
}

/**
 * The listener as a stream of accepted sockets with their addrs. A socket
 * reset before its address could be read has no addr and no place in the
 * room: it is destroyed here and never seen by anyone.
 */
export const accepted = (server: Server): Observable<Accepted> =>
  fromEvent(server, 'connection', (socket: Socket) => socket).pipe(
    map((socket) => {
      const ip = socket.remoteAddress;
      const port = socket.remotePort;
      if (ip === undefined || port === undefined) {
        socket.on('error', () => undefined);
        socket.destroy();
        return undefined;
      }
      return { socket, addr: formatAddr(ip, port) };
    }),
    filter((a): a is Accepted => a !== undefined),
  );
