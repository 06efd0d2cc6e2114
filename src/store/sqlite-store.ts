import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { StoreChange } from '../room/store-changes';
import { KeptRows } from './kept-rows';
import { accountRow, loadedFrom, Rows } from './rows';
import { Loaded, Step, Store, StoreOpenError } from './store';
import { startCheckpointer } from './sqlite-checkpointer';

/** The history table's columns: ids in the order lines were kept, no index but the id's. */
const HISTORY_COLUMNS = '(id INTEGER PRIMARY KEY, room TEXT NOT NULL, line TEXT NOT NULL, at INTEGER NOT NULL)';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS accounts (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, credential TEXT NOT NULL, serial INTEGER NOT NULL, ignores TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS mailbox (id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, line TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS bans (ip TEXT PRIMARY KEY, until INTEGER NOT NULL, cloak TEXT);
  CREATE TABLE IF NOT EXISTS history ${HISTORY_COLUMNS};
  CREATE INDEX IF NOT EXISTS mailbox_account ON mailbox (account, id);
`;

/**
 * A file made before history rows were trimmed by id: its history table
 * counted ids with AUTOINCREMENT and had an index on (room, id), both paid
 * at every commit. The rows move to a table without them, ids and order kept.
 */
const upgradeHistory = (db: Database.Database): void => {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'history'").get() as { sql: string } | undefined;
  if (table === undefined || !/AUTOINCREMENT/i.test(table.sql)) return;
  db.transaction(() => {
    db.exec(`
      DROP INDEX IF EXISTS history_room;
      ALTER TABLE history RENAME TO history_before;
      CREATE TABLE history ${HISTORY_COLUMNS};
      INSERT INTO history (id, room, line, at) SELECT id, room, line, at FROM history_before ORDER BY id;
      DROP TABLE history_before;
    `);
  })();
};

/** What the write-ahead log is cut back to once checkpointed, when it has grown past it. */
export const LOG_SIZE_LIMIT = 64 * 1024 * 1024;

/** Lines a statement inserts at once: each statement run crosses into SQLite and back, a row's values do not. */
const LINES_A_STATEMENT = 16;

/**
 * The store in one SQLite file (WAL mode: a commit appends to the log, and a
 * process killed after it returns has the data, whatever the OS does next
 * with its page cache; a power cut may lose the last commits, see
 * docs/COMMUNITY.md). Each turn's changes are one transaction.
 */
export const openSqliteStore = (file: string, keep: number, now: () => number = Date.now): Store => {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 1000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints run on a thread of their own (sqlite-checkpointer.ts), never inside a commit of the event loop's.
    db.pragma('wal_autocheckpoint = 0');
    // Once checkpointed, the log starts again from its beginning, over the same file. Cutting the file back
    // is done inside a commit, on the event loop; a busy room's log (fanout-100 in the bench) grew to 29.8 MB
    // before it started again (docs/PERFORMANCE.md), so only a log grown past this is cut back.
    db.pragma(`journal_size_limit = ${LOG_SIZE_LIMIT}`);
    upgradeHistory(db);
    db.exec(SCHEMA);
    db.prepare('SELECT count(*) FROM accounts').get();
  } catch (err) {
    throw new StoreOpenError(`--data: cannot open ${file} as a store: ${(err as Error).message}`);
  }
  const checkpointer = startCheckpointer(file);
  const q = {
    putAccount: db.prepare('INSERT OR REPLACE INTO accounts (key, name, credential, serial, ignores) VALUES (?, ?, ?, ?, ?)'),
    dropAccount: db.prepare('DELETE FROM accounts WHERE key = ?'),
    dropMail: db.prepare('DELETE FROM mailbox WHERE account = ?'),
    setIgnores: db.prepare('UPDATE accounts SET ignores = ? WHERE key = ?'),
    queue: db.prepare('INSERT INTO mailbox (account, line) VALUES (?, ?)'),
    clearBans: db.prepare('DELETE FROM bans'),
    putBan: db.prepare('INSERT OR REPLACE INTO bans (ip, until, cloak) VALUES (?, ?, ?)'),
    dropRange: db.prepare('DELETE FROM history WHERE id BETWEEN ? AND ?'),
    dropLines: db.prepare('DELETE FROM history WHERE id IN (SELECT value FROM json_each(?))'),
    lineIds: db.prepare('SELECT id, room FROM history ORDER BY id'),
    // By id, as kept.last knows them: the table has no index on the room, and a scan for a quiet room's lines could pass every room's.
    linesById: db.prepare('SELECT line FROM history WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').pluck(),
  };
  const kept = new KeptRows(keep);
  /** The ids of the rows the table holds, read again: at opening, and after a transaction rolled back the ids added during it. */
  const recount = (): void => kept.reset(q.lineIds.all() as { id: number; room: string }[]);
  /**
   * The rows the rooms have outgrown, in one statement: each statement run
   * crosses into SQLite and back. A room's oldest rows are one run of ids
   * when no other room wrote between them (on a server of one busy room,
   * always), and a range of ids is deleted without a list of them.
   */
  const dropDue = (): void => {
    const due = kept.takeDue();
    if (due.length === 0) return;
    let run = true;
    for (let i = 1; i < due.length && run; i++) run = due[i] === due[i - 1]! + 1;
    if (run) q.dropRange.run(due[0], due[due.length - 1]);
    else q.dropLines.run(JSON.stringify(due));
  };
  const trimmed = db.transaction(() => {
    recount();
    dropDue();
  });
  // A --keep lowered since the last run takes effect at once.
  trimmed();
  type Line = Extract<StoreChange, { kind: 'line' }>;
  const values: (string | number)[] = [];
  /** The statement that inserts `n` lines (1 to LINES_A_STATEMENT), prepared when first needed. */
  const inserts: Database.Statement[] = [];
  const insertOf = (n: number): Database.Statement =>
    (inserts[n] ??= db.prepare(`INSERT INTO history (room, line, at) VALUES ${Array<string>(n).fill('(?, ?, ?)').join(', ')}`));
  /** A turn's lines, up to LINES_A_STATEMENT to a statement: a statement's rows get consecutive ids. */
  const insertLines = (lines: readonly Line[]): void => {
    for (let i = 0; i < lines.length; i += LINES_A_STATEMENT) {
      const n = Math.min(LINES_A_STATEMENT, lines.length - i);
      values.length = 0;
      for (let j = i; j < i + n; j++) values.push(lines[j]!.room, lines[j]!.line, lines[j]!.at);
      const last = Number(insertOf(n).run(values).lastInsertRowid);
      for (let j = i; j < i + n; j++) kept.add(lines[j]!.room, last - (i + n - 1 - j));
    }
  };
  const apply = (change: StoreChange): void => {
    switch (change.kind) {
      case 'putAccount': {
        q.putAccount.run(...accountRow(change.account));
        return;
      }
      case 'dropAccount':
        q.dropAccount.run(change.key);
        q.dropMail.run(change.key);
        return;
      case 'setIgnores':
        q.setIgnores.run(JSON.stringify(change.ignores), change.key);
        return;
      case 'queueMessage':
        q.queue.run(change.key, change.line);
        return;
      case 'clearMessages':
        q.dropMail.run(change.key);
        return;
      case 'setBans':
        q.clearBans.run();
        for (const b of change.bans) q.putBan.run(b.ip, b.until, b.cloak ?? null);
        return;
      case 'line':
        insertLines([change]);
        return;
    }
  };
  const writeAll = db.transaction((steps: readonly Step[]) => {
    // Lines touch only the history table, so they can all go in at the end, in their order.
    const lines: Line[] = [];
    for (const step of steps) {
      for (const change of step.changes) {
        if (change.kind === 'line') lines.push(change);
        else apply(change);
      }
    }
    insertLines(lines);
    dropDue();
  });

  const load = (): Loaded => {
    const secretRow = db.prepare("SELECT value FROM meta WHERE key = 'cloakSecret'").get() as { value: Buffer } | undefined;
    const cloakSecret = secretRow?.value ?? randomBytes(32);
    if (secretRow === undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('cloakSecret', ?)").run(cloakSecret);
    const rows = {
      accounts: db.prepare('SELECT key, name, credential, serial, ignores FROM accounts').all(),
      mailbox: db.prepare('SELECT account, line FROM mailbox ORDER BY id').all(),
      bans: db.prepare('SELECT ip, until, cloak FROM bans WHERE until > ?').all(now()),
      history: db.prepare('SELECT room, line FROM history ORDER BY id').all(),
    } as Rows;
    return loadedFrom(rows, cloakSecret);
  };

  return {
    load: () => {
      try {
        return Promise.resolve(load());
      } catch (err) {
        return Promise.reject(new StoreOpenError(`--data: cannot read ${file}: ${(err as Error).message}`));
      }
    },
    // Synchronous: it has committed or thrown before anything else runs, so `late` never applies.
    write: (steps) => {
      try {
        writeAll(steps);
      } catch (err) {
        recount();
        throw err;
      }
    },
    history: (room, count) => q.linesById.all(JSON.stringify(kept.last(room, count))) as string[],
    /** The checkpointer's connection first; the last one to close checkpoints what is left. */
    close: async () => {
      await checkpointer.stop();
      db.close();
    },
  };
};
