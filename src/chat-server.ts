import { createServer, AddressInfo, Server } from 'node:net';
import { EMPTY, filter, finalize, map, merge, mergeMap, Subject, Subscription } from 'rxjs';
import { Config } from './config/config';
import { messagesFor } from './i18n';
import { Accepted, accepted, Transport } from './net/accept';
import { admissionGate } from './net/gate';
import { createTlsListener, HANDSHAKE_TIMEOUT_MS } from './net/tls-listener';
import { Logger, silentLogger } from './observe/logger';
import { MetricsServer, startMetricsServer } from './observe/metrics-server';
import { bump, Tally } from './observe/tally';
import { CLOSE_GRACE_MS, Connection } from './net/connection';
import { Flusher } from './net/flusher';
import { Router } from './net/router';
import { formatAddr } from './net/addr';
import { webMaxPayload, webServer } from './web/web-server';
import { clientEvents } from './room/client-events';
import { NODE_SPAN, nodeOf, nodeStopped, RoomEvent, shutdown } from './room/events';
import { broadcast, close, send } from './room/effects';
import * as render from './protocol/render';
import { Entry, UNDELIVERED_MS } from './cluster/entry';
import { room } from './room/room';
import { ChatState, initialState, isBanned } from './room/state';
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
  /** IP addresses holding at least one connection counted by --max-per-ip. */
  readonly countedAddresses: number;
}

export interface ChatServer {
  readonly host: string;
  readonly port: number;
  /** The TLS listener's port, with --tls-port. */
  readonly tlsPort: number | undefined;
  /** The metrics listener's port, with --metrics-port. */
  readonly metricsPort: number | undefined;
  /** The chat page's port, with --web-port. */
  readonly webPort: number | undefined;
  /** The SSH listener's port, with --ssh-port. */
  readonly sshPort: number | undefined;
  readonly stats: () => ChatStats;
  /** Open sockets, members or not. */
  readonly connectionCount: () => number;
  /**
   * Tells everyone, flushes each client (at most 2 s), closes everything.
   * A node of a cluster stops alone (its clients are told, the others hear
   * they left) unless `everyone`: then the whole cluster's clients are told
   * and closed, as a single server's would be.
   */
  readonly shutdown: (scope?: { readonly everyone: boolean }) => Promise<void>;
}

/**
 * Wires the edges to the room:
 *   accepted sockets → Connection actors → client event streams
 *   → merge → room (one scan) → effects → Router → per-client outboxes.
 */
export interface ChatServerOptions {
  /** Where the server logs (main.ts: JSON on stderr); nowhere by default. */
  readonly logger?: Logger;
  /** How long a TLS client may take over its handshake, and an SSH client to open its shell (tests shorten it). */
  readonly tlsHandshakeTimeoutMs?: number;
}

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

