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
const [WILL, WONT, DO, DONT] = [0xfb, 0xfc, 0xfd, 0xfe];
const [BINARY, ECHO, SGA, TM] = [0x00, 0x01, 0x03, 0x06];
/** The server's one offer of 8-bit data to a client that has shown it is telnet. */
const offer = reply(IAC, WILL, BINARY, IAC, DO, BINARY);
const willTM: Framed = { type: 'mark', bytes: Buffer.from([IAC, WILL, TM]) };
const BS = [0x08];
const DEL = [0x7f];

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
    expectSplitInvariant(bytes('a\nb\r\nc\r\0d'), [line('a'), offer, line('b', true), line('c', true), line('d')]);
  });

  it('keeps a bare CR and a lone NUL as data (the sanitizer removes them later)', () => {
    expectSplitInvariant(bytes('x\ry\0z\n'), [line('x\ry\0z')]);
    expectSplitInvariant(bytes('x\r'), [line('x\r')]);
  });

  it('gives empty lines too', () => {
    expectSplitInvariant(bytes('\n\r\n'), [line(''), offer, line('', true)]);
  });

  it('decodes UTF-8 split anywhere, and turns invalid bytes into U+FFFD', () => {
    expectSplitInvariant(bytes('é中😀\n'), [line('é中😀')]);
    expectSplitInvariant(bytes([0x61, 0xc3, 0x28, 0x62, 0x80, 0x0a]), [line('a\uFFFD(b\uFFFD')]);
  });

  it('removes telnet commands, refuses every option but BINARY once per request, and keeps IAC IAC as a byte', () => {
    const input = bytes(
      'h',
      [IAC, WILL, ECHO],
      [IAC, DO, SGA],
      [IAC, WONT, 0x05, IAC, DONT, TM], // WONT, DONT: no reply
      [IAC, WILL, ECHO], // asked again: refused again
      [IAC, 0xf1], // NOP
      'i',
      [IAC, 0xfa, 0x18, 0x00, 0x41, IAC, IAC, 0x0a, IAC, 0x01, 0x42, IAC, 0xf0], // SB ... SE with IAC IAC and LF inside
      [IAC, IAC],
      '\r\n',
    );
    expectSplitInvariant(input, [offer, reply(IAC, DONT, ECHO), reply(IAC, WONT, SGA), reply(IAC, DONT, ECHO), line('hi\uFFFD', true)]);
  });

  it('says nothing to a client that sends no IAC and no CR LF or CR NUL (nc)', () => {
    const decoder = new LineDecoder(4096);
    expect(decoder.push(bytes('hello\nx\ry\n\0中\n'))).toEqual([line('hello'), line('x\ry'), line('\0中')]);
    expect(decoder.telnet).toBe(false);
  });

  it('offers BINARY once, on the first sign of telnet, and from then on the client is telnet', () => {
    const decoder = new LineDecoder(4096);
    expect(decoder.push(bytes('a\n'))).toEqual([line('a')]);
    expect(decoder.push(bytes('b\r\n'))).toEqual([offer, line('b', true)]);
    expect(decoder.telnet).toBe(true);
    expect(decoder.push(bytes('c\r\0', [IAC, 0xf1], 'd\n'))).toEqual([line('c', true), line('d')]);
    expect(decoder.telnet).toBe(true);
    expect(new LineDecoder(4096).push(bytes([IAC, 0xf1]))).toEqual([offer]);
  });

  it('takes the acknowledgements of its offer silently, and never answers an acknowledgement', () => {
    const decoder = new LineDecoder(4096);
    expect(decoder.push(bytes([IAC, 0xf1]))).toEqual([offer]);
    expect(decoder.push(bytes([IAC, DO, BINARY, IAC, WILL, BINARY]))).toEqual([]);
    // Agreed already: asking again changes nothing and needs no answer.
    expect(decoder.push(bytes([IAC, DO, BINARY, IAC, WILL, BINARY]))).toEqual([]);
  });

  it('accepts BINARY when the client asks first, and agrees when it turns BINARY off (RFC 1143)', () => {
    const decoder = new LineDecoder(4096);
    // The first IAC brings the offer, whose WILL BINARY answers the client's DO BINARY.
    expect(decoder.push(bytes([IAC, DO, BINARY]))).toEqual([offer]);
    expect(decoder.push(bytes([IAC, WILL, BINARY]))).toEqual([]); // its answer to our DO
    expect(decoder.push(bytes([IAC, DONT, BINARY]))).toEqual([reply(IAC, WONT, BINARY)]);
    expect(decoder.push(bytes([IAC, DONT, BINARY]))).toEqual([]);
    expect(decoder.push(bytes([IAC, DO, BINARY]))).toEqual([reply(IAC, WILL, BINARY)]);
    expect(decoder.push(bytes([IAC, WONT, BINARY]))).toEqual([reply(IAC, DONT, BINARY)]);
    expect(decoder.push(bytes([IAC, WONT, BINARY]))).toEqual([]);
    expect(decoder.push(bytes([IAC, WILL, BINARY]))).toEqual([reply(IAC, DO, BINARY)]);
  });

  it('a client that refuses the offer is not asked again', () => {
    const decoder = new LineDecoder(4096);
    expect(decoder.push(bytes('x\r\n'))).toEqual([offer, line('x', true)]);
    expect(decoder.push(bytes([IAC, DONT, BINARY, IAC, WONT, BINARY]))).toEqual([]);
    expect(decoder.push(bytes('y\r\n', [IAC, 0xf1]))).toEqual([line('y', true)]);
  });

  it('answers every DO TIMING-MARK with WILL TIMING-MARK, in order with the lines', () => {
    const ctrlC = [IAC, 0xf4, IAC, DO, TM]; // what telnet sends for Ctrl-C: Interrupt Process, DO TIMING-MARK
    expectSplitInvariant(bytes('a\r\n', ctrlC, 'b\r\n', ctrlC, ctrlC, [IAC, WILL, TM]), [
      offer,
      line('a', true),
      willTM,
      line('b', true),
      willTM,
      willTM,
      reply(IAC, DONT, TM),
    ]);
  });

  it('backspace and DEL erase the character before them, then are dropped', () => {
    expectSplitInvariant(bytes('typo', BS, BS, 'ed\n'), [line('tyed')]);
    expectSplitInvariant(bytes('abc', DEL, '\n'), [line('ab')]);
    expectSplitInvariant(bytes(BS, 'a', BS, BS, DEL, 'b\n'), [line('b')]);
    expectSplitInvariant(bytes('ab\n', BS, 'c\n'), [line('ab'), line('c')]);
  });

  it('backspace erases a whole UTF-8 character: 丝 (E4 B8 9D), 中, é, 😀', () => {
    expectSplitInvariant(bytes('小明丝', BS, '踢球\n'), [line('小明踢球')]);
    expectSplitInvariant(bytes('é中😀', BS, BS, 'x\n'), [line('éx')]);
    expectSplitInvariant(bytes('a😀', DEL, DEL, '\n'), [line('')]);
  });

  it('backspace erases a stray or started UTF-8 byte sequence as the one U+FFFD it would show', () => {
    expectSplitInvariant(bytes([0x61, 0xe4, 0xb8], BS, '\n'), [line('a')]);
    expectSplitInvariant(bytes([0x61, 0xc3, 0xa9, 0x80], BS, '\n'), [line('aé')]);
    expectSplitInvariant(bytes([0x61, 0xe0, 0x80], BS, '\n'), [line('a\uFFFD')]);
  });

  it('backspace after a bare CR erases the CR; CR BS LF is a plain LF line', () => {
    expectSplitInvariant(bytes('ab\r', BS, 'c\n'), [line('abc')]);
    expectSplitInvariant(bytes('ab\r', BS, '\n'), [line('ab')]);
  });

  it('telnet Erase Character and Erase Line edit the line too', () => {
    expectSplitInvariant(bytes('abc', [IAC, 0xf7], 'd\r\n', 'xyz', [IAC, 0xf8], 'ok\r\n'), [offer, line('abd', true), line('ok', true)]);
  });

  it('a line at the limit can still be edited; one already too long stays discarded', () => {
    expectSplitInvariant(bytes('abcd', BS, 'e\n'), [line('abce')], 4);
    expectSplitInvariant(bytes('abcde', BS, BS, '\nok\n'), [overlong, line('ok')], 4);
  });

  it('accepts a line of exactly the maximum, also before CR LF', () => {
    expectSplitInvariant(bytes('abcd\nefgh\r\n'), [line('abcd'), offer, line('efgh', true)], 4);
  });

  it('reports an over-long line once, discards it to its LF, then goes on', () => {
    expectSplitInvariant(bytes('abcde\nok\n'), [overlong, line('ok')], 4);
    expectSplitInvariant(bytes('abcdefghijkl\r\nok\r\n'), [overlong, offer, line('ok', true)], 4);
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
