import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Connection, ConnectionLimits } from '../../src/net/connection';
import { EncodedLine } from '../../src/net/encoded-line';
import { Flusher } from '../../src/net/flusher';

/** One event-loop turn: every immediate queued before it has run (a flush, a resume after one). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A socket over a kernel that takes at most `room` more bytes (Infinity:
 * everything); what it does not take, Node holds (`writableLength`) until
 * `take` lets the kernel have more, as a poll phase would.
 */
class KernelSocket extends EventEmitter {
  writableLength = 0;
  destroyed = false;
  written = '';
  constructor(private room: number) {
    super();
  }
  setNoDelay(): void {}
  pause(): void {}
  resume(): void {}
  write(bytes: Uint8Array | string): boolean {
    const text = Buffer.from(bytes).toString();
    this.written += text;
    this.writableLength += text.length;
    this.take(0);
    return this.writableLength === 0;
  }
  /** The client reads `bytes`: the kernel can take that many more. */
  take(bytes: number): void {
    this.room += bytes;
    const moved = Math.min(this.room, this.writableLength);
    this.room -= moved;
    this.writableLength -= moved;
  }
  end(): void {}
  destroy(): void {
    this.destroyed = true;
  }
}

const LIMIT = 300;
const LIMITS: ConnectionLimits = { maxLine: 4096, rate: 0, burst: 50, maxBacklog: LIMIT };

type Step =
  /** The room sends everyone a line of this many bytes (terminator included). */
  | { readonly type: 'output'; readonly bytes: number }
  /** The talker sends these many lines at once; the room sends each to everyone. */
  | { readonly type: 'input'; readonly lines: number }
  /** The reader reads this many bytes out of its kernel buffer. */
  | { readonly type: 'read'; readonly bytes: number }
  /** An event-loop turn passes: flushes run, waiting input resumes. */
  | { readonly type: 'turn' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 120 }).map((bytes) => ({ type: 'output' as const, bytes })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 30 }).map((lines) => ({ type: 'input' as const, lines })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 400 }).map((bytes) => ({ type: 'read' as const, bytes })) },
  { weight: 3, arbitrary: fc.constant({ type: 'turn' as const }) },
);

/**
 * Four members: a talker (its kernel takes everything) whose lines the room
 * echoes to everyone, one whose kernel takes everything, one whose kernel
 * takes nothing, and one that reads when the steps say so.
 */
const run = async (steps: readonly Step[]) => {
  const flusher = new Flusher();
  const sockets = [new KernelSocket(Infinity), new KernelSocket(Infinity), new KernelSocket(0), new KernelSocket(0)];
  const connections = sockets.map((s, i) => new Connection(i + 1, `127.0.0.1:${i + 1}`, s, LIMITS, flusher, () => undefined));
  /** Each member's tooSlow signals, with what its kernel held back when it was told. */
  const told = sockets.map(() => [] as number[]);
  const everyone = (text: string): void => {
    const line = new EncodedLine(text, true);
    connections.forEach((c) => c.outbox.next(line));
  };
  connections.forEach((c, i) =>
    c.input$.subscribe((input) => {
      if (input.type === 'tooSlow') told[i]!.push(sockets[i]!.writableLength);
      // The room: each of the talker's lines goes to everyone.
      else if (input.type === 'line') everyone(input.text);
    }),
  );
  let sent = 0;
  let echoed = '';
  for (const s of steps) {
    switch (s.type) {
      case 'output':
        everyone('o'.repeat(s.bytes - 1));
        break;
      case 'input': {
        const lines = Array.from({ length: s.lines }, () => `t${sent++}`);
        echoed += lines.map((l) => `${l}\n`).join('');
        sockets[0]!.emit('data', Buffer.from(lines.map((l) => `${l}\n`).join('')));
        break;
      }
      case 'read':
        sockets[3]!.take(s.bytes);
        break;
      case 'turn':
        await turn();
        break;
    }
  }
  // Time enough for every waiting line, its flush and a last judgement.
  for (let i = 0; i < 4 + sent; i++) await turn();
  return { sockets, told, echoed };
};

describe('the backlog rule, for any interleaving of output, input, reads and turns', () => {
  it('a client whose kernel takes everything is never too slow, and loses nothing; one whose kernel takes nothing is told once, only after what it held passed the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { sockets, told, echoed } = await run(steps);
        expect(told[0]).toEqual([]);
        expect(told[1]).toEqual([]);
        // Everything the talker said reached the member that reads it all, in order.
        const talk = sockets[1]!.written.split('\n').filter((l) => l.startsWith('t'));
        expect(talk.map((l) => `${l}\n`).join('')).toBe(echoed);
        // The stuck member holds all it was ever written: told once iff that passed the limit.
        expect(told[2]).toEqual(sockets[2]!.writableLength > LIMIT ? [sockets[2]!.writableLength] : []);
        for (const held of [...told[2]!, ...told[3]!]) expect(held).toBeGreaterThan(LIMIT);
        expect(told[3]!.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
