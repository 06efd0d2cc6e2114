import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { displayWidth, helpLines } from '../../src/i18n/help';
import { zh } from '../../src/i18n/zh';

describe('/help', () => {
  it('counts wide characters as two columns and marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('名字')).toBe(4);
    expect(displayWidth('/nick 名字, rename|名字')).toBe(23);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it.each([
    ['en', en],
    ['zh', zh],
  ] as const)('starts every description in one column on a terminal (%s)', (_, messages) => {
    const lines = helpLines(messages.help);
    const rows = messages.help.filter((row) => row[1] !== undefined);
    const columns = rows.map(([command, text]) => {
      const line = lines[messages.help.indexOf(rows.find((r) => r[0] === command && r[1] === text)!)]!;
      return displayWidth(line.slice(0, line.length - text!.length));
    });
    expect(new Set(columns).size).toBe(1);
    expect(columns[0]).toBe(Math.max(...rows.map(([command]) => displayWidth(command))) + 2);
  });

  it('lists every command, the operators\' included', () => {
    const text = helpLines(en.help).join('\n');
    for (const command of ['/who', '/nick', '/me', '/msg', '/join', '/rooms', '/away', '/back', '/quit', '/help', '/op', '/kick', '/ban', '/unban', '/mute', '/unmute']) {
      expect(text).toContain(command);
    }
  });
});
