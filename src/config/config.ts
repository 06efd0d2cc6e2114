/** Everything the server can be told at start-up; decoded once from argv and env. */
export type Lang = 'en' | 'zh';

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
};
