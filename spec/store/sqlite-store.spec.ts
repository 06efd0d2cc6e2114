import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreChange } from '../../src/room/store-changes';
import { KeptRows } from '../../src/store/kept-rows';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { Store } from '../../src/store/store';

const freshFile = (): string => join(mkdtempSync(join(tmpdir(), 'rxchat-sqlite-')), 'chat.db');
const line = (room: string, text: string): StoreChange => ({ kind: 'line', room, line: text, at: 1, sender: 1 });
const never = new AbortController().signal;

/** What the file holds, read on a connection of its own. */
const rowsOf = (file: string): { id: number; room: string; line: string }[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, room, line FROM history ORDER BY id').all() as { id: number; room: string; line: string }[];
  } finally {
    db.close();
  }
};
/** A store opened and loaded on `file` (a fresh one unless given), as the server opens it. */
const opened = async (keep: number, file = freshFile()): Promise<{ file: string; store: Store }> => {
  const store = openSqliteStore(file, keep);
  await store.load();
  return { file, store };
};
/** The file's history ids are in the order the rows were written. */
const expectIdsInOrder = (file: string): void => {
  const ids = rowsOf(file).map((r) => r.id);
  expect(ids).toEqual([...ids].sort((x, y) => x - y));
};
const linesOf = (file: string, room: string): string[] => rowsOf(file).filter((r) => r.room === room).map((r) => r.line);
const numbered = (from: number, to: number, prefix = 'a'): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

describe('KeptRows', () => {
  it('gives a room its oldest ids to delete once it holds a tenth of keep more, keeping the last keep', () => {
    const kept = new KeptRows(10);
    for (let id = 1; id <= 10; id++) kept.add('a', id);
    expect(kept.takeDue()).toEqual([]);
    kept.add('b', 11);
    kept.add('a', 12);
    expect(kept.takeDue()).toEqual([1]);
    expect(kept.takeDue()).toEqual([]);
    for (let id = 13; id <= 40; id++) kept.add('b', id);
    // b holds 11 rows once 22 is added; from then on each row added gives up b's oldest.
    expect(kept.takeDue()).toEqual(numbered(11, 30, '').map(Number).filter((id) => id !== 12));
  });

  it('cuts a room back in steps of a tenth of keep', () => {
    const kept = new KeptRows(100);
    for (let id = 1; id <= 109; id++) kept.add('a', id);
    expect(kept.takeDue()).toEqual([]);
    kept.add('a', 110);
    expect(kept.takeDue()).toEqual(numbered(1, 10, '').map(Number));
  });

  it('starts again from the rows given, trimming them at once', () => {
    const kept = new KeptRows(2);
    kept.add('a', 1);
    kept.reset([
      { room: 'a', id: 5 },
      { room: 'a', id: 6 },
      { room: 'a', id: 7 },
    ]);
    expect(kept.takeDue()).toEqual([5]);
  });
});

