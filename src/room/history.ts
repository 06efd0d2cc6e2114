/**
 * A room's last chat and action lines, kept so that a line costs the fold
 * one array slot, not a copy of the whole history: successive states share
 * one append-only array, each seeing its own window [start, end) of it.
 *
 * A state may append in place only while the array ends where its window
 * ends (no later state has appended past it), so an older state's window
 * never changes. Once the lines no longer kept fill as much of the array as
 * the room keeps, the window is copied into a fresh array: one copied slot
 * per line on average. The array is never handed out (`linesOf` copies), so
 * nothing outside can see or change it.
 */
export interface History {
  readonly lines: readonly string[];
  readonly start: number;
  readonly end: number;
}

export const noHistory: History = { lines: [], start: 0, end: 0 };

/** A history holding `lines` (copied). */
export const historyOf = (lines: readonly string[]): History => (lines.length === 0 ? noHistory : { lines: lines.slice(), start: 0, end: lines.length });

/** The lines, oldest first (a copy): for the rare reader, a newcomer or /history. */
export const linesOf = (history: History): readonly string[] => history.lines.slice(history.start, history.end);

/** The last `n` of `lines` (none for 0: `slice(-0)` would be all of them). */
export const lastOf = (lines: readonly string[], n: number): readonly string[] => (n === 0 ? [] : lines.slice(-n));

export const historyLength = (history: History): number => history.end - history.start;

/** The history with `line` added, keeping the last `limit` lines (limit ≥ 1). */
export const appended = (history: History, line: string, limit: number): History => {
  const start = Math.max(history.start, history.end + 1 - limit);
  if (history.end > 0 && history.end === history.lines.length && start < limit) {
    (history.lines as string[]).push(line);
    return { lines: history.lines, start, end: history.end + 1 };
  }
  const lines = history.lines.slice(start, history.end);
  lines.push(line);
  return { lines, start: 0, end: lines.length };
};

/** The history without its last copy of `line`, or undefined when it holds none. */
export const without = (history: History, line: string): History | undefined => {
  const lines = linesOf(history);
  const at = lines.lastIndexOf(line);
  return at < 0 ? undefined : historyOf([...lines.slice(0, at), ...lines.slice(at + 1)]);
};
