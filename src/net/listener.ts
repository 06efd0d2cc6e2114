import { AddressInfo } from 'node:net';
import { Observable } from 'rxjs';
import { Accepted, Transport } from './accept';

/**
 * One way in to the room: a listener turns its sockets into `Accepted`
 * values (a byte stream, its addr, its transport), and from there every
 * transport takes the same path (the gate, a Connection, the room). A new
 * transport is a module that makes one of these, and one line in the list
 * of listeners in chat-server.ts.
 */
export interface Listener {
  readonly transport: Transport;
  /** Every socket accepted, ready for the admission gate; subscribed once. */
  readonly accepted$: Observable<Accepted>;
  /**
   * Starts listening; resolves to the port it got (its flag's, or a free one
   * for 0). From then on an error on the listener is a failed accept, handed
   * to `onAcceptError`: with no handler it would end the process.
   */
  readonly listen: (onAcceptError: (err: NodeJS.ErrnoException) => void) => Promise<number>;
  /** Shutdown has begun: stop taking sockets now, for a listener that must (plain TCP); the others take them until `close`. */
  readonly stopAccepting?: () => void;
  /** Every member is gone (or listening failed): stop listening, cut whoever is left, resolve once closed. */
  readonly close: () => Promise<void>;
}

/** What node:net, node:tls and node:http servers have in common for listening. */
interface Listenable {
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
  once(event: 'error', listener: (err: Error) => void): unknown;
  off(event: 'error', listener: (err: Error) => void): unknown;
  listen(port: number, host: string, listening: () => void): unknown;
  address(): AddressInfo | string | null;
}

export const listenOn = (server: Listenable, port: number, host: string, onAcceptError: (err: NodeJS.ErrnoException) => void): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', onAcceptError);
      resolve((server.address() as AddressInfo).port);
    });
  });
