import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastCharacterBytes, LineDecoder } from '../../src/protocol/framing';
import { Framed } from '../../src/protocol/framing-types';

const IAC = 0xff;
const [WILL, WONT, DO, DONT] = [0xfb, 0xfc, 0xfd, 0xfe];
const [BINARY, TM] = [0x00, 0x06];
const [BS, LF, CR, NUL, DEL] = [0x08, 0x0a, 0x0d, 0x00, 0x7f];
const OFFER = [IAC, WILL, BINARY, IAC, DO, BINARY];

/** Bytes biased toward telnet: IAC, the four option commands, and a few options. */
const telnetish = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
      { weight: 3, arbitrary: fc.constantFrom(IAC, WILL, WONT, DO, DONT, BINARY, TM, 0x01, 0x03, 0x18, 0xfa, 0xf0, 0xf4, 0xf1) },
      { weight: 1, arbitrary: fc.constantFrom(LF, CR, NUL, BS, DEL) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
    ),
    { maxLength: 300, size: 'max' },
  )
  .map((a) => Uint8Array.from(a));

const answers = (framed: readonly Framed[]): Buffer[] =>
  framed.flatMap((f) => (f.type === 'reply' || f.type === 'mark' ? [f.bytes] : []));

const count = (bytes: Uint8Array, byte: number): number => bytes.reduce((n, b) => n + (b === byte ? 1 : 0), 0);

/** Pushes `input` into `decoder` cut at the given points (any order), as separate reads. */
const pushCut = (decoder: LineDecoder, input: Uint8Array, cuts: readonly number[]): Framed[] => {
  const framed: Framed[] = [];
  let from = 0;
  for (const c of cuts.map((n) => n % (input.length + 1)).sort((a, b) => a - b)) {
    framed.push(...decoder.push(input.subarray(from, c)));
    from = c;
  }
  framed.push(...decoder.push(input.subarray(from)));
  return framed;
};

/**
 * A telnet client that follows RFC 1143 (the Q method, without its queue
 * bits): it never answers an acknowledgement, so two of them cannot loop.
 * It may want any option on either side, and agrees or not to what the
 * server asks as `agrees` says. Like BSD telnet, it sends `DO TIMING-MARK`
 * as a one-off request and takes the answer without replying.
 */
type Q = 'no' | 'yes' | 'wantno' | 'wantyes';
class Rfc1143Peer {
  readonly us = new Map<number, Q>();
  readonly him = new Map<number, Q>();
  private partial: number[] = [];
  sentCommands = 0;

  constructor(
    private readonly agrees: (side: 'us' | 'him', option: number) => boolean,
    /** Not RFC 1143 but older and sloppier: answers every command with its acknowledgement, agreeing to everything. */
    private readonly naive = false,
  ) {}

  /** Asks to turn an option on or off on one side; the bytes to send, if any. */
  request(side: 'us' | 'him', option: number, enable: boolean): number[] {
    const states = side === 'us' ? this.us : this.him;
    const state = states.get(option) ?? 'no';
    if (enable && state === 'no') {
      states.set(option, 'wantyes');
      return this.send(side === 'us' ? WILL : DO, option);
    }
    if (!enable && state === 'yes') {
      states.set(option, 'wantno');
      return this.send(side === 'us' ? WONT : DONT, option);
    }
    return [];
  }

  timingMark(): number[] {
    return this.send(DO, TM);
  }

  /** Takes the server's bytes; returns the answers. */
  receive(bytes: Uint8Array): number[] {
    const out: number[] = [];
    for (const b of bytes) {
      this.partial.push(b);
      const [iac, command, option] = this.partial;
      if (iac !== IAC) throw new Error(`the server sent a non-telnet byte ${iac} here`);
      if (command === undefined || option === undefined) continue;
      this.partial = [];
      out.push(...this.answer(command, option));
    }
    return out;
  }

  private answer(command: number, option: number): number[] {
    if (option === TM && (command === WILL || command === WONT)) return [];
    const side = command === WILL || command === WONT ? 'him' : 'us';
    const enable = command === WILL || command === DO;
    const states = side === 'us' ? this.us : this.him;
    const state = states.get(option) ?? 'no';
    const yes = side === 'us' ? WILL : DO;
    const no = side === 'us' ? WONT : DONT;
    if (this.naive) {
      states.set(option, enable ? 'yes' : 'no');
      return this.send(enable ? yes : no, option);
    }
    if (enable) {
      if (state === 'no') {
        if (!this.agrees(side, option)) return this.send(no, option);
        states.set(option, 'yes');
        return this.send(yes, option);
      }
      states.set(option, state === 'wantno' ? 'no' : 'yes');
      return [];
    }
    states.set(option, 'no');
    return state === 'yes' ? this.send(no, option) : [];
  }

  private send(command: number, option: number): number[] {
    this.sentCommands++;
    return [IAC, command, option];
  }
}

// TIMING-MARK is no state: the peer asks for it with its own action.
const option = fc.constantFrom(BINARY, 0x01, 0x03, 0x18, 0x1f, 0x22);
const peerAction = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), side: fc.constantFrom('us' as const, 'him' as const), option, enable: fc.boolean() }),
  fc.record({ kind: fc.constant('timingMark' as const) }),
  fc.record({ kind: fc.constant('line' as const), crlf: fc.boolean() }),
);

