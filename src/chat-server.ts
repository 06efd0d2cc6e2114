import { createServer, AddressInfo } from 'node:net';
import { finalize, map, merge, mergeMap, Subject, Subscription } from 'rxjs';
import { Config } from './config/config';
import { messagesFor } from './i18n';
import { accepted } from './net/accept';
import { CLOSE_GRACE_MS, Connection } from './net/connection';
import { Flusher } from './net/flusher';
import { Router } from './net/router';
import { clientEvents } from './room/client-events';
import { RoomEvent, shutdown } from './room/events';
import { room } from './room/room';
import { ChatState, initialState } from './room/state';
import { checkOperatorPasswords } from './net/op-check';
import { startRecorder } from './record/recorder';

/** Internal counts, so tests can prove nothing leaks. */
export interface ChatStats {
  /** Open sockets, members or not. */
  readonly connections: number;
  /** Members of the room. */
  readonly members: number;
  /** Client event pipelines still subscribed. */
  readonly pipelines: number;
}

export interface ChatServer {
  readonly host: string;
  readonly port: number;
  readonly stats: () => ChatStats;
  /** Open sockets, members or not. */
  readonly connectionCount: () => number;
  /** Tells everyone, flushes each client (at most 2 s), closes everything. */
  readonly shutdown: () => Promise<void>;
}

/**
 * Wires the edges to the room:
 *   accepted sockets → Connection actors → client event streams
 *   → merge → room (one scan) → effects → Router → per-client outboxes.
 */
export const startChatServer = async (config: Config): Promise<ChatServer> => {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
  const flusher = new Flusher();
  const router = new Router();
  const control$ = new Subject<RoomEvent>();
  let nextId = 1;
  let members = 0;
  /** The state after the last fold: what the edge may read (bans, counts), never change. */
  let latest: ChatState = initialState;
  let pipelines = 0;

  const connections$ = accepted(server).pipe(
    map(({ socket, addr }) => {
      flusher.holdForArrivals();
      const connection = new Connection(nextId++, addr, socket, config, flusher, router.remove);
      router.add(connection);
      return connection;
    }),
  );
  const events$ = merge(
    connections$.pipe(
      // mergeMap subscribes to each client's events as it arrives.
      mergeMap((c) => {
        pipelines++;
        return clientEvents(c, config.idleTimeout * 1000).pipe(finalize(() => pipelines--));
      }),
    ),
    control$,
  );
  const messages = messagesFor(config.lang);
  const recorder = config.record === undefined ? undefined : startRecorder(config.record, config);
  const checked$ = events$.pipe(map(checkOperatorPasswords(config.opPassword)));
  const subscription: Subscription = room({ messages, ...config }, recorder?.event)(checked$).subscribe(([state, effects]) => {
    latest = state;
    members = state.users.length;
    recorder?.effects(effects);
    router.perform(effects);
  });

  const shutdownChat = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    control$.next(shutdown);
    const all = [...router.all()];
    const deadline = setTimeout(() => all.forEach((c) => c.close('drop')), CLOSE_GRACE_MS + 100);
    await router.whenEmpty();
    clearTimeout(deadline);
    subscription.unsubscribe();
    await recorder?.close();
    await stopped;
  };

  return new Promise((resolve, reject) => {
    const refused = (err: Error): void => {
      subscription.unsubscribe();
      void recorder?.close();
      reject(err);
    };
    server.once('error', refused);
    server.listen(config.port, config.host, () => {
      server.off('error', refused);
      const { port } = server.address() as AddressInfo;
      resolve({
        host: config.host,
        port,
        stats: () => ({ connections: router.size, members, pipelines }),
        connectionCount: () => router.size,
        shutdown: shutdownChat,
      });
    });
  });
};
