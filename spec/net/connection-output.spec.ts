import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Connection, ConnectionLimits } from '../../src/net/connection';
import { EncodedLine, SentTally } from '../../src/net/encoded-line';
import { Flusher } from '../../src/net/flusher';

/** Resolves after every immediate queued before it has run: one event-loop turn. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A ByteSocket that keeps each write, and takes it all at once (nothing held) unless its kernel `refuse`s. */
class FakeSocket extends EventEmitter {
  readonly writes: string[] = [];
  writableLength = 0;
  refuse = false;
  destroyed = false;
  setNoDelay(): void {}
  pause(): void {}
  resume(): void {}
  write(bytes: Uint8Array | string): boolean {
    this.writes.push(Buffer.from(bytes).toString());
    if (this.refuse) this.writableLength += Buffer.byteLength(bytes);
    return !this.refuse;
  }
  end(): void {}
  destroy(): void {
    this.destroyed = true;
  }
}

const LIMITS: ConnectionLimits = { maxLine: 4096, rate: 0, burst: 50, maxBacklog: 1 << 20 };

const setup = (count: number, limits: ConnectionLimits = LIMITS) => {
  const tally: SentTally = { linesSent: 0, bytesSent: 0 };
  const flusher = new Flusher(undefined, undefined, tally);
  const sockets = Array.from({ length: count }, () => new FakeSocket());
  const connections = sockets.map((socket, i) => new Connection(i + 1, `127.0.0.1:${i + 1}`, socket, limits, flusher, () => undefined));
  const broadcast = (text: string, to: readonly Connection[] = connections): void => {
    const line = new EncodedLine(text, true);
    to.forEach((c) => c.outbox.next(line));
  };
  const send = (to: Connection, text: string): void => to.outbox.next(new EncodedLine(text));
  return { flusher, tally, sockets, connections, broadcast, send };
};

describe('Connection output', () => {
  it('writes shared and private lines in the order they came, once per turn', async () => {
    const { sockets, connections, broadcast, send } = setup(3);
    const [a, b] = connections;
    send(a!, 'welcome a');
    broadcast('joined 1');
    broadcast('joined 2');
    send(b!, 'private b');
    broadcast('joined 3');
    broadcast('to a and c', [a!, connections[2]!]);
    broadcast('joined 4');
    expect(sockets.map((s) => s.writes)).toEqual([[], [], []]);
    await turn();
    expect(sockets.map((s) => s.writes)).toEqual([
      ['welcome a\njoined 1\njoined 2\njoined 3\nto a and c\njoined 4\n'],
      ['joined 1\njoined 2\nprivate b\njoined 3\njoined 4\n'],
      ['joined 1\njoined 2\njoined 3\nto a and c\njoined 4\n'],
    ]);
  });

  it('writes a lone line as it is, and starts afresh after each flush', async () => {
    const { sockets, broadcast } = setup(2);
    broadcast('one');
    await turn();
    broadcast('two');
    broadcast('three');
    await turn();
    broadcast('four');
    await turn();
    expect(sockets[0]!.writes).toEqual(['one\n', 'two\nthree\n', 'four\n']);
    expect(sockets[1]!.writes).toEqual(sockets[0]!.writes);
  });

  it('holds shared lines across held turns while connections arrive, and writes them once', async () => {
    const { flusher, sockets, broadcast } = setup(2);
    for (let i = 1; i <= 5; i++) {
      broadcast(`joined ${i}`);
      flusher.holdForArrivals();
      await turn();
    }
    expect(sockets[0]!.writes).toEqual([]);
    while (sockets[0]!.writes.length === 0) await turn();
    expect(sockets[0]!.writes).toEqual(['joined 1\njoined 2\njoined 3\njoined 4\njoined 5\n']);
    expect(sockets[1]!.writes).toEqual(sockets[0]!.writes);
  });

  it('ends each line the way the client last ended its own, from the next line on', async () => {
    const { sockets, connections, broadcast } = setup(2);
    const [a] = connections;
    a!.input$.subscribe();
    broadcast('before');
    sockets[0]!.emit('data', Buffer.from('hi\r\n'));
    broadcast('after');
    await turn();
    // (Whatever the decoder answers to the line itself, telnet negotiation, comes between them.)
    expect(sockets[0]!.writes).toHaveLength(1);
    expect(sockets[0]!.writes[0]).toMatch(/^before\n[^]*after\r\n$/);
    expect(sockets[1]!.writes).toEqual(['before\nafter\n']);
  });

  it('counts each line and its bytes once per recipient', async () => {
    const { tally, broadcast, send, connections } = setup(3);
    broadcast('abc');
    send(connections[0]!, 'de');
    await turn();
    expect(tally).toEqual({ linesSent: 4, bytesSent: 3 * 4 + 3 });
  });

  it('never counts output it has not offered yet: a turn may make more than --max-backlog for a client the kernel takes everything from', async () => {
    const { sockets, connections, broadcast } = setup(1, { ...LIMITS, maxBacklog: 20 });
    const told: string[] = [];
    connections[0]!.input$.subscribe((input) => told.push(input.type));
    broadcast('0123456789');
    broadcast('0123456789');
    broadcast('0123456789');
    await turn();
    await turn();
    expect(told).toEqual([]);
    expect(sockets[0]!.writes).toEqual(['0123456789\n0123456789\n0123456789\n']);
  });

  it('drops a client once what the kernel would not take passes the limit, judged the turn after the write, and writes nothing more for it', async () => {
    const { sockets, connections, broadcast } = setup(2, { ...LIMITS, maxBacklog: 20 });
    const [stuck] = sockets;
    stuck!.refuse = true;
    const told: string[] = [];
    connections[0]!.input$.subscribe((input) => told.push(input.type));
    broadcast('0123456789');
    await turn();
    expect(told).toEqual([]);
    broadcast('0123456789');
    await turn();
    // 22 bytes held by Node now, but not yet offered again to the kernel: judged next turn.
    expect(told).toEqual([]);
    await turn();
    expect(told).toEqual(['tooSlow']);
    broadcast('more');
    await turn();
    expect(stuck!.writes).toEqual(['0123456789\n', '0123456789\n']);
    expect(sockets[1]!.writes).toEqual(['0123456789\n', '0123456789\n', 'more\n']);
  });
});
