import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { sanitize } from '../protocol/sanitize';
import { Config } from './config';
import { isPostgresUrl } from '../store/postgres-url';

type Env = Readonly<Record<string, string | undefined>>;

/** The environment variable that holds the operator password; there is no flag for the value itself. */
export const OP_PASSWORD_ENV = 'CHAT_OP_PASSWORD';

const readText = (flag: string, file: string): E.Either<string, string> =>
  E.tryCatch(
    () => readFileSync(file, 'utf8'),
    (err) => `--${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
  );

const lines = (text: string): string[] => {
  const all = text.split(/\r?\n/);
  if (all.at(-1) === '') all.pop();
  return all;
};

/** The password file's first line wins over the environment, as a flag does. */
const opPassword = (config: Config, env: Env): E.Either<string, string | undefined> => {
  if (config.opPasswordFile !== undefined) {
    return pipe(
      readText('op-password-file', config.opPasswordFile),
      E.map((text) => (lines(text)[0] ?? '').trim()),
      E.filterOrElse(
        (password) => password !== '',
        () => `--op-password-file: the first line of ${config.opPasswordFile} is empty`,
      ),
    );
  }
  const fromEnv = env[OP_PASSWORD_ENV];
  if (fromEnv === undefined) return E.right(undefined);
  return fromEnv.trim() === '' ? E.left(`${OP_PASSWORD_ENV}: the password is empty`) : E.right(fromEnv.trim());
};

/** Control characters could repaint every newcomer's terminal: the motd is sanitised like chat. */
const motd = (config: Config): E.Either<string, readonly string[]> =>
  config.motdFile === undefined
    ? E.right([])
    : pipe(
        readText('motd-file', config.motdFile),
        E.map((text) => lines(text).map((line) => sanitize(line))),
      );

/** --data FILE is SQLite, for one process; a cluster must share a PostgreSQL (§14): refused before listening. */
const dataFlags = (config: Config): E.Either<string, undefined> => {
  if (config.data === undefined || isPostgresUrl(config.data)) return E.right(undefined);
  if (config.redis !== undefined) return E.left('--data: a cluster (--redis) cannot share an SQLite file; it needs PostgreSQL');
  return E.right(undefined);
};

/**
 * Reads what the flags name (the password file, the motd) and the password
 * variable, once at start-up; a file that cannot be read, or an empty
 * password, is a bad flag.
 */
export const loadFiles = (config: Config, env: Env): E.Either<string, Config> =>
  pipe(
    E.Do,
    E.bind('data', () => dataFlags(config)),
    E.bind('password', () => opPassword(config, env)),
    E.bind('motd', () => motd(config)),
    E.map(({ password, motd: lines }) => ({ ...config, opPassword: password, motd: lines })),
  );