describe('the SQLite store', () => {
  it('keeps each room to its last --keep lines (at most a tenth more), deleting only the oldest', async () => {
    const { file, store } = await opened(10);
    for (let i = 1; i <= 25; i++) store.write([{ entry: undefined, changes: [line('#lobby', `a${i}`), ...(i % 8 === 0 ? [line('#dev', `d${i}`)] : [])] }], never);
    await store.close();
    expect(linesOf(file, '#lobby')).toEqual(numbered(16, 25));
    expect(linesOf(file, '#dev')).toEqual(['d8', 'd16', 'd24']);
    expectIdsInOrder(file);
  });

  it('writes a turn of many lines from several rooms in their order, and trims each room by its own count', async () => {
    const { file, store } = await opened(10);
    const turn = numbered(1, 41).map((t, i) => line(i % 3 === 0 ? '#dev' : '#lobby', t));
    store.write([{ entry: undefined, changes: turn.slice(0, 20) }, { entry: undefined, changes: turn.slice(20) }], never);
    await store.close();
    const all = turn.map((c) => (c as { room: string; line: string }));
    expect(linesOf(file, '#dev')).toEqual(all.filter((c) => c.room === '#dev').map((c) => c.line).slice(-10));
    expect(linesOf(file, '#lobby')).toEqual(all.filter((c) => c.room === '#lobby').map((c) => c.line).slice(-10));
    expectIdsInOrder(file);
  });

  it('reads back every room in the order written, and trims to a lowered --keep on opening', async () => {
    const file = freshFile();
    const first = openSqliteStore(file, 100);
    await first.load();
    first.write([{ entry: undefined, changes: numbered(1, 30).map((t) => line('#lobby', t)) }], never);
    await first.close();
    const second = openSqliteStore(file, 5);
    expect((await second.load()).histories['#lobby']).toEqual(numbered(26, 30));
    await second.close();
    expect(linesOf(file, '#lobby')).toEqual(numbered(26, 30));
  });

  it("reads a room's last N lines in order, among other rooms' lines, before and after a trim and a reopening", async () => {
    const { file, store } = await opened(10);
    const turn = numbered(1, 30).map((t, i) => line(i % 3 === 0 ? '#dev' : '#lobby', t));
    store.write([{ entry: undefined, changes: turn.slice(0, 7) }], never);
    expect(store.history('#lobby', 3)).toEqual(['a3', 'a5', 'a6']);
    expect(store.history('#lobby', 100)).toEqual(['a2', 'a3', 'a5', 'a6']);
    expect(store.history('#nowhere', 5)).toEqual([]);
    store.write([{ entry: undefined, changes: turn.slice(7) }], never);
    const lobby = turn.filter((_, i) => i % 3 !== 0).map((c) => (c as { line: string }).line);
    expect(store.history('#lobby', 10)).toEqual(lobby.slice(-10));
    expect(store.history('#dev', 2)).toEqual(['a25', 'a28']);
    await store.close();
    const { store: again } = await opened(10, file);
    expect(again.history('#lobby', 4)).toEqual(lobby.slice(-4));
    await again.close();
  });

  it('keeps nothing of a transaction that fails, and trims correctly after it', async () => {
    const { file, store } = await opened(10);
    store.write([{ entry: undefined, changes: numbered(1, 10).map((t) => line('#lobby', t)) }], never);
    const broken = { kind: 'line', room: null, line: 'x', at: 1, sender: 1 } as unknown as StoreChange;
    expect(() => store.write([{ entry: undefined, changes: [line('#lobby', 'lost'), broken] }], never)).toThrow(/NOT NULL/);
    store.write([{ entry: undefined, changes: numbered(11, 11).map((t) => line('#lobby', t)) }], never);
    await store.close();
    expect(linesOf(file, '#lobby')).toEqual(numbered(2, 11));
  });

  it('upgrades a file whose history counted ids with AUTOINCREMENT and had an index on the room, keeping every line and its order', async () => {
    const file = freshFile();
    const old = new Database(file);
    old.exec(`
      CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, line TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX history_room ON history (room, id);
    `);
    const insert = old.prepare('INSERT INTO history (room, line, at) VALUES (?, ?, 1)');
    for (const t of ['one', 'two', 'three']) insert.run('#lobby', t);
    insert.run('#dev', 'dev one');
    old.close();

    const store = openSqliteStore(file, 50);
    const loaded = await store.load();
    expect(loaded.histories).toEqual({ '#lobby': ['one', 'two', 'three'], '#dev': ['dev one'] });
    store.write([{ entry: undefined, changes: [line('#lobby', 'four')] }], never);
    await store.close();

    expect(linesOf(file, '#lobby')).toEqual(['one', 'two', 'three', 'four']);
    const db = new Database(file, { readonly: true });
    const schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'history'").all() as { type: string; name: string; sql: string }[];
    db.close();
    expect(schema.map((s) => s.name)).toEqual(['history']);
    expect(schema[0]!.sql).not.toMatch(/AUTOINCREMENT/i);
  });
});
