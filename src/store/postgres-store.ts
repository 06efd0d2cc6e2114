import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { compareIds } from '../cluster/entry';
import { StoreChange } from '../room/store-changes';
import { accountRow, loadedFrom, Rows, trimSchedule } from './rows';
import { Loaded, Step, Store, StoreOpenError } from './store';

/** How long opening the store may take at start-up before it is a bad flag. */
const OPEN_TIMEOUT_MS = 5000;
/** How long a connection made for a write may take; a turn's own second cuts it shorter. */
const CONNECT_TIMEOUT_MS = 1000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BYTEA NOT NULL);
  CREATE TABLE IF NOT EXISTS accounts (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, credential TEXT NOT NULL, serial BIGINT NOT NULL, ignores TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS mailbox (id BIGSERIAL PRIMARY KEY, account TEXT NOT NULL, line TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS bans (ip TEXT PRIMARY KEY, until BIGINT NOT NULL, cloak TEXT);
  CREATE TABLE IF NOT EXISTS history (id BIGSERIAL PRIMARY KEY, room TEXT NOT NULL, line TEXT NOT NULL, at BIGINT NOT NULL);
  CREATE INDEX IF NOT EXISTS history_room ON history (room, id);
  CREATE INDEX IF NOT EXISTS mailbox_account ON mailbox (account, id);
  CREATE TABLE IF NOT EXISTS position (one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one), entry TEXT NOT NULL);
  INSERT INTO position (entry) VALUES ('0-0') ON CONFLICT DO NOTHING;
`;

interface Target {
  readonly connectionString: string;
  readonly schema: string | undefined;
  /** The URL as it may be shown: without its password. */
  readonly shown: string;
}

/**
 * The URL as pg takes it, and the schema of its `?schema=NAME` option (the
 * tables go there, made if missing; without it, wherever the server's
 * search_path puts them, normally `public`).
 */
const targetOf = (url: string): Target => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreOpenError('--data: not a valid PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE?schema=NAME)');
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  // Without a user in the URL: PGUSER, else the user the server runs as, as psql chooses.
  const shown = new URL(parsed.toString());
  if (shown.password !== '') shown.password = '***';
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreOpenError(`--data: schema must be lower-case letters, digits and _ (got "${schema}")`);
  }
  if (parsed.username === '') parsed.username = encodeURIComponent(process.env.PGUSER ?? userInfo().username);
  return { connectionString: parsed.toString(), schema, shown: shown.toString() };
};

const reasonOf = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  return e.code !== undefined && !/^[0-9A-Z]{5}$/.test(e.code) ? e.code : (e.message ?? String(err)).split('\n')[0]!;
};

/** The line changes of a turn as one statement: a busy turn's hundred lines cost one round trip, not a hundred. */
const INSERT_LINES = `
  INSERT INTO history (room, line, at)
  SELECT room, line, at FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS t(room, line, at, n) ORDER BY n`;

/**
 * The store in PostgreSQL, for one server or every node of a cluster (§12,
 * §14). Each turn's steps are one transaction on one connection. A cluster's
 * nodes all fold, and so all write, the same log entries: each transaction
 * first locks the one `position` row, the id of the last entry written, and
 * leaves out the steps at or before it. Entries are written in log order by
 * every node, so what the database holds is always the fold of the log up to
 * `position`, each entry's changes applied exactly once, whichever node wrote
 * them. A connection that breaks or stalls is dropped, so that a transaction
 * given up on is rolled back, never committed late; the next turn opens a
 * new one.
 */
export const openPostgresStore = async (url: string, keep: number, now: () => number = Date.now): Promise<Store> => {
  const target = targetOf(url);
  const newClient = (timeoutMs: number, queryTimeoutMs?: number): pg.Client => {
    const client = new pg.Client({
      connectionString: target.connectionString,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: queryTimeoutMs,
      options: target.schema === undefined ? undefined : `-c search_path=${target.schema}`,
      application_name: 'rxchat',
    });
    // A connection that breaks while idle is dropped; the next write opens another.
    client.on('error', () => drop(client));
    client.on('end', () => drop(client));
    return client;
  };
  let current: pg.Client | undefined;
  /** Where /history reads: a connection of its own, so that no read lands inside a write's transaction. */
  let reader: pg.Client | undefined;
  const dropped = new WeakSet<pg.Client>();
  /** Ends a connection without waiting: one with a query in flight is cut (pg destroys its socket), so nothing on it commits. */
  const drop = (client: pg.Client): void => {
    if (current === client) current = undefined;
    if (reader === client) reader = undefined;
    if (dropped.has(client)) return;
    dropped.add(client);
    void client.end().catch(() => undefined);
  };

  const opening = newClient(OPEN_TIMEOUT_MS);
  try {
    await opening.connect();
    await opening.query('BEGIN');
    // Nodes starting at once would race each other's CREATE ... IF NOT EXISTS.
    await opening.query("SELECT pg_advisory_xact_lock(hashtext('rxchat schema'))");
    if (target.schema !== undefined) await opening.query(`CREATE SCHEMA IF NOT EXISTS ${target.schema}`);
    await opening.query(SCHEMA);
    await opening.query("INSERT INTO meta (key, value) VALUES ('cloakSecret', $1) ON CONFLICT DO NOTHING", [randomBytes(32)]);
    await opening.query('COMMIT');
  } catch (err) {
    drop(opening);
    throw new StoreOpenError(`--data: cannot open ${target.shown} as a store: ${reasonOf(err)}`);
  }
  current = opening;

  const connection = async (late: AbortSignal): Promise<pg.Client> => {
    if (current !== undefined) return current;
    const client = newClient(CONNECT_TIMEOUT_MS);
    const cut = (): void => drop(client);
    late.addEventListener('abort', cut, { once: true });
    try {
      await client.connect();
    } catch (err) {
      drop(client);
      throw err;
    } finally {
      late.removeEventListener('abort', cut);
    }
    if (late.aborted) throw new Error('store write given up');
    current = client;
    return client;
  };

  const trimDue = trimSchedule(keep);
  const apply = async (client: pg.Client, changes: readonly StoreChange[]): Promise<void> => {
    const lines: [string[], string[], number[]] = [[], [], []];
    const added: { room: string }[] = [];
    for (const change of changes) {
      switch (change.kind) {
        case 'putAccount':
          await client.query(
            `INSERT INTO accounts (key, name, credential, serial, ignores) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (key) DO UPDATE SET name = $2, credential = $3, serial = $4, ignores = $5`,
            accountRow(change.account),
          );
          break;
        case 'dropAccount':
          await client.query('DELETE FROM accounts WHERE key = $1', [change.key]);
          await client.query('DELETE FROM mailbox WHERE account = $1', [change.key]);
          break;
        case 'setIgnores':
          await client.query('UPDATE accounts SET ignores = $1 WHERE key = $2', [JSON.stringify(change.ignores), change.key]);
          break;
        case 'queueMessage':
          await client.query('INSERT INTO mailbox (account, line) VALUES ($1, $2)', [change.key, change.line]);
          break;
        case 'clearMessages':
          await client.query('DELETE FROM mailbox WHERE account = $1', [change.key]);
          break;
        case 'setBans':
          await client.query('DELETE FROM bans');
          for (const b of change.bans) await client.query('INSERT INTO bans (ip, until, cloak) VALUES ($1, $2, $3)', [b.ip, b.until, b.cloak ?? null]);
          break;
        case 'line':
          // Lines touch only the history table, so they can all go in at the end, in their order.
          lines[0].push(change.room);
          lines[1].push(change.line);
          lines[2].push(change.at);
          added.push(change);
          break;
      }
    }
    if (lines[0].length > 0) await client.query(INSERT_LINES, lines);
    for (const room of trimDue(added)) {
      await client.query('DELETE FROM history WHERE room = $1 AND id <= (SELECT id FROM history WHERE room = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)', [room, keep]);
    }
  };

  const write = async (steps: readonly Step[], late: AbortSignal): Promise<void> => {
    if (steps.length === 0) return;
    const client = await connection(late);
    const cut = (): void => drop(client);
    late.addEventListener('abort', cut, { once: true });
    try {
      await client.query('BEGIN');
      let todo = steps;
      const last = steps.reduce<string | undefined>((max, s) => (s.entry !== undefined && (max === undefined || compareIds(s.entry, max) > 0) ? s.entry : max), undefined);
      if (last !== undefined) {
        const { rows } = await client.query<{ entry: string }>('SELECT entry FROM position FOR UPDATE');
        const written = rows[0]!.entry;
        todo = steps.filter((s) => s.entry === undefined || compareIds(s.entry, written) > 0);
        if (compareIds(last, written) > 0) await client.query('UPDATE position SET entry = $1', [last]);
      }
      await apply(
        client,
        todo.flatMap((s) => s.changes),
      );
      if (late.aborted) throw new Error('store write given up');
      await client.query('COMMIT');
    } catch (err) {
      drop(client);
      throw err;
    } finally {
      late.removeEventListener('abort', cut);
    }
  };

  /** A room's last `count` lines; a read that fails or stalls drops its connection, and the next read opens another. */
  const history = async (room: string, count: number): Promise<readonly string[]> => {
    if (reader === undefined) {
      const client = newClient(CONNECT_TIMEOUT_MS, CONNECT_TIMEOUT_MS);
      reader = client;
      await client.connect().catch((err: unknown) => {
        drop(client);
        throw err;
      });
    }
    const client = reader;
    try {
      const { rows } = await client.query<{ line: string }>(
        'SELECT line FROM (SELECT id, line FROM history WHERE room = $1 ORDER BY id DESC LIMIT $2) AS last ORDER BY id',
        [room, count],
      );
      return rows.map((r) => r.line);
    } catch (err) {
      drop(client);
      throw err;
    }
  };

  const load = async (): Promise<Loaded> => {
    const client = current ?? opening;
    // One connection answers one query at a time.
    const secret = await client.query<{ value: Buffer }>("SELECT value FROM meta WHERE key = 'cloakSecret'");
    const accounts = await client.query('SELECT key, name, credential, serial::float8 AS serial, ignores FROM accounts');
    const mailbox = await client.query('SELECT account, line FROM mailbox ORDER BY id');
    const bans = await client.query('SELECT ip, until::float8 AS until, cloak FROM bans WHERE until > $1', [now()]);
    const history = await client.query('SELECT room, line FROM history ORDER BY id');
    const rows = { accounts: accounts.rows, mailbox: mailbox.rows, bans: bans.rows, history: history.rows } as Rows;
    return loadedFrom(rows, secret.rows[0]!.value);
  };

  return {
    load: () => load().catch((err: unknown) => Promise.reject(new StoreOpenError(`--data: cannot read ${target.shown}: ${reasonOf(err)}`))),
    write,
    history,
    close: async () => {
      const clients = [current, reader];
      current = undefined;
      reader = undefined;
      await Promise.all(clients.map((c) => c?.end().catch(() => undefined)));
    },
  };
};