describe('telnet negotiation properties', () => {
  it('replies stay bounded by what the client sent: one BINARY offer, then at most one answer per IAC', () => {
    fc.assert(
      fc.property(telnetish, fc.integer({ min: 1, max: 64 }), (input, maxLine) => {
        const decoder = new LineDecoder(maxLine);
        const sent = answers([...decoder.push(input), ...decoder.end()]);
        const offers = sent.filter((b) => b.equals(Buffer.from(OFFER)));
        expect(offers.length).toBe(decoder.telnet ? 1 : 0);
        expect(sent.length - offers.length).toBeLessThanOrEqual(count(input, IAC));
        for (const b of sent) expect(b.length === 3 || b.equals(Buffer.from(OFFER))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a client that sends no IAC and no CR LF or CR NUL (nc) is never sent a byte by the framing', () => {
    const ncBytes = telnetish.map((a) => a.filter((b) => b !== IAC));
    fc.assert(
      fc.property(ncBytes, fc.array(fc.nat(), { maxLength: 10 }), (input, cuts) => {
        const decoder = new LineDecoder(4096);
        const framed = [...pushCut(decoder, input, cuts), ...decoder.end()];
        const telnetEnding = input.some((b, i) => b === CR && (input[i + 1] === LF || input[i + 1] === NUL));
        expect(decoder.telnet).toBe(telnetEnding);
        expect(answers(framed)).toEqual(telnetEnding ? [Buffer.from(OFFER)] : []);
      }),
      { numRuns: 1000 },
    );
  });

  it('never loops with an RFC 1143 client, nor with one that acknowledges everything, and leaves nothing unanswered', () => {
    fc.assert(
      fc.property(fc.array(fc.array(peerAction, { maxLength: 8 }), { maxLength: 8 }), fc.func(fc.boolean()), fc.boolean(), (steps, agrees, naive) => {
        const peer = new Rfc1143Peer((side, opt) => agrees(side, opt), naive);
        const server = new LineDecoder(4096);
        let serverAnswers = 0;
        let marks = 0;
        let timingMarks = 0;
        for (const step of steps) {
          let toServer: number[] = step.flatMap((action) => {
            if (action.kind === 'request') return peer.request(action.side, action.option, action.enable);
            if (action.kind === 'timingMark') {
              timingMarks++;
              return peer.timingMark();
            }
            return action.crlf ? [0x68, CR, LF] : [0x68, LF];
          });
          // Exchange until both sides fall silent; an RFC 1143 pair needs a couple of rounds at most.
          for (let round = 0; toServer.length > 0; round++) {
            expect(round).toBeLessThan(4);
            const framed = server.push(Uint8Array.from(toServer));
            marks += framed.filter((f) => f.type === 'mark').length;
            const fromServer = Buffer.concat(answers(framed));
            serverAnswers += answers(framed).filter((b) => b.length === 3).length;
            toServer = peer.receive(fromServer);
          }
        }
        // At most one answer per option command, and exactly one WILL TIMING-MARK per DO TIMING-MARK.
        expect(serverAnswers).toBeLessThanOrEqual(peer.sentCommands);
        expect(marks).toBe(timingMarks);
        if (naive) return;
        // Every request was answered, every option but BINARY is off on the server's side.
        for (const [opt, state] of [...peer.us, ...peer.him]) {
          expect(state === 'yes' || state === 'no', `option ${opt} left ${state}`).toBe(true);
        }
        for (const [opt, state] of peer.him) if (opt !== BINARY) expect(state).toBe('no');
        for (const [opt, state] of peer.us) if (opt !== BINARY) expect(state).toBe('no');
      }),
      { numRuns: 1000 },
    );
  });
});

/** Typed characters: anything printable, one to four UTF-8 bytes. */
const typed = fc.oneof(
  fc.constantFrom('a', 'z', ' ', 'é', 'ß', '中', '丝', '小', '😀', '\u0301'),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xa0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)),
);
const key = fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: fc.constantFrom(BS, DEL) });

describe('backspace properties', () => {
  it('typing then erasing gives what a terminal would show: each BS or DEL takes back one code point', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 10 }), (keys, cuts) => {
        const shown: string[] = [];
        for (const k of keys) {
          if (typeof k === 'string') shown.push(k);
          else shown.pop();
        }
        const input = Buffer.concat([...keys.map((k) => (typeof k === 'string' ? Buffer.from(k) : Buffer.from([k]))), Buffer.from('\n')]);
        expect(pushCut(new LineDecoder(4096), input, cuts)).toEqual([{ type: 'line', text: shown.join(''), crlf: false }]);
      }),
      { numRuns: 1000 },
    );
  });

  it('on any bytes, erasing takes back exactly the last character the UTF-8 decoder shows (U+FFFD included)', () => {
    const anyBytes = fc.uint8Array({ minLength: 1, maxLength: 12 });
    const utf8ish = fc
      .array(fc.oneof(fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.constantFrom(0x61, 0xe0, 0xed, 0xf0, 0xf4, 0xa0, 0x9f, 0x90, 0x8f)), {
        minLength: 1,
        maxLength: 12,
      })
      .map((a) => Uint8Array.from(a));
    fc.assert(
      fc.property(fc.oneof(anyBytes, utf8ish), (bytes) => {
        const n = lastCharacterBytes(bytes, bytes.length);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(Math.min(4, bytes.length));
        const shown = [...Buffer.from(bytes).toString('utf8')];
        expect(Buffer.from(bytes.subarray(0, bytes.length - n)).toString('utf8')).toBe(shown.slice(0, -1).join(''));
      }),
      { numRuns: 5000 },
    );
  });
});
