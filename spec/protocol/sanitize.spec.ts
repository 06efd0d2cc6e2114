import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/protocol/sanitize';

describe('sanitize', () => {
  it.each([
    ['plain text', 'plain text'],
    ['red \x1b[31mtext\x1b[0m', 'red text'],
    ['csi with intermediates \x1b[1;2 q', 'csi with intermediates '],
    ['title \x1b]0;pwned\x07 done', 'title  done'],
    ['title \x1b]0;pwned\x1b\\ done', 'title  done'],
    ['lone \x1bc esc', 'lone c esc'],
    ['unfinished \x1b[12', 'unfinished [12'],
    ['tab\there', 'tab here'],
    ['bell\x07 nul\x00 del\x7f', 'bell nul del'],
    ['c1 \u0085\u009b31m', 'c1 31m'],
    ['bidi \u202ecba\u202c \u2066x\u2069', 'bidi cba x'],
    ['cr\rlf\n', 'crlf'],
    ['中文 émoji 😀', '中文 émoji 😀'],
  ])('%j → %j', (input, output) => {
    expect(sanitize(input)).toBe(output);
    expect(sanitize(sanitize(input))).toBe(output);
  });
});
