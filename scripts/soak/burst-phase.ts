import { LineClient } from './line-client';
import { OrderCheck } from './order-check';

/** The burst of the slow-reader defect: 500 lines of 200 bytes at once, every 20 ms (about 25,000 lines/s). */
export const BURST_LINES = 500;
export const BURST_BYTES = 200;
export const BURST_EVERY_MS = 20;

export interface BurstResult {
  readonly sent: number;
  /** Tagged lines checked by the readers, all told. */
  readonly received: number;
  readonly lost: number;
  readonly reordered: number;
  /** Members that read everything and were dropped anyway (or closed for any reason): must be 0. */
  readonly wronglyDropped: number;
  /** Members that never read, dropped as too slow (each replaced by a new one). */
  readonly stuckDropped: number;
  readonly stuckJoined: number;
}

const TAGGED = /^\[([^\]]+)\]\S*: burst (\d+) /;
const TOO_SLOW = / was disconnected \(too slow\)$/;

/**
 * The burst phase of the soak, against a server on `--rate 0`: one sender
 * that reads everything, `readers` members that only read, and `stuck`
 * members that never read (each replaced once it is dropped). Every reader
 * checks every line's order; a too-slow notice that names a reader, or a
 * reader's connection closing, counts as wrongly dropped.
 */
export const runBurstPhase = async (
  port: number,
  minutes: number,
  readers: number,
  stuck: number,
  onDelivered: () => void = () => undefined,
): Promise<BurstResult> => {
  let running = true;
  let wronglyDropped = 0;
  let stuckDropped = 0;
  let stuckJoined = 0;
  const readerAddrs = new Set<string>();
  const stuckByAddr = new Map<string, LineClient>();
  const checks: OrderCheck[] = [];
  const closed = (): void => {
    if (running) wronglyDropped++;
  };
  const reader = (check?: OrderCheck): LineClient => {
    const client = new LineClient(
      port,
      (line) => {
        if (TOO_SLOW.test(line)) {
          const named = /^\*\*\* \[([^\]]+)\]/.exec(line)?.[1];
          if (named !== undefined && readerAddrs.has(named)) wronglyDropped++;
          else if (check === checks[0] && named !== undefined && stuckByAddr.has(named)) {
            // A paused socket never sees the server's reset: end it, and a new one takes its place.
            stuckDropped++;
            stuckByAddr.get(named)!.socket.destroy();
            stuckByAddr.delete(named);
            setTimeout(stuckMember, 200);
          }
          return;
        }
        const m = TAGGED.exec(line);
        if (m && check) {
          check.see(m[1]!, Number(m[2]));
          onDelivered();
        }
      },
      closed,
    );
    client.socket.once('connect', () => readerAddrs.add(client.addr));
    return client;
  };
  const stuckMember = (): void => {
    if (!running) return;
    stuckJoined++;
    const c = new LineClient(port, () => undefined, () => undefined);
    c.socket.once('data', () => {
      c.socket.pause();
      stuckByAddr.set(c.addr, c);
    });
  };

  const sender = reader();
  for (let i = 0; i < readers; i++) {
    const check = new OrderCheck();
    checks.push(check);
    reader(check);
  }
  for (let i = 0; i < stuck; i++) stuckMember();
  await new Promise((resolve) => setTimeout(resolve, 1000));

  let sent = 0;
  const pad = 'x'.repeat(BURST_BYTES - 'burst 000000 '.length);
  const timer = setInterval(() => {
    let text = '';
    for (let i = 0; i < BURST_LINES; i++) text += `burst ${String(sent++).padStart(6, '0')} ${pad}\n`;
    sender.send(text);
  }, BURST_EVERY_MS);
  await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
  clearInterval(timer);
  // Let what is in flight arrive before counting what is missing.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  running = false;
  const senders = new Map([[sender.addr, sent]]);
  return {
    sent,
    received: checks.reduce((a, c) => a + c.received, 0),
    lost: checks.reduce((a, c) => a + c.lost + c.missingAtEnd(senders), 0),
    reordered: checks.reduce((a, c) => a + c.reordered, 0),
    wronglyDropped,
    stuckDropped,
    stuckJoined,
  };
};
