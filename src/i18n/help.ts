import { HelpRow } from './messages';

/**
 * Columns on a terminal: CJK and other wide characters take two cells,
 * combining marks none. Enough of East Asian Width for the help texts and
 * names people type; not a full wcwidth.
 */
export const displayWidth = (text: string): number => {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (/\p{M}/u.test(ch)) continue;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
};

/** The help rows as lines whose descriptions start in one column, however wide the commands' characters. */
export const helpLines = (rows: readonly HelpRow[]): string[] => {
  const column = Math.max(...rows.map(([command, text]) => (text === undefined ? 0 : displayWidth(command)))) + 2;
  return rows.map(([command, text]) =>
    text === undefined ? command : command + ' '.repeat(column - displayWidth(command)) + text,
  );
};
