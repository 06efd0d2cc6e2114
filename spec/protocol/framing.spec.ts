import { describe, expect, it } from 'vitest';
import { LineDecoder } from '../../src/protocol/framing';
import { Framed } from '../../src/protocol/framing-types';

const IAC = 0xff;
const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const decodeChunks = (chunks: readonly Uint8Array[], maxLine = 4096): Framed[] => {
  const decoder = new LineDecoder(maxLine);
  return [...chunks.flatMap((c) => decoder.push(c)), ...decoder.end()];
};

const line = (text: string, crlf = false): Framed => ({ type: 'line', text, crlf });
const reply = (...b: number[]): Framed => ({ type: 'reply', bytes: Buffer.from(b) });
const overlong: Framed = { type: 'overlong' };

/** Every way to cut the input in two, and one byte at a time, must give the same result. */
const expectSplitInvariant = (input: Buffer, expected: Framed[], maxLine = 4096): void => {
  expect(decodeChunks([input], maxLine)).toEqual(expected);
  for (let cut = 0; cut <= input.length; cut++) {
    expect(decodeChunks([input.subarray(0, cut), input.subarray(cut)], maxLine), `cut at ${cut}`).toEqual(expected);
  }
  expect(decodeChunks([...input].map((b) => Uint8Array.of(b)), maxLine)).toEqual(expected);
};

describe('LineDecoder', () => {
  it('ends lines at LF, CR LF and CR NUL, and gives a final unterminated line at end', () => {
    expectSplitInvariant(bytes('a\nb\r\nc\r\0d'), [line('a'), line('b', true), line('c', true), line('d')]);
  });

  it('keeps a bare CR and a lone NUL as data (the sanitizer removes them later)', () => {
    expectSplitInvariant(bytes('x\ry\0z\n'), [line('x\ry\0z')]);
    expectSplitInvariant(bytes('x\r'), [line('x\r')]);
  });

  it('gives empty lines too', () => {
    expectSplitInvariant(bytes('\n\r\n'), [line(''), line('', true)]);
  });

  it('decodes UTF-8 split anywhere, and turns invalid bytes into U+FFFD', () => {
    expectSplitInvariant(bytes('é中😀\n'), [line('é中😀')]);
    expectSplitInvariant(bytes([0x61, 0xc3, 0x28, 0x62, 0x80, 0x0a]), [line('a\uFFFD(b\uFFFD')]);
  });

  it('removes telnet commands, refuses options once each, and keeps IAC IAC as a byte', () => {
    const input = bytes(
      'h',
      [IAC, 0xfb, 0x01], // WILL ECHO
      [IAC, 0xfd, 0x03], // DO SGA
      [IAC, 0xfc, 0x05, IAC, 0xfe, 0x06], // WONT, DONT: no reply
      [IAC, 0xfb, 0x01], // again: no second reply
      [IAC, 0xf1], // NOP
      'i',
      [IAC, 0xfa, 0x18, 0x00, 0x41, IAC, IAC, 0x0a, IAC, 0x01, 0x42, IAC, 0xf0], // SB ... SE with IAC IAC and LF inside
      [IAC, IAC],
      '\r\n',
    );
    expectSplitInvariant(input, [reply(IAC, 0xfe, 0x01), reply(IAC, 0xfc, 0x03), line('hi\uFFFD', true)]);
  });

  it('accepts a line of exactly the maximum, also before CR LF', () => {
    expectSplitInvariant(bytes('abcd\nefgh\r\n'), [line('abcd'), line('efgh', true)], 4);
  });

  it('reports an over-long line once, discards it to its LF, then goes on', () => {
    expectSplitInvariant(bytes('abcde\nok\n'), [overlong, line('ok')], 4);
    expectSplitInvariant(bytes('abcdefghijkl\r\nok\r\n'), [overlong, line('ok', true)], 4);
    expectSplitInvariant(bytes('abcdefgh'), [overlong], 4);
  });

  it('holds at most one maximum line whatever arrives without a newline', () => {
    const decoder = new LineDecoder(4096);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const out: Framed[] = [];
    for (let i = 0; i < 160; i++) {
      out.push(...decoder.push(chunk));
      expect(decoder.buffered).toBeLessThanOrEqual(4097);
    }
    expect(out).toEqual([overlong]);
    expect(decoder.push(bytes('\nok\n'))).toEqual([line('ok')]);
  });
});
