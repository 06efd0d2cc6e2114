import { AddressList, parseAddressList } from '../net/cidr';
import type { TlsPem } from './tls-pem';
import type { SshHostKey } from '../ssh/host-key';

/** Everything the server can be told at start-up; decoded once from argv and env. */
export type Lang = 'en' | 'zh';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Config {
  readonly host: string;
  readonly port: number;
  /** Seconds without a received line before a client is kicked; 0 disables. */
  readonly idleTimeout: number;
  /** Maximum input line in bytes, terminator excluded. */
  readonly maxLine: number;
  readonly maxClients: number;
  /** Token-bucket refill in lines per second; 0 disables the limiter. */
  readonly rate: number;
  readonly burst: number;
  /** Bytes of output held for one client before it is dropped as too slow. */
  readonly maxBacklog: number;
  readonly lang: Lang;
  /** A file to record the session to (JSON Lines), for `npm run replay`. */
  readonly record: string | undefined;
  /** Chat and action lines kept per room and shown to whoever enters it; 0 keeps none. */
  readonly history: number;
  /** A file whose first line is the operator password. */
  readonly opPasswordFile: string | undefined;
  /** A file whose lines are the message of the day. */
  readonly motdFile: string | undefined;
  /**
   * Read at start-up from CHAT_OP_PASSWORD or --op-password-file, never a flag
   * of its own (the process list would show it); undefined: no operators.
   * Never logged or recorded.
   */
  readonly opPassword: string | undefined;
  /** The lines of --motd-file, as read at start-up. */
  readonly motd: readonly string[];
  /** Connections one IP address may hold (`--exempt` addresses aside); 0 disables. */
  readonly maxPerIp: number;
  /** Addresses and ranges that --max-per-ip does not count. */
  readonly exempt: AddressList;
  /** The TLS listener's port (0 picks a free one); undefined: no TLS listener. */
  readonly tlsPort: number | undefined;
  /** PEM files of the TLS listener's certificate and key. */
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  /** Their contents, as read and checked at start-up (loadTls). */
  readonly tlsPem: TlsPem | undefined;
  /** Least severe structured log line written to stderr. */
  readonly logLevel: LogLevel;
  /** Port of the HTTP listener for /metrics and /healthz (0 picks a free one); undefined: none. */
  readonly metricsPort: number | undefined;
  readonly metricsHost: string;
  /** Port of the chat page and its WebSocket (0 picks a free one); undefined: none. */
  readonly webPort: number | undefined;
  /** Origins besides the page's own whose pages may open the WebSocket. */
  readonly webOrigin: readonly string[];
  /** The SSH listener's port (0 picks a free one); undefined: no SSH listener. */
  readonly sshPort: number | undefined;
  /** The OpenSSH private key file of its host key (created when missing). */
  readonly sshHostKey: string | undefined;
  /** That key, as read or created at start-up (loadSsh). */
  readonly sshKey: SshHostKey | undefined;
  /** The IRC listener's port (0 picks a free one); undefined: no IRC listener. */
  readonly ircPort: number | undefined;
  /** The Redis that holds the cluster's shared log; undefined: one process on its own. */
  readonly redis: string | undefined;
  /** Which cluster in that Redis this node belongs to. */
  readonly cluster: string;
  /** The store (§14): an SQLite file; undefined keeps nothing. */
  readonly data: string | undefined;
  /** Chat and action lines kept per room in the store, for /history. */
  readonly keep: number;
  /** Cloak every addr shown to users (§15). */
  readonly hideAddresses: boolean;
  /** Keys of the accounts that are operators once logged in (§13). */
  readonly opAccounts: readonly string[];
}

export const defaultConfig: Config = {
  host: '127.0.0.1',
  port: 8080,
  idleTimeout: 600,
  maxLine: 4096,
  maxClients: 10000,
  rate: 10,
  burst: 50,
  maxBacklog: 1048576,
  lang: 'en',
  record: undefined,
  history: 20,
  opPasswordFile: undefined,
  motdFile: undefined,
  opPassword: undefined,
  motd: [],
  maxPerIp: 32,
  exempt: parseAddressList('127.0.0.0/8,::1')!,
  tlsPort: undefined,
  tlsCert: undefined,
  tlsKey: undefined,
  tlsPem: undefined,
  logLevel: 'info',
  metricsPort: undefined,
  metricsHost: '127.0.0.1',
  webPort: undefined,
  webOrigin: [],
  sshPort: undefined,
  sshHostKey: undefined,
  sshKey: undefined,
  ircPort: undefined,
  redis: undefined,
  cluster: 'rxchat',
  opAccounts: [],
  hideAddresses: false,
  data: undefined,
  keep: 1000,
};
