import { filter, finalize, map, merge, mergeMap, Subject, Subscription } from 'rxjs';
import { Config } from './config/config';
import { messagesFor } from './i18n';
import { AcceptedConnection } from './net/accepted-connection';
import { admissionGate } from './net/gate';
import { Listener } from './net/listener';
import { outOfFiles, readFileBudget } from './net/accept-errors';
import { tcpListener } from './net/tcp-listener';
import { HANDSHAKE_TIMEOUT_MS, tlsListener } from './net/tls-listener';
import { webListener } from './web/web-listener';
import { Logger, silentLogger } from './observe/logger';
import { serveMetrics } from './observe/serve-metrics';
import { bump, Tally } from './observe/tally';
import { CLOSE_GRACE_MS } from './net/connection';
import { Flusher } from './net/flusher';
import { Router } from './net/router';
import { clientEvents } from './room/client-events';
import { nodeOf, notKept, RoomEvent } from './room/events';
import { idsOf } from './room/ids';
import { broadcast, close, Effect, send } from './room/effects';
import * as render from './protocol/render';
import { EventLog, localLog } from './cluster/event-log';
import { room } from './room/room';
import { Refusal, Step } from './room/reducer';
import { ChatState, initialState, isBanned } from './room/state';
import { checkOperatorPasswords } from './net/op-check';
import { startRecorder } from './record/recorder';
import { communityEdge } from './net/community-edge';
import { newCloakSecret } from './net/cloak';
import { durableTurns } from './store/durable-turn';
import { historyReads } from './store/history-reads';
import { sequence } from './sequence';

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
  /** The IRC listener's port, with --irc-port. */
  readonly ircPort: number | undefined;
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

export interface ChatServerOptions {
  /** Where the server logs (main.ts: JSON on stderr); nowhere by default. */
  readonly logger?: Logger;
  /** How long a TLS client may take over its handshake, and an SSH client to open its shell (tests shorten it). */
  readonly tlsHandshakeTimeoutMs?: number;
  /**
   * The ways in, instead of the listeners the flags ask for: an in-process
   * listener of fake sockets (`npm run instructions` counts the hot path's
   * instructions through it, with no network).
   */
  readonly listeners?: readonly Listener[];
}

/**
 * Composes the edges around the room:
 *   listeners → Accepted sockets → admission gate → Connection actors → client event streams
 *   → merge → /op check → event log → room (one scan) → effects → Router → per-client outboxes.
 * Each edge is a module of its own with a start and a stop; this only wires them.
 */
