import { Account } from './accounts-state';
import { ClientId } from './events';
import type { Ban } from './state';

/**
 * What the room asks the store (§14) to keep or forget, as data: the fold
 * never writes, the store's edge does. Without `--data` nobody listens.
 */
export type StoreChange =
  | { readonly kind: 'putAccount'; readonly account: Account }
  | { readonly kind: 'dropAccount'; readonly key: string }
  | { readonly kind: 'setIgnores'; readonly key: string; readonly ignores: readonly string[] }
  /** A private message waiting for an account (§15), rendered, and the mailbox emptied on delivery. */
  | { readonly kind: 'queueMessage'; readonly key: string; readonly line: string }
  | { readonly kind: 'clearMessages'; readonly key: string }
  /** The bans in force, whole: there are few, and a ban's expiry drops it. */
  | { readonly kind: 'setBans'; readonly bans: readonly Ban[] }
  /** A chat or action line as delivered, in delivery order; `sender` is told if it cannot be kept. */
  | { readonly kind: 'line'; readonly room: string; readonly line: string; readonly at: number; readonly sender: ClientId };
