import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineDecoder } from '../../src/protocol/framing';
import { Framed } from '../../src/protocol/framing-types';

/** Bytes biased toward the ones framing treats specially. */
const byte = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.constantFrom(0x0a, 0x0d, 0x00, 0x08, 0x7f, 0xff, 0xfb, 0xfc, 0xfd, 0xfe, 0xfa, 0xf0, 0xf1, 0xf7, 0xf8, 0x06) },
  { weight: 1, arbitrary: fc.constantFrom(0xc3, 0xa9, 0xe4, 0xb8, 0xad, 0x80, 0xf0, 0x9f) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
);
const bytes = fc.array(byte, { maxLength: 400, size: 'max' }).map((a) => Uint8Array.from(a));

const decode = (chunks: readonly Uint8Array[], maxLine: number): { out: Framed[]; maxBuffered: number } => {
  const decoder = new LineDecoder(maxLine);
  const out: Framed[] = [];
  let maxBuffered = 0;
  for (const chunk of chunks) {
    out.push(...decoder.push(chunk));
    maxBuffered = Math.max(maxBuffered, decoder.buffered);
  }
  out.push(...decoder.end());
  return { out, maxBuffered };
};

/** Cuts `input` at the given points (any order, duplicates allowed). */
const cut = (input: Uint8Array, points: readonly number[]): Uint8Array[] => {
  const at = [...new Set(points.map((p) => p % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of at) {
    chunks.push(input.subarray(from, p));
    from = p;
  }
  chunks.push(input.subarray(from));
  return chunks;
};

describe('LineDecoder properties', () => {
  it('any split of any bytes gives the same output as no split', () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 20, size: 'max' }), fc.integer({ min: 1, max: 64 }), (input, points, maxLine) => {
        expect(decode(cut(input, points), maxLine).out).toEqual(decode([input], maxLine).out);
      }),
      { numRuns: 500 },
    );
  });

  it('never emits a line longer than the limit, nor holds more than one line', () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 20, size: 'max' }), fc.integer({ min: 1, max: 16 }), (input, points, maxLine) => {
        const { out, maxBuffered } = decode(cut(input, points), maxLine);
        expect(maxBuffered).toBeLessThanOrEqual(maxLine + 1);
        for (const f of out) {
          if (f.type !== 'line') continue;
          // Each U+FFFD stands for at least one input byte, every other character for its UTF-8 bytes.
          const bytesIn = [...f.text].reduce((n, ch) => n + (ch === '\uFFFD' ? 1 : Buffer.byteLength(ch)), 0);
          expect(bytesIn).toBeLessThanOrEqual(maxLine);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('passes plain lines through unchanged', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abc xyz019'.split('')), maxLength: 30 });
    fc.assert(
      fc.property(fc.array(plain, { maxLength: 10 }), (lines) => {
        const input = Buffer.from(lines.map((l) => `${l}\n`).join(''));
        expect(decode([input], 4096).out).toEqual(lines.map((text) => ({ type: 'line', text, crlf: false })));
      }),
    );
  });
});