export const startChatServer = async (config: Config, options: ChatServerOptions = {}): Promise<ChatServer> => {
  const logger = options.logger ?? silentLogger;
  const tally = new Tally();
  // How long a TLS, SSH or IRC client may take before it is a member.
  const handshakeTimeoutMs = options.tlsHandshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  // Every way in, in the order they listen (and the `listening on` lines are printed).
  const listeners = options.listeners ?? [
    tcpListener(config),
    tlsListener(config, { handshakeTimeoutMs, tally, logger }),
    webListener(config),
    // ssh2 is loaded only by a server with an SSH listener.
    config.sshKey === undefined
      ? undefined
      : (await import('./ssh/ssh-module')).sshListener(config, config.sshKey, { handshakeTimeoutMs, tally, logger }),
    // The IRC edge is loaded only by a server with an IRC listener.
    config.ircPort === undefined
      ? undefined
      : (await import('./irc/irc-module')).ircListener(config, {
          handshakeTimeoutMs,
          // The room's latest state answers whether a nick can be had; it is read only once clients arrive.
          state: () => latest,
          failed: (addr, why) => {
            tally.ircRegistrationFailures++;
            logger.debug({ event: 'ircFailed', addr, why });
          },
          logger,
        }),
  ].filter((l): l is Listener => l !== undefined);
  // §14: with --data the store is read once here, and each turn's effects wait for its commit (src/store/durable-turn.ts).
  // The database's driver is loaded only by a server with --data.
  const persisted =
    config.data === undefined ? undefined : await (await import('./store/persistence')).openPersistence({ ...config, data: config.data });
  // With --redis the room's events go round the cluster's shared log; ioredis is loaded only then.
  const log: EventLog =
    config.redis === undefined
      ? localLog
      : await (await import('./cluster/cluster-node')).joinAsNode(config.redis, config.cluster, persisted?.seed).catch(async (err: unknown) => {
          await persisted?.store.close();
          throw err;
        });
  const recorder = config.record === undefined ? undefined : startRecorder(config.record, config);

  const messages = messagesFor(config.lang);
  const files = outOfFiles(readFileBudget(), config.maxClients, logger);
  const router = new Router<AcceptedConnection>((entry) => {
    if (entry.event === 'leave') bump(tally.leaves, String(entry.reason));
    logger.info(entry);
  });
  // The counts of lines only the metrics read are kept only when there are metrics.
  const counting = config.metricsPort !== undefined;
  const flusher = new Flusher(undefined, log.gate, counting ? tally : undefined);
  const nextId = idsOf(log.node);
  const seed = log.seed ?? persisted?.seed;
  /**
   * The state after the last fold: what the edge may read (bans, accounts, counts), never change. Before the first fold it
   * is the seed, so the first arrival after a restart already finds the accounts and bans the store kept.
   */
  let latest: ChatState = seed ?? initialState;
  let pipelines = 0;
  const gate = admissionGate(config, (ip) => isBanned(latest, ip, log.now()), messages, tally, logger);

  const connections$ = merge(...listeners.map((l) => l.accepted$)).pipe(
    filter(gate.admitted),
    map(({ socket, addr, transport, name, keyFingerprint }) => {
      flusher.holdForArrivals();
      const connection = new AcceptedConnection(transport, nextId(), addr, socket, config, flusher, router.remove);
      connection.askedName = name;
      connection.keyFingerprint = keyFingerprint;
      router.add(connection);
      files.accepted(router.size);
      return connection;
    }),
  );
  // Accounts and §15 at the edge: password lines hashed and checked off the fold in each client's order, cloaks, idle times.
  const cloakSecret = config.hideAddresses ? (persisted?.loaded.cloakSecret ?? newCloakSecret()) : undefined;
  const community = communityEdge({ state: () => latest, cloakSecret });
  const control$ = new Subject<RoomEvent>();
  const own$ = merge(
    connections$.pipe(
      // mergeMap subscribes to each client's events as it arrives.
      mergeMap((c) => {
        pipelines++;
        return clientEvents({ id: c.id, addr: c.addr, input$: c.input$, name: c.askedName }, config.idleTimeout * 1000).pipe(community.perClient(c.keyFingerprint), finalize(() => pipelines--));
      }),
    ),
    control$,
  ).pipe(map(checkOperatorPasswords(config.opPassword)));
  const undelivered = (event: RoomEvent): void => {
    if (event.type === 'line') router.perform([send(event.id, render.error(messages.notDelivered))]);
  };
  /** The room turned an arriving connection away; only the process that holds it counts and logs it. */
  const refused = ({ id, addr, cause }: Refusal): void => {
    const connection = router.get(id);
    if (connection === undefined) return;
    bump(tally.refusals, cause);
    logger.info({ event: 'refuse', addr, transport: connection.transport, cause });
  };
  /** The client whose event is being folded, told if the store cannot keep what it said. */
  let causedBy: number | undefined;
  /** Lines the store did not keep: the room forgets them (in a cluster, every node fails alike; the sender's node says so, once). */
  const forget = (lines: readonly { readonly room: string; readonly line: string; readonly sender: number }[]): void => {
    const own = lines.filter((l) => nodeOf(l.sender) === log.node).map(({ room: key, line }) => ({ room: key, line }));
    if (own.length > 0) control$.next(notKept(own));
  };
  // /history beyond a room's memory is read at the edge; its answer is recorded as the room's effects are.
  if (persisted !== undefined) {
    router.historyReads = historyReads(persisted.store, (effects) => {
      recorder?.effects(effects);
      router.perform(effects);
    });
  }
  const durable = persisted === undefined ? undefined : durableTurns(persisted.store, router.perform, messages.notDelivered, forget, (commit) => flusher.beforeFlush(commit));
  // What each fold step runs beside the room is made of the features that are on, so one that is off costs a line nothing.
  const beforeFold = sequence<RoomEvent>([
    recorder === undefined ? undefined : (event) => recorder.event(event),
    counting ? (event) => (event.type === 'line' || event.type === 'overlong' || event.type === 'opAttempt') && tally.linesReceived++ : undefined,
    durable === undefined ? undefined : (event) => (causedBy = 'id' in event ? event.id : undefined),
  ]);
  const perform = durable === undefined ? router.perform : (effects: readonly Effect[]) => durable.take(effects, causedBy, log.entry());
  const { folded } = log;
  const afterFold = sequence<Step>([
    recorder === undefined ? undefined : ([, effects]) => recorder.effects(effects),
    ([, effects]) => perform(effects),
    folded === undefined ? undefined : ([state]) => folded(state),
  ])!;
  const subscription: Subscription = room(
    { messages, ...config, persist: persisted !== undefined, keep: persisted === undefined ? undefined : config.keep },
    { beforeFold, seed, now: log.foldTime },
  )(
    log.fold(own$, undelivered),
  ).subscribe((step) => {
    latest = step[0];
    if (step[2] !== undefined) refused(step[2]);
    afterFold(step);
  });
  log.watch(() => latest.ids);

  /** Tells this node's own clients the server is shutting down and closes them, without the room (Redis gone). */
  const shutDownHere = (): void => {
    const ids = [...router.all()].map((c) => c.id);
    router.perform([broadcast(ids, render.notice(messages.shuttingDown)), ...ids.map((id) => close(id, 'flush'))]);
  };

  const stopEdges = (): void => {
    subscription.unsubscribe();
    void log.stop();
    listeners.forEach((l) => void l.close());
    void recorder?.close();
    void persisted?.store.close();
  };

  try {
    const ports = new Map<string, number>();
    for (const listener of listeners) ports.set(listener.transport, await listener.listen(files.acceptFailed(listener.transport)));
    const metrics = await serveMetrics(config, tally, () => ({
      members: latest.users.length,
      rooms: latest.rooms.length,
      bans: latest.bans.filter((b) => b.until > log.now()).length,
    }));

    const shutdownChat = async ({ everyone = false } = {}): Promise<void> => {
      listeners.forEach((l) => l.stopAccepting?.());
      control$.next(log.stopEvent(everyone));
      const all = [...router.all()];
      const unheard = log.unheardMs === undefined ? undefined : setTimeout(shutDownHere, log.unheardMs);
      const deadline = setTimeout(() => all.forEach((c) => c.close('drop')), CLOSE_GRACE_MS + 100 + (log.unheardMs ?? 0));
      await durable?.drained();
      await router.whenEmpty();
      clearTimeout(deadline);
      clearTimeout(unheard);
      subscription.unsubscribe();
      await log.stop();
      await Promise.all([recorder?.close(), ...listeners.map((l) => l.close()), metrics?.close()]);
      await durable?.drained();
      await persisted?.store.close();
    };

    return {
      host: config.host,
      port: ports.get('tcp')!,
      tlsPort: ports.get('tls'),
      metricsPort: metrics?.port,
      webPort: ports.get('web'),
      sshPort: ports.get('ssh'),
      ircPort: ports.get('irc'),
      stats: () => ({ connections: router.size, members: latest.users.length, pipelines, countedAddresses: gate.countedAddresses() }),
      connectionCount: () => router.size,
      shutdown: shutdownChat,
    };
  } catch (err) {
    stopEdges();
    throw err;
  }
};
