import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/store/sqlite-checkpointer';
import { openSqliteStore } from '../../src/store/sqlite-store';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A WAL database whose connection never checkpoints, as the store's, with rows of 200 bytes to write. */
const walDatabase = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxchat-checkpoint-'));
  dirs.push(dir);
  const file = join(dir, 'data.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = 0');
  db.exec('CREATE TABLE t (line TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (line) VALUES (?)');
  const write = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run('x'.repeat(200));
  });
  return { file, db, write, walBytes: () => statSync(`${file}-wal`).size };
};

const until = async (done: () => boolean, what: string): Promise<void> => {
  const end = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > end) throw new Error(`${what}: not within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the SQLite checkpointer (its own thread and connection)', () => {
  it('copies the log into the database, so the next commit starts the log again: it stays small', async () => {
    const { file, db, write, walBytes } = walDatabase();
    write(2000);
    const grown = walBytes();
    expect(grown).toBeGreaterThan(400_000);
    const checkpointer = startCheckpointer(file, 20);
    try {
      await checkpointer.started;
      write(1);
      expect(walBytes()).toBeLessThan(20_000);
      // And again, after more: each interval's commits are copied in turn.
      write(2000);
      const seen = checkpointer.count();
      await until(() => checkpointer.count() > seen, 'a later checkpoint');
      write(1);
      expect(walBytes()).toBeLessThan(20_000);
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 4002 });
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it('without it, the log of a connection that does not checkpoint only grows', () => {
    const { db, write, walBytes } = walDatabase();
    write(2000);
    const grown = walBytes();
    write(1);
    expect(walBytes()).toBeGreaterThanOrEqual(grown);
    db.close();
  });

  it('is started and stopped with the store: a store closes with its thread, and the file then has no log left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxchat-checkpoint-'));
    dirs.push(dir);
    const file = join(dir, 'data.sqlite');
    const store = openSqliteStore(file, 100);
    await store.load();
    await store.close();
    expect(() => statSync(`${file}-wal`)).toThrow();
  });
});
