import { absurd } from 'fp-ts/function';
import { Effect, LogEntry } from '../room/effects';
import { ClientId } from '../room/events';
import { Connection } from './connection';
import { EncodedLine } from './encoded-line';

type ReadHistory = Extract<Effect, { type: 'readHistory' }>;

/**
 * Performs the room's effects: looks each addressed client up and hands the
 * line to its outbox. A broadcast is encoded once for all its recipients.
 * `C` is what the server keeps for each client (a Connection, or one that
 * also knows its transport).
 */
export class Router<C extends Connection = Connection> {
  private readonly connections = new Map<ClientId, C>();
  private emptied: (() => void)[] = [];
  /** Bumped whenever a connection comes or goes, so a resolved list of recipients made before is stale. */
  private generation = 0;
  /**
   * Recipient lists resolved to their connections. A room's members array
   * is the same array for every chat line until someone joins or leaves, so
   * from its second line a broadcast costs one lookup here instead of one
   * Map lookup per member (the router's own share of a fanout-1000 profile
   * went from 13.4% to 6.9%, docs/PERFORMANCE.md). A list is resolved only
   * when it comes a second time in the same generation (the first time it
   * is marked with the generation): in a join storm every join makes a new
   * members array, used once, and resolving each would allocate N
   * references for each of N joins (storm-10000 peaked at 438 MB when it
   * did). Weak: a list the room has replaced is dropped with it.
   */
  private readonly resolved = new WeakMap<readonly ClientId[], number | { readonly generation: number; readonly targets: readonly (C | undefined)[] }>();

  /**
   * Where `/history` reads beyond a room's memory go (the store's edge,
   * src/store/history-reads.ts); set with --data, and only this node's
   * clients' reads reach it.
   */
  historyReads: ((read: ReadHistory) => void) | undefined;

  /** `onLog` receives the room's log entries; the server's logger, or nothing. */
  constructor(private readonly onLog: (entry: LogEntry) => void = () => undefined) {}

  get size(): number {
    return this.connections.size;
  }

  add(connection: C): void {
    this.connections.set(connection.id, connection);
    this.generation++;
  }

  /** For each connection to call once its socket is closed. */
  readonly remove = (connection: Connection): void => {
    this.connections.delete(connection.id);
    this.generation++;
    if (this.connections.size > 0) return;
    const waiting = this.emptied;
    this.emptied = [];
    waiting.forEach((resolve) => resolve());
  };

  /** Resolves once every connection has closed. */
  whenEmpty(): Promise<void> {
    if (this.connections.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptied.push(resolve));
  }

  all(): IterableIterator<C> {
    return this.connections.values();
  }

  /** This process's connection with that id, if it has one (in a cluster, another node's client is not here). */
  get(id: ClientId): C | undefined {
    return this.connections.get(id);
  }

  /** This process's connections for `ids`, in order (undefined for another node's client or one gone), once the list has come before in this generation; else undefined. */
  private targetsOf(ids: readonly ClientId[]): readonly (C | undefined)[] | undefined {
    const known = this.resolved.get(ids);
    if (typeof known === 'object' && known.generation === this.generation) return known.targets;
    if (known !== this.generation) {
      this.resolved.set(ids, this.generation);
      return undefined;
    }
    const targets = ids.map((id) => this.connections.get(id));
    this.resolved.set(ids, { generation: this.generation, targets });
    return targets;
  }

  readonly perform = (effects: readonly Effect[]): void => {
    for (const effect of effects) {
      switch (effect.type) {
        case 'send':
          this.connections.get(effect.to)?.outbox.next(new EncodedLine(effect.line));
          break;
        case 'broadcast': {
          const line = new EncodedLine(effect.line, true);
          const targets = this.targetsOf(effect.to);
          if (targets === undefined) {
            for (const id of effect.to) {
              if (id !== effect.except) this.connections.get(id)?.outbox.next(line);
            }
            break;
          }
          for (let i = 0; i < targets.length; i++) {
            const target = targets[i];
            if (target !== undefined && target.id !== effect.except) target.outbox.next(line);
          }
          break;
        }
        case 'close':
          this.connections.get(effect.to)?.close(effect.mode);
          break;
        case 'log':
          this.onLog(effect.entry);
          break;
        case 'store':
          // The store's edge takes these before the router (see src/store/).
          break;
        case 'readHistory':
          if (this.connections.has(effect.to)) this.historyReads?.(effect);
          break;
        default:
          absurd(effect);
      }
    }
  };
}
