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
 * The one interface every store implements (SQLite now; PostgreSQL the
 * same). The room never calls it: the room's effects carry StoreChanges,
 * and the server's edge hands each turn's changes to `write` as one batch.
 */
export interface Store {
  readonly load: () => Promise<Loaded>;
  /** Keeps all of `changes` or none of them, before it returns (or rejects within 1 s). */
  readonly write: (changes: readonly StoreChange[]) => Promise<void> | void;
  readonly close: () => Promise<void> | void;
}

/** `--data` names something that cannot be opened as a store: a bad flag, said before listening. */
export class StoreOpenError extends Error {}