export const startChatServer = async (config: Config, options: ChatServerOptions = {}): Promise<ChatServer> => {
  const logger = options.logger ?? silentLogger;
  const tally = new Tally();
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
  const tls =
    config.tlsPem === undefined
      ? undefined
      : createTlsListener(config.tlsPem, options.tlsHandshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS, (addr, code) => {
          tally.tlsHandshakeFailures++;
          logger.debug({ event: 'tlsFailed', addr, code });
        });
  const router = new Router((entry) => {
    if (entry.event === 'leave') bump(tally.leaves, String(entry.reason));
    logger.info(entry);
  }, tally);
  const control$ = new Subject<RoomEvent>();
  // With --redis the room's event stream is the cluster's shared log (see src/cluster/).
  // ioredis is loaded only by a node of a cluster, as prom-client only by a server with metrics.
  const cluster =
    config.redis === undefined ? undefined : await (await import('./cluster/cluster-log')).joinCluster(config.redis, config.cluster);
  const flusher = new Flusher(undefined, cluster?.gate);
  let nextId = (cluster?.node ?? 0) * NODE_SPAN + 1;
  /** The clock bans and mutes are judged by: this process's, or the cluster log's (Redis's). */
  const now = cluster?.now ?? Date.now;
  let members = 0;
  /** The state after the last fold: what the edge may read (bans, counts), never change. */
  let latest: ChatState = initialState;
  let pipelines = 0;

  const messages = messagesFor(config.lang);
  const gate = admissionGate(config, (ip) => isBanned(latest, ip, now()), messages, tally, logger);
  /** The connected event being folded, to tell whether the room let it in. */
  let arriving: { readonly id: number; readonly addr: string } | undefined;
  /** Each admitted connection's transport, from the gate until the room has folded its arrival. */
  const transports = new Map<number, Transport>();
  const beforeFold = (event: RoomEvent): void => {
    recorder?.event(event);
    if (event.type === 'line' || event.type === 'overlong' || event.type === 'opAttempt') tally.linesReceived++;
    arriving = event.type === 'connected' ? event : undefined;
  };

  const web = config.webPort === undefined ? undefined : webServer({ origins: config.webOrigin, maxPayload: webMaxPayload(config.maxLine) });
  const webClients$ = web === undefined ? EMPTY : web.clients$.pipe(map(({ socket, ip, port }): Accepted => ({ socket, addr: formatAddr(ip, port), transport: 'web' })));
  // --ssh-port (src/ssh/): ssh2 is loaded only by a server with an SSH listener.
  const ssh =
    config.sshKey === undefined
      ? undefined
      : (await import('./ssh/ssh-listener')).createSshListener(config.sshKey, {
          handshakeTimeoutMs: options.tlsHandshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
          maxLine: config.maxLine,
          logger,
          failed: (addr, why) => {
            tally.sshHandshakeFailures++;
            logger.debug({ event: 'sshFailed', addr, why });
          },
        });
  /** The name each SSH connection asked for, from the gate until its pipeline starts. */
  const askedNames = new Map<number, string>();
  const connections$ = merge(accepted(server), tls === undefined ? EMPTY : accepted(tls.server, 'tls'), webClients$, ssh?.accepted$ ?? EMPTY).pipe(
    filter(gate.admitted),
    map(({ socket, addr, transport, name }) => {
      flusher.holdForArrivals();
      const connection = new Connection(nextId++, addr, socket, config, flusher, router.remove);
      transports.set(connection.id, transport);
      if (name !== undefined) askedNames.set(connection.id, name);
      router.add(connection);
      return connection;
    }),
  );
  const events$ = merge(
    connections$.pipe(
      // mergeMap subscribes to each client's events as it arrives.
      mergeMap((c) => {
        pipelines++;
        const name = askedNames.get(c.id);
        askedNames.delete(c.id);
        return clientEvents({ id: c.id, addr: c.addr, input$: c.input$, name }, config.idleTimeout * 1000).pipe(finalize(() => pipelines--));
      }),
    ),
    control$,
  );
  const recorder = config.record === undefined ? undefined : startRecorder(config.record, config);
  const checked$ = events$.pipe(map(checkOperatorPasswords(config.opPassword)));
  /** The log entry being folded, in a cluster: its time is the fold's clock. */
  let entry: Entry | undefined;
  const folded$ =
    cluster === undefined
      ? checked$
      : cluster.entries$.pipe(
          map((next) => {
            entry = next;
            return next.event;
          }),
        );
  /** In a cluster, this node's events go to the log, and come back to the fold from there. */
  const appending = cluster === undefined ? undefined : checked$.subscribe((event) => cluster.append(event, () => undelivered(event)));
  const undelivered = (event: RoomEvent): void => {
    if (event.type === 'line') router.perform([send(event.id, render.error(messages.notDelivered))]);
  };
  const subscription: Subscription = room(
    { messages, ...config },
    { beforeFold, seed: cluster?.seed, now: cluster === undefined ? undefined : () => entry?.at ?? cluster.now() },
  )(folded$).subscribe(([state, effects]) => {
    latest = state;
    members = state.users.length;
    if (arriving !== undefined && transports.has(arriving.id)) {
      const transport = transports.get(arriving.id);
      transports.delete(arriving.id);
      if (!state.ids.includes(arriving.id)) {
        // The room turned the connection away (full, or banned in a race with the gate); it told the client which.
        const cause = members >= config.maxClients ? 'full' : 'banned';
        bump(tally.refusals, cause);
        logger.info({ event: 'refuse', addr: arriving.addr, transport, cause });
      }
    }
    recorder?.effects(effects);
    router.perform(effects);
    if (cluster !== undefined && entry !== undefined) cluster.folded(entry, state);
  });
  cluster?.watch(() => latest.users.map((u) => nodeOf(u.id)));

  /** Tells this node's own clients the server is shutting down and closes them, without the room (Redis gone). */
  const shutDownHere = (): void => {
    const ids = [...router.all()].map((c) => c.id);
    router.perform([broadcast(ids, render.notice(messages.shuttingDown)), ...ids.map((id) => close(id, 'flush'))]);
  };

  const shutdownChat = async ({ everyone = false } = {}): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    // A node of a cluster stops alone: its clients are told, the other nodes' hear they left.
    control$.next(cluster === undefined || everyone ? shutdown : nodeStopped(cluster.node));
    const all = [...router.all()];
    const unheard = cluster === undefined ? undefined : setTimeout(shutDownHere, UNDELIVERED_MS);
    const deadline = setTimeout(() => all.forEach((c) => c.close('drop')), CLOSE_GRACE_MS + 100 + (cluster === undefined ? 0 : UNDELIVERED_MS));
    await router.whenEmpty();
    clearTimeout(deadline);
    clearTimeout(unheard);
    subscription.unsubscribe();
    appending?.unsubscribe();
    await cluster?.stop();
    await Promise.all([recorder?.close(), tls?.close(), metrics?.close(), web?.close(), ssh?.close()]);
    await stopped;
  };

  let metrics: MetricsServer | undefined;
  try {
    const port = await listen(server, config.port, config.host);
    const tlsPort = tls === undefined || config.tlsPort === undefined ? undefined : await listen(tls.server, config.tlsPort, config.host);
    const webPort = web === undefined || config.webPort === undefined ? undefined : await listen(web.server, config.webPort, config.host);
    const sshPort = ssh === undefined || config.sshPort === undefined ? undefined : await listen(ssh.server, config.sshPort, config.host);
    if (config.metricsPort !== undefined) {
      const counts = () => ({ members, rooms: latest.rooms.length, bans: latest.bans.filter((b) => b.until > now()).length });
      // prom-client is loaded only for a server that serves metrics.
      const { chatMetrics } = await import('./observe/metrics');
      metrics = await startMetricsServer(chatMetrics({ tally, counts }), config.metricsHost, config.metricsPort);
    }
    return {
      host: config.host,
      port,
      tlsPort,
      metricsPort: metrics?.port,
      webPort,
      sshPort,
      stats: () => ({ connections: router.size, members, pipelines, countedAddresses: gate.countedAddresses() }),
      connectionCount: () => router.size,
      shutdown: shutdownChat,
    };
  } catch (err) {
    subscription.unsubscribe();
    appending?.unsubscribe();
    void cluster?.stop();
    server.close();
    tls?.server.close();
    void web?.close();
    void ssh?.close();
    void recorder?.close();
    throw err;
  }
};
