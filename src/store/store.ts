import { Accounts } from '../room/accounts-state';
import { Ban } from '../room/state';
import { StoreChange } from '../room/store-changes';

/**
 * What the server keeps across restarts (§14), as read back at start-up:
 * the fold's starting point, and the cloak secret of --hide-addresses.
 */
export interface Loaded {
  readonly accounts: Accounts;
  readonly bans: readonly Ban[];
  /** Each room's kept lines, oldest first, by room key. */
  readonly histories: Readonly<Record<string, readonly string[]>>;
  readonly cloakSecret: Buffer;
}

/**
 * The changes of one folded event. `entry`: the id of the cluster log entry
 * it came from (§12), so that when every node of a cluster writes the same
 * entries, each is written once; undefined on a single server.
 */
export interface Step {
  readonly entry: string | undefined;
  readonly changes: readonly StoreChange[];
}

/**
 * The one interface every store implements (SQLite, PostgreSQL). The room never calls it: the room's effects carry StoreChanges,
 * and the server's edge hands each turn's changes to `write` as one batch.
 */
export interface Store {
  readonly load: () => Promise<Loaded>;
  /**
   * Keeps all of a turn's steps or none of them, before it returns. Once
   * `late` is aborted (the turn's second is up) the turn has been answered
   * as not delivered: the store must not commit it after that.
   */
  readonly write: (steps: readonly Step[], late: AbortSignal) => Promise<void> | void;
  /**
   * A room's last `count` kept lines, oldest first (/history beyond what the
   * room holds in memory). Asked only once every earlier write has committed.
   */
  readonly history: (room: string, count: number) => Promise<readonly string[]> | readonly string[];
  readonly close: () => Promise<void> | void;
}

/** `--data` names something that cannot be opened as a store: a bad flag, said before listening. */
export class StoreOpenError extends Error {}
