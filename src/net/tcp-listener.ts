import { createServer } from 'node:net';
import { accepted } from './accept';
import { Listener, listenOn } from './listener';

/**
 * The plain TCP listener (`--host`, `--port`), always on. Half-open sockets
 * stay open (a client's FIN is its end of input, not of output), and each
 * socket is paused until its Connection reads it.
 */
export const tcpListener = ({ host, port }: { readonly host: string; readonly port: number }): Listener => {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
  let closed: Promise<void> | undefined;
  const stopAccepting = (): void => {
    closed ??= new Promise((resolve) => server.close(() => resolve()));
  };
  return {
    transport: 'tcp',
    accepted$: accepted(server),
    listen: (onAcceptError) => listenOn(server, port, host, onAcceptError),
    // New connections stop at once; the promise resolves when the last open one has closed.
    stopAccepting,
    close: () => {
      stopAccepting();
      return closed!;
    },
  };
};
