/**
 * The certificate and key of the TLS listener, as read at start-up. On its
 * own so that the config can name it without importing the loader that
 * reads the config.
 */
export interface TlsPem {
  readonly cert: string;
  readonly key: string;
}
