/**
 * The ids of each room's history rows, oldest first, and which of them a
 * room has outgrown. The SQLite store deletes a room's old lines by id, so
 * its history table needs no index on the room: a commit then writes only
 * the table's last page to the log, not a page of an index as well (that
 * index, and AUTOINCREMENT's counter row, more than doubled the bytes each
 * commit wrote). A number a line, beside the fold's own copy of those lines.
 * A room is cut back to its last `keep` rows once it holds a tenth of
 * `keep` more, so a busy room does not pay for a delete at every commit: the
 * table holds at most 1.1 × `keep` lines a room.
 */
export class KeptRows {
  private readonly rooms = new Map<string, number[]>();
  private readonly slack: number;
  private due: number[] = [];

  constructor(private readonly keep: number) {
    this.slack = Math.max(1, Math.floor(keep / 10));
  }

  /** A row written for `room`, with an id above every earlier one's. */
  add(room: string, id: number): void {
    let ids = this.rooms.get(room);
    if (ids === undefined) this.rooms.set(room, (ids = []));
    ids.push(id);
    if (ids.length >= this.keep + this.slack) this.due.push(...ids.splice(0, ids.length - this.keep));
  }

  /** The ids of `room`'s last `count` rows, oldest first. */
  last(room: string, count: number): readonly number[] {
    const ids = this.rooms.get(room) ?? [];
    return ids.slice(Math.max(0, ids.length - count));
  }

  /** The ids outgrown since the last call, to delete in the same transaction. */
  takeDue(): number[] {
    const due = this.due;
    this.due = [];
    return due;
  }

  /** Starts again from the rows the table holds (at opening, and after a transaction rolled back). */
  reset(rows: Iterable<{ readonly room: string; readonly id: number }>): void {
    this.rooms.clear();
    this.due = [];
    for (const { room, id } of rows) this.add(room, id);
  }
}
