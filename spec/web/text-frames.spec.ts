import { describe, expect, it } from 'vitest';
import { splitLines, textFrames } from '../../src/web/text-frames';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Reads back unmasked frames as [first byte, payload] pairs, by RFC 6455 §5.2. */
const readFrames = (buf: Buffer): [number, string][] => {
  const out: [number, string][] = [];
  for (let at = 0; at < buf.length; ) {
    const first = buf[at]!;
    let length = buf[at + 1]!;
    expect(length & 0x80).toBe(0);
    at += 2;
    if (length === 126) {
      length = buf.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      expect(buf.readUInt32BE(at)).toBe(0);
      length = buf.readUInt32BE(at + 4);
      at += 8;
    }
    out.push([first, buf.toString('utf8', at, at + length)]);
    at += length;
  }
  return out;
};

describe('textFrames', () => {
  it('frames each line as one unmasked final text frame, without its LF or CR LF', () => {
    expect(textFrames(splitLines(bytes('hi\n')))).toEqual(Buffer.from([0x81, 2, 0x68, 0x69]));
    expect(textFrames(splitLines(bytes('a\r\n\nb\n')))).toEqual(Buffer.from([0x81, 1, 0x61, 0x81, 0, 0x81, 1, 0x62]));
  });

  it('copies UTF-8 bytes as they are, counting bytes, not characters', () => {
    expect(readFrames(textFrames(splitLines(bytes('丝: 你好\n'))))).toEqual([[0x81, '丝: 你好']]);
    expect(textFrames(splitLines(bytes('丝\n')))[1]).toBe(3);
  });

  it('uses the 7-bit, 16-bit and 64-bit length forms at their boundaries', () => {
    const lengths = [125, 126, 65535, 65536, 70000];
    const lines = lengths.map((n, i) => String.fromCharCode(0x61 + i).repeat(n));
    const framed = textFrames(lines.map((l) => bytes(`${l}\n`)));
    const header = (n: number): number => (n < 126 ? 2 : n < 65536 ? 4 : 10);
    expect(framed.length).toBe(lengths.reduce((a, n) => a + header(n) + n, 0));
    expect(framed[1]).toBe(125);
    expect(framed[2 + 125 + 1]).toBe(126);
    expect(readFrames(framed)).toEqual(lines.map((l) => [0x81, l]));
  });

  it('leaves out bytes after the last LF (not a line) and makes nothing of nothing', () => {
    expect(readFrames(textFrames(splitLines(bytes('one\ntw'))))).toEqual([[0x81, 'one']]);
    expect(textFrames([Buffer.alloc(0)]).length).toBe(0);
  });

  it('takes one Buffer a line, as a connection holds them, and leaves out a part that is not a line', () => {
    expect(readFrames(textFrames([bytes('one\n'), bytes('half'), bytes('two\r\n'), Buffer.alloc(0), bytes('\n')]))).toEqual([
      [0x81, 'one'],
      [0x81, 'two'],
      [0x81, ''],
    ]);
  });

  it('splits bytes holding several lines into one Buffer a line, each with its LF', () => {
    expect(splitLines(bytes('a\r\nbc\n\nrest')).map((b) => b.toString())).toEqual(['a\r\n', 'bc\n', '\n']);
  });

  it('reads a view into a larger buffer from its own offset', () => {
    const whole = bytes('xxone\ntwo\nyy');
    expect(readFrames(textFrames(splitLines(whole.subarray(2, 10))))).toEqual([
      [0x81, 'one'],
      [0x81, 'two'],
    ]);
  });

  it('builds the frames at the start of the buffer it is given when they fit there, else in a new one', () => {
    const into = Buffer.alloc(8);
    const fits = textFrames(splitLines(bytes('ab\ncd\n')), into);
    expect(fits.buffer).toBe(into.buffer);
    expect(fits).toEqual(Buffer.from([0x81, 2, 0x61, 0x62, 0x81, 2, 0x63, 0x64]));
    const larger = textFrames(splitLines(bytes('abc\ndef\n')), into);
    expect(larger.buffer).not.toBe(into.buffer);
    expect(readFrames(larger)).toEqual([
      [0x81, 'abc'],
      [0x81, 'def'],
    ]);
  });
});
