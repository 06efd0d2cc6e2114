import * as t from 'io-ts';
import { Config, defaultConfig } from './config';
import { atLeastOne, integerFrom, nonEmpty, nonNegativeDecimal, oneOf } from './codecs';
import { addressList, wholeNumberOrZero } from './public-codecs';
import { originList } from './web-codecs';
import { clusterName, redisUrl } from './cluster-codecs';
import { accountList, onOff } from './account-codecs';

/** One command-line flag: its value's codec, placeholder and meaning, for decoding and for --help. */
export interface Flag<K extends keyof Config = keyof Config> {
  readonly key: K;
  readonly name: string;
  readonly placeholder: string;
  readonly codec: t.Type<Config[K], string, string>;
  readonly description: string;
  /** A switch takes no value after it on the command line (`--hide-addresses`); `=false` or the environment may still say no. */
  readonly switch?: boolean;
}

const flag = <K extends keyof Config>(f: Flag<K>): Flag => f as unknown as Flag;

/** Every flag, in --help order. Adding a flag is adding one entry (and its Config field). */
export const flags: readonly Flag[] = [
  flag({ key: 'host', name: 'host', placeholder: 'H', codec: nonEmpty, description: 'address to listen on' }),
  flag({ key: 'port', name: 'port', placeholder: 'P', codec: integerFrom(0, 65535), description: 'TCP port; 0 picks a free one' }),
  flag({
    key: 'idleTimeout',
    name: 'idle-timeout',
    placeholder: 'S',
    codec: nonNegativeDecimal,
    description: 'kick a client that sends no line for S seconds; 0 disables',
  }),
  flag({ key: 'maxLine', name: 'max-line', placeholder: 'BYTES', codec: atLeastOne('bytes'), description: 'longest input line accepted' }),
  flag({
    key: 'maxClients',
    name: 'max-clients',
    placeholder: 'M',
    codec: atLeastOne('clients'),
    description: 'refuse connections beyond M',
  }),
  flag({
    key: 'rate',
    name: 'rate',
    placeholder: 'LINES_PER_S',
    codec: nonNegativeDecimal,
    description: 'per-client line rate before input is slowed; 0 disables',
  }),
  flag({ key: 'burst', name: 'burst', placeholder: 'LINES', codec: atLeastOne('lines'), description: 'lines a client may send at once' }),
  flag({
    key: 'maxBacklog',
    name: 'max-backlog',
    placeholder: 'BYTES',
    codec: atLeastOne('bytes'),
    description: 'drop a client that is not reading once this much output waits for it',
  }),
  flag({ key: 'lang', name: 'lang', placeholder: 'en|zh', codec: oneOf('en', 'zh'), description: 'language of the fixed texts' }),
  flag({
    key: 'record',
    name: 'record',
    placeholder: 'FILE',
    codec: nonEmpty as t.Type<string | undefined, string, string>,
    description: 'record the session (chat text included) as JSON Lines for npm run replay',
  }),
  flag({
    key: 'history',
    name: 'history',
    placeholder: 'H',
    codec: integerFrom(0, 100_000),
    description: 'chat lines kept per room and shown on entering it; 0 keeps none',
  }),
  flag({
    key: 'opPasswordFile',
    name: 'op-password-file',
    placeholder: 'FILE',
    codec: nonEmpty as t.Type<string | undefined, string, string>,
    description: 'operator password: the first line of FILE (or set CHAT_OP_PASSWORD)',
  }),
  flag({
    key: 'motdFile',
    name: 'motd-file',
    placeholder: 'FILE',
    codec: nonEmpty as t.Type<string | undefined, string, string>,
    description: 'message of the day: each line of FILE, sent after the welcome',
  }),
  flag({
    key: 'maxPerIp',
    name: 'max-per-ip',
    placeholder: 'N',
    codec: wholeNumberOrZero('connections'),
    description: 'refuse connections from one IP address beyond N; 0 disables',
  }),
  flag({
    key: 'exempt',
    name: 'exempt',
    placeholder: 'LIST',
    codec: addressList,
    description: 'addresses and CIDR ranges, comma-separated, that --max-per-ip does not count; none for nobody',
  }),
  flag({
    key: 'tlsPort',
    name: 'tls-port',
    placeholder: 'P',
    codec: integerFrom(0, 65535) as t.Type<number | undefined, string, string>,
    description: 'also listen for TLS on this port (with --tls-cert and --tls-key); 0 picks a free one',
  }),
  flag({
    key: 'tlsCert',
    name: 'tls-cert',
    placeholder: 'FILE',
    codec: nonEmpty as t.Type<string | undefined, string, string>,
    description: 'PEM certificate (chain) of the TLS listener',
  }),
  flag({
    key: 'tlsKey',
    name: 'tls-key',
    placeholder: 'FILE',
    codec: nonEmpty as t.Type<string | undefined, string, string>,
    description: 'PEM private key of the TLS listener',
  }),
  flag({
    key: 'logLevel',
    name: 'log-level',
    placeholder: 'LEVEL',
    codec: oneOf('debug', 'info', 'warn', 'error', 'silent'),
    description: 'least severe JSON log line written to stderr: debug, info, warn, error or silent',
  }),
  flag({
    key: 'metricsPort',
    name: 'metrics-port',
    placeholder: 'P',
    codec: integerFrom(0, 65535) as t.Type<number | undefined, string, string>,
    description: 'serve GET /metrics (Prometheus) and /healthz over HTTP on this port; 0 picks a free one',
  }),
  flag({
    key: 'metricsHost',
    name: 'metrics-host',
    placeholder: 'H',
    codec: nonEmpty,
    description: 'address of the metrics listener',
  }),
  flag({
    key: 'webPort',
    name: 'web-port',
    placeholder: 'P',
    codec: integerFrom(0, 65535) as t.Type<number | undefined, string, string>,
    description: 'serve the chat page (GET /) and its WebSocket (/ws) on this port; 0 picks a free one',
  }),
  flag({
    key: 'webOrigin',
    name: 'web-origin',
    placeholder: 'ORIGINS',
    codec: originList,
    description: "comma-separated origins (https://chat.example.org) whose pages may also use the WebSocket",
  }),
  flag({
    key: 'sshPort',
    name: 'ssh-port',
    placeholder: 'P',
    codec: integerFrom(0, 65535) as t.Type<number | undefined, string, string>,
    description: 'also serve the chat to ssh clients on this port (with --ssh-host-key); 0 picks a free one',
  }),
  flag({
    key: 'sshHostKey',
    name: 'ssh-host-key',
    placeholder: 'FILE',
    codec: nonEmpty as t.Type<string | undefined, string, string>,
    description: 'OpenSSH private host key of the SSH listener; an ed25519 key is created there (mode 0600) if missing',
  }),
  flag({
    key: 'ircPort',
    name: 'irc-port',
    placeholder: 'P',
    codec: integerFrom(0, 65535) as t.Type<number | undefined, string, string>,
    description: 'also serve the chat to IRC clients (irssi, WeeChat, HexChat) on this port; 0 picks a free one',
  }),
  flag({
    key: 'redis',
    name: 'redis',
    placeholder: 'URL',
    codec: redisUrl as t.Type<string | undefined, string, string>,
    description: 'join a cluster of rxchat processes through this Redis (redis://HOST:PORT)',
  }),
  flag({ key: 'cluster', name: 'cluster', placeholder: 'NAME', codec: clusterName, description: 'which cluster in that Redis to join' }),
  flag({
    key: 'data',
    name: 'data',
    placeholder: 'FILE|URL',
    codec: nonEmpty as t.Type<string | undefined, string, string>,
    description: 'keep accounts, bans, ignore lists, offline messages and history in this SQLite file (made if missing) or PostgreSQL (postgres://HOST/DB?schema=NAME)',
  }),
  flag({
    key: 'keep',
    name: 'keep',
    placeholder: 'N',
    codec: integerFrom(1, 1_000_000),
    description: 'chat lines kept per room with --data, for /history',
  }),
  flag({
    key: 'hideAddresses',
    name: 'hide-addresses',
    placeholder: '',
    codec: onOff,
    switch: true,
    description: 'show each addr to users as a cloak (~ and 8 hex digits); operators see real ones with /whois',
  }),
  flag({
    key: 'opAccounts',
    name: 'op-accounts',
    placeholder: 'NAMES',
    codec: accountList,
    description: 'comma-separated registered names that are operators once logged in',
  }),
];

export const envName = (f: Flag): string => `CHAT_${f.name.toUpperCase().replace(/-/g, '_')}`;

/** As --help shows it: the codec's own spelling (an address list as typed), or `off`. */
export const defaultOf = (f: Flag): string => {
  const value = defaultConfig[f.key];
  if (value === undefined || value === false) return 'off';
  const shown = f.codec.encode(value);
  return shown === '' ? 'none' : shown;
};
