import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Command } from '../../src/protocol/command';
import { NickName } from '../../src/protocol/names';
import { parse } from '../../src/protocol/parse';
import { sanitize } from '../../src/protocol/sanitize';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Strings full of what an attacker would send: escapes, controls, bidi, any Unicode. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80, size: 'max' }),
  fc.array(
    fc.oneof(
      fc.constantFrom('\x1b[31m', '\x1b]0;title\x07', '\x1b]8;;x\x1b\\', '\x1b', '\x1b[', '\t', '\r', '\0', '\x7f', '\u0085', '\u009b', '\u202e', '\u2066', '/', '//', 'rename|', '/nick ', '/msg ', '/me ', 'who online', 'exit', ' '),
      fc.string({ unit: 'grapheme', maxLength: 5 }),
    ),
    { maxLength: 15, size: 'max' },
  ).map((parts) => parts.join('')),
);

describe('sanitize properties', () => {
  it('leaves no control character, and is idempotent', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const clean = sanitize(s);
        expect(clean).not.toMatch(CONTROL);
        expect(sanitize(clean)).toBe(clean);
      }),
      { numRuns: 2000 },
    );
  });

  it('changes nothing in printable ASCII without tabs', () => {
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }), (s) => {
      expect(sanitize(s)).toBe(s);
    }));
  });
});

describe('parse properties', () => {
  it('is total: any string gives a valid Command, with clean trimmed text', () => {
    fc.assert(
      fc.property(hostile, (line) => {
        const cmd = parse(line);
        expect(Command.is(cmd)).toBe(true);
        const texts = cmd.type === 'chat' || cmd.type === 'action' ? [cmd.text] : cmd.type === 'whisper' ? [cmd.text, cmd.target] : [];
        for (const text of texts) {
          expect(text).not.toMatch(CONTROL);
          expect(text).toBe(text.trim());
          expect(text).not.toBe('');
        }
        if (cmd.type === 'rename') expect(NickName.is(cmd.name)).toBe(true);
        if (cmd.type === 'quit' && cmd.reason !== undefined) expect(cmd.reason).not.toMatch(CONTROL);
      }),
      { numRuns: 3000 },
    );
  });
});
