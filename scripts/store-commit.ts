/**
 * npm run store-commit [-- --commits N]
 *
 * What a turn's commit costs the SQLite store (§14), alone: the store opened
 * on a fresh file (as `--data FILE --keep 1000` opens it, checkpoint thread
 * and all), then N turns of chat written through its `write`, for a few
 * sizes of turn (4 lines; 40 lines, fanout-100's 10 senders with 4 lines
 * each in flight, which reach the server together; 200 lines), all in #lobby. It prints the
 * microseconds a commit takes on the event loop. The lines are 64
 * characters, as the bench's are. A figure of this machine at this moment:
 * compare commits measured back to back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { option } from './args';
import { StoreChange } from '../src/room/store-changes';
import { openSqliteStore } from '../src/store/sqlite-store';

const commits = Number(option('commits') ?? 5000);
const never = new AbortController().signal;

const measure = async (linesPerTurn: number): Promise<number> => {
  const dir = mkdtempSync(join(tmpdir(), 'rxchat-store-commit-'));
  const file = join(dir, 'chat.db');
  try {
    const store = openSqliteStore(file, 1000);
    await store.load();
    const turn = (n: number): { entry: undefined; changes: StoreChange[] }[] =>
      Array.from({ length: linesPerTurn }, (_, i) => ({
        entry: undefined,
        changes: [{ kind: 'line', room: '#lobby', line: `sender${i % 10}: ${String(n).padStart(8, '0')} ${'x'.repeat(46)}`, at: Date.now(), sender: 1 }],
      }));
    // Warm-up: the statements compiled and the JIT settled, outside the count.
    for (let n = 0; n < 200; n++) store.write(turn(n), never);
    const turns = Array.from({ length: commits }, (_, n) => turn(n));
    const began = process.hrtime.bigint();
    for (const t of turns) store.write(t, never);
    const micros = Number(process.hrtime.bigint() - began) / 1000 / commits;
    await store.close();
    return micros;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  // The store's checkpoint thread does not keep a process alive; this does, until the last store has closed.
  const alive = setInterval(() => undefined, 60_000);
  console.log(`SQLite store, ${commits} commits a size, #lobby, --keep 1000`);
  for (const lines of [4, 40, 200]) {
    const micros = await measure(lines);
    console.log(`  ${String(lines).padStart(3)} lines a turn: ${micros.toFixed(1).padStart(7)} µs a commit, ${(micros / lines).toFixed(2)} µs a line`);
  }
  clearInterval(alive);
};

void main();
