import { describe, expect, it } from 'vitest';
import { ircLine, parseIrc } from '../../src/irc/message';
import { fitLines } from '../../src/irc/split';

describe('parseIrc', () => {
  it('reads prefix, command, middle parameters and the trailing one', () => {
    expect(parseIrc(':alice!u@h PRIVMSG #dev :hi there :)')).toEqual({ prefix: 'alice!u@h', command: 'PRIVMSG', params: ['#dev', 'hi there :)'] });
    expect(parseIrc('nick  alice')).toEqual({ prefix: undefined, command: 'NICK', params: ['alice'] });
    expect(parseIrc('USER u 0 * :Real Name')).toEqual({ prefix: undefined, command: 'USER', params: ['u', '0', '*', 'Real Name'] });
    expect(parseIrc('PRIVMSG #dev :')).toEqual({ prefix: undefined, command: 'PRIVMSG', params: ['#dev', ''] });
    expect(parseIrc('001 x')).toEqual({ prefix: undefined, command: '001', params: ['x'] });
  });

  it('drops IRCv3 tags and stray CR, LF and NUL', () => {
    expect(parseIrc('@time=1;x=y :p PING :a\r')).toEqual({ prefix: 'p', command: 'PING', params: ['a'] });
    expect(parseIrc('PING a\0b')).toEqual({ prefix: undefined, command: 'PING', params: ['ab'] });
  });

  it('ignores a blank line and says what is wrong with a bad one', () => {
    expect(parseIrc('')).toBeUndefined();
    expect(parseIrc('   ')).toBeUndefined();
    expect(parseIrc(':only-a-prefix')).toEqual({ error: 'a message needs a command after its prefix' });
    expect(parseIrc('PRIV-MSG x')).toEqual({ error: 'not an IRC command: PRIV-MSG' });
    expect(parseIrc('\u00e9t\u00e9 x')).toEqual({ error: 'not an IRC command: \u00e9t\u00e9' });
  });

  it('writes a line with its trailing parameter always after a colon', () => {
    expect(ircLine('rxchat', '001', ['alice'], 'Welcome')).toBe(':rxchat 001 alice :Welcome');
    expect(ircLine('rxchat', '324', ['alice', '#dev', '+nt'])).toBe(':rxchat 324 alice #dev +nt');
    expect(ircLine('rxchat', 'CAP', ['*', 'LS'], '')).toBe(':rxchat CAP * LS :');
  });
});

describe('fitLines', () => {
  it('keeps a line that fits whole', () => {
    expect(fitLines(':a PRIVMSG #d :', 'hi')).toEqual([':a PRIVMSG #d :hi']);
  });

  it('splits at character boundaries into lines of at most 512 bytes with CR LF, losing nothing', () => {
    const head = ':alice!u@127.0.0.1:5000 PRIVMSG #dev :';
    const text = '\u4f60\u597d'.repeat(200) + 'e\u0301'.repeat(50);
    const lines = fitLines(head, text);
    expect(lines.length).toBe(3);
    for (const line of lines) {
      expect(line.startsWith(head)).toBe(true);
      expect(Buffer.byteLength(`${line}\r\n`)).toBeLessThanOrEqual(512);
      expect(line.endsWith('\u0301') || !line.endsWith('e')).toBe(true);
    }
    expect(lines.map((l) => l.slice(head.length)).join('')).toBe(text);
    // 38 bytes of head leave 472 for the text: 157 characters of 3 bytes, the 158th would not fit.
    expect(Buffer.byteLength(head)).toBe(38);
    expect(lines[0]!.slice(head.length)).toBe('\u4f60\u597d'.repeat(78) + '\u4f60');
  });

  it('puts the tail on every part (CTCP ACTION)', () => {
    const lines = fitLines(':a PRIVMSG #d :\u0001ACTION ', 'x'.repeat(600), '\u0001');
    expect(lines.map((l) => Buffer.byteLength(`${l}\r\n`))).toEqual([512, 23 + (600 - 486) + 1 + 2]);
    expect(lines.every((l) => l.startsWith(':a PRIVMSG #d :\u0001ACTION ') && l.endsWith('\u0001'))).toBe(true);
    expect(lines.map((l) => l.slice(':a PRIVMSG #d :\u0001ACTION '.length, -1)).join('')).toBe('x'.repeat(600));
  });
});
