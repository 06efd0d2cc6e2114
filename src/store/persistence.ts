import { Config } from '../config/config';
import { remembered } from '../room/chat';
import { ChatState } from '../room/state';
import { isPostgresUrl } from './postgres-url';
import { seedFrom } from './seed';
import { Loaded, Store } from './store';

export interface Persistence {
  readonly store: Store;
  readonly loaded: Loaded;
  /** The fold's first state. */
  readonly seed: ChatState;
}

/**
 * --data at start-up: the store opened and read once, or a StoreOpenError (a
 * bad flag). Each database's driver is loaded only by a server that uses it.
 */
export const openPersistence = async (config: Config & { readonly data: string }): Promise<Persistence> => {
  const store = isPostgresUrl(config.data)
    ? await (await import('./postgres-store')).openPostgresStore(config.data, config.keep)
    : (await import('./sqlite-store')).openSqliteStore(config.data, config.keep);
  try {
    const loaded = await store.load();
    return { store, loaded, seed: seedFrom(loaded, remembered(config)) };
  } catch (err) {
    await store.close();
    throw err;
  }
};
