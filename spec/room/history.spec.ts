import { describe, expect, it } from 'vitest';
import { appended, History, historyOf, linesOf, noHistory, without } from '../../src/room/history';

const appendAll = (from: History, lines: readonly string[], limit: number): History => lines.reduce((h, line) => appended(h, line, limit), from);
const numbered = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `line ${from + i}`);

describe('a room history', () => {
  it('keeps the last `limit` lines, oldest first', () => {
    expect(linesOf(appendAll(noHistory, numbered(2), 3))).toEqual(['line 0', 'line 1']);
    expect(linesOf(appendAll(noHistory, numbered(10), 3))).toEqual(['line 7', 'line 8', 'line 9']);
    expect(linesOf(appendAll(noHistory, numbered(5), 1))).toEqual(['line 4']);
  });

  it('never changes what an earlier state holds, whichever state appends next', () => {
    const base = appendAll(noHistory, numbered(4), 5);
    const one = appended(base, 'one', 5);
    const other = appended(base, 'other', 5);
    const later = appendAll(one, numbered(20, 100), 5);
    expect(linesOf(base)).toEqual(numbered(4));
    expect(linesOf(one)).toEqual([...numbered(4), 'one']);
    expect(linesOf(other)).toEqual([...numbered(4), 'other']);
    expect(linesOf(later)).toEqual(numbered(5, 115));
    expect(linesOf(noHistory)).toEqual([]);
  });

  it('holds at most twice its limit in its array, and copies one slot per line on average', () => {
    let history = noHistory;
    let copies = 0;
    for (const line of numbered(1000)) {
      const next = appended(history, line, 20);
      if (next.lines !== history.lines) copies += next.end - next.start;
      expect(next.lines.length).toBeLessThan(40);
      history = next;
    }
    expect(linesOf(history)).toEqual(numbered(20, 980));
    expect(copies).toBeLessThanOrEqual(1000 + 20);
  });

  it('hands out copies: changing what linesOf returned or what historyOf was given changes nothing', () => {
    const given = ['a', 'b'];
    const history = historyOf(given);
    given.push('c');
    (linesOf(history) as string[]).push('d');
    expect(linesOf(appended(history, 'e', 5))).toEqual(['a', 'b', 'e']);
    expect(linesOf(history)).toEqual(['a', 'b']);
  });

  it('takes out the last copy of a line', () => {
    const history = historyOf(['a', 'b', 'a', 'c']);
    expect(linesOf(without(history, 'a')!)).toEqual(['a', 'b', 'c']);
    expect(without(history, 'z')).toBeUndefined();
  });
});
