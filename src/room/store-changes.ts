import { Account } from './accounts-state';

/**
 * What the room asks the store (§14) to keep or forget, as data: the fold
 * never writes, the store's edge does. Without `--data` nobody listens.
 */
export type StoreChange =
  | { readonly kind: 'putAccount'; readonly account: Account }
  | { readonly kind: 'dropAccount'; readonly key: string };
