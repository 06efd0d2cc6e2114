import { connect, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { LatencyHistogram } from './histogram';
import { SHARED_READ_BUFFER } from './read-buffer';
import { BenchSsh } from './ssh-wire';
import { BenchWebSocket } from './ws-wire';

export interface LoadParams {
  readonly clients: number;
  readonly senders: number;
  /** Messages per sender (window mode). */
  readonly messages: number;
  /** Messages a sender may have unacknowledged (window mode). */
  readonly window: number;
  /** Total messages per second across all senders (rate mode), with `seconds`. */
  readonly rate?: number;
  readonly seconds?: number;
  /** Bytes of message text. */
  readonly lineBytes: number;
  /** Only connect and wait for the join notices to settle; send nothing. */
  readonly idleOnly?: boolean;
  /** How many of the clients (every other one from the first, senders included) use the WebSocket gateway. */
  readonly web?: number;
  /** How many of the clients (the first ones, senders first) connect over SSH (--ssh-port) on ssh2's client. */
  readonly ssh?: number;
  /**
   * How many of the clients (the last ones, never senders: an IRC client
   * does not hear its own lines back) use the IRC listener.
   */
  readonly irc?: number;
  /**
   * Messages per sender sent (W=4) and delivered everywhere before measuring
   * starts, so the server's JIT warm-up is not counted as its latency tail.
   */
  readonly warmup?: number;
  /**
   * How rate mode keeps its pace: a 1 ms interval timer sending what is due
   * (default), or a busy loop of `setImmediate` turns, each sending what is
   * due, so lines go out one by one, on time, from a process that keeps a
   * core busy (as an independent load generator was seen to do).
   */
  readonly pacer?: 'timer' | 'busy';
  /**
   * Once every client is welcomed, the first sends a marker line and
   * measuring waits until it has reached every client, instead of counting
   * join notices: on a server that has served earlier rounds, their leave
   * notices may still be flowing.
   */
  readonly marker?: boolean;
}

export interface LoadResult {
  readonly deliveries: number;
  readonly messages: number;
  readonly seconds: number;
  readonly deliveriesPerS: number;
  readonly messagesPerS: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly lost: number;
  readonly reordered: number;
  readonly duplicates: number;
}

const LF = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;
/** The letters after `: ` that make a tagged line and a marker line. */
const TAG = 0x62;
const MARKER_TAG = 0x6d;
const STAR = 0x2a;
const now = (): number => performance.now() * 1000;
/** What an IRC bench client looks for: the ` :` before a PRIVMSG's text, the welcome, a join. */
const IRC_TEXT = Buffer.from(' :');
const IRC_WELCOME = Buffer.from(':rxchat 001 ');
const IRC_JOIN = Buffer.from(' JOIN #');

/** The index after the decimal digits of `buf` at `i`; their value is left in `parsed`. */
let parsed = 0;
const readInt = (buf: Buffer, i: number): number => {
  let n = 0;
  for (let c = buf[i]; c !== undefined && c >= 0x30 && c <= 0x39; c = buf[++i]) n = n * 10 + (c - 0x30);
  parsed = n;
  return i;
};

/**
 * Where the head of the line at `start` ends: the `:` of a bench mark
 * (`: b ` before a tagged line's numbers, `: m ` for the marker line), the
 * line's LF when it has no mark, or `end` when buf[start, end) holds
 * neither. One pass over the line's head, the same for both transports.
 */
const headEnd = (buf: Buffer, start: number, end: number): number => {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === LF) return i;
    if (c !== COLON || i + 3 >= end || buf[i + 1] !== SPACE || buf[i + 3] !== SPACE) continue;
    const kind = buf[i + 2];
    if (kind === TAG || kind === MARKER_TAG) return i;
  }
  return end;
};

/** Where a bench client's lines go: a TCP socket, a WebSocket (one message per line, no terminator), an SSH shell channel or an IRC connection. */
interface Wire {
  write(line: string): void;
  destroy(): void;
}

/** How a bench client reaches the server: its TCP port, its WebSocket gateway, or its SSH listener. */
type Target = { readonly port: number } | { readonly webPort: number } | { readonly sshPort: number } | { readonly ircPort: number };

/** The server's other listeners, for the scenarios that use them. */
export interface OtherPorts {
  readonly webPort?: number | undefined;
  readonly sshPort?: number | undefined;
  readonly ircPort?: number | undefined;
}

/**
 * A bench client. It counts only what was sent after it connected: a server
 * that keeps history (rxchat's default --history 20) replays a room's last
 * lines to each newcomer, and on a server that has served earlier rounds
 * those are earlier rounds' tagged and marker lines, which carry their send
 * time: a line sent before the client existed is no delivery to it.
 */
class BenchClient {
  readonly wire: Wire;
  /** When it connected (µs, as `now()`). */
  private readonly createdAt = now();
  lines = 0;
  /** Notice lines (`*** `): the joins it has seen. */
  notices = 0;
  tagged = 0;
  /** Marker lines seen (see LoadParams.marker). */
  markers = 0;
  reordered = 0;
  duplicates = 0;
  readonly lastSeq: Int32Array;
  private rest: Buffer | undefined;
  /** Set for senders: its own echoes acknowledge its messages. */
  onOwnEcho: (() => void) | undefined;

  constructor(
    target: Target,
    readonly index: number,
    senders: number,
    /** The length of every tagged line's text, `b ...` up to its LF. */
    private readonly lineBytes: number,
    private readonly latency: LatencyHistogram,
    private readonly parse: () => boolean,
  ) {
    this.lastSeq = new Int32Array(senders).fill(-1);
    if ('port' in target) {
      const socket = connect({
        port: target.port,
        host: '127.0.0.1',
        onread: { buffer: SHARED_READ_BUFFER, callback: (bytes: number, buf: Uint8Array) => this.onData(buf as Buffer, bytes) },
      });
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      this.wire = { write: (line) => socket.write(`${line}\n`), destroy: () => socket.destroy() };
    } else if ('sshPort' in target) {
      this.wire = new BenchSsh(target.sshPort, (buf, length) => this.onData(buf, length));
    } else if ('webPort' in target) {
      const ws = new BenchWebSocket(target.webPort, (buf, start, end) => this.onMessage(buf, start, end, now()));
      this.wire = { write: (line) => ws.send(line), destroy: () => ws.destroy() };
    } else {
      this.wire = this.ircWire(target.ircPort);
    }
  }

  /**
   * An IRC client: registers as `bN`, reads as lean as a TCP client (the
   * shared buffer, one pass over each line) and counts what a TCP client
   * would count: its welcome (001), each join, each chat line, whose mark
   * follows the ` :` of PRIVMSG's text.
   */
  private ircWire(ircPort: number): Wire {
    const socket = connect({
      port: ircPort,
      host: '127.0.0.1',
      onread: { buffer: SHARED_READ_BUFFER, callback: (bytes: number, buf: Uint8Array) => this.onData(buf as Buffer, bytes, this.scanIrcLine) },
    });
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.write(`NICK b${this.index}\r\nUSER b 0 * :b\r\n`);
    return { write: (line) => socket.write(`PRIVMSG #lobby :${line}\r\n`), destroy: () => socket.destroy() };
  }

  /** An IRC line at buf[start, end): counted as scanLine counts a TCP line; where its LF is, or -1. */
  private scanIrcLine(buf: Buffer, start: number, end: number, at: number): number {
    const lf = buf.indexOf(LF, start);
    if (lf < 0 || lf >= end) return -1;
    const text = buf.indexOf(IRC_TEXT, start);
    const kind = text >= 0 && text + 3 < lf && buf[text + 3] === SPACE ? buf[text + 2] : undefined;
    if (kind === TAG || kind === MARKER_TAG) {
      this.lines++;
      // onMark reads the tag two bytes after the position it is given, as after `: ` in a TCP line.
      if (this.parse()) this.onMark(buf, text, at);
    } else if (buf.subarray(start, start + IRC_WELCOME.length).equals(IRC_WELCOME)) {
      this.lines++;
    } else {
      const join = buf.indexOf(IRC_JOIN, start);
      if (join >= 0 && join < lf) {
        this.lines++;
        this.notices++;
      }
    }
    return lf;
  }

  /** Forgets what was counted so far (after the warm-up). */
  resetCounts(): void {
    this.tagged = 0;
    this.reordered = 0;
    this.duplicates = 0;
    this.lastSeq.fill(-1);
  }

  /** The first `length` bytes of `chunk` (a shared buffer, reused after this returns) as lines. */
  private onData(chunk: Buffer, length: number, scan = this.scanLine): boolean {
    let buf = chunk;
    let end = length;
    if (this.rest !== undefined) {
      buf = Buffer.concat([this.rest, chunk.subarray(0, length)]);
      end = buf.length;
    }
    const at = now();
    let start = 0;
    for (let lf = scan.call(this, buf, start, end, at); lf >= 0; lf = scan.call(this, buf, start, end, at)) start = lf + 1;
    this.rest = start < end ? Buffer.from(buf.subarray(start, end)) : undefined;
    return true;
  }

  /**
   * Counts the line at buf[start, end) if it is complete and returns where
   * its LF is, or -1. A tagged line's LF is where the text's known length
   * puts it, so a delivery costs its head and three numbers, not a search
   * of the whole line.
   */
  private scanLine(buf: Buffer, start: number, end: number, at: number): number {
    const head = headEnd(buf, start, end);
    if (head >= end) return -1;
    if (buf[head] === LF) {
      this.lines++;
      if (buf[start] === STAR && buf[start + 1] === STAR && buf[start + 2] === STAR) this.notices++;
      return head;
    }
    const known = head + 2 + this.lineBytes;
    const lf = known < end && buf[known] === LF ? known : buf.subarray(0, end).indexOf(LF, head);
    if (lf < 0) return -1;
    this.lines++;
    if (this.parse()) this.onMark(buf, head, at);
    return lf;
  }

  /** A WebSocket message: one line, buf[start, end), without a terminator. */
  private onMessage(buf: Buffer, start: number, end: number, at: number): void {
    this.lines++;
    if (buf[start] === STAR && buf[start + 1] === STAR && buf[start + 2] === STAR) this.notices++;
    if (!this.parse()) return;
    const head = headEnd(buf, start, end);
    if (head < end && buf[head] !== LF) this.onMark(buf, head, at);
  }

  /** The line whose mark's `:` is at `colon`: the marker line, or a tagged line. */
  private onMark(buf: Buffer, colon: number, at: number): void {
    if (buf[colon + 2] !== MARKER_TAG) {
      this.onTagged(buf, colon + 4, at);
      return;
    }
    readInt(buf, colon + 4);
    if (parsed >= this.createdAt) this.markers++;
  }

  /** A tagged line's `sender seq sentAt`, from `at` on: its latency, and whether it came in order. */
  private onTagged(buf: Buffer, from: number, at: number): void {
    const afterSender = readInt(buf, from);
    const sender = parsed;
    const afterSeq = readInt(buf, afterSender + 1);
    const seq = parsed;
    readInt(buf, afterSeq + 1);
    const sentAt = parsed;
    if (sentAt < this.createdAt) return;
    this.tagged++;
    this.latency.record(at - sentAt);
    const last = this.lastSeq[sender]!;
    if (seq === last) this.duplicates++;
    else if (seq < last) this.reordered++;
    else this.lastSeq[sender] = seq;
    if (sender === this.index) this.onOwnEcho?.();
  }
}

const until = async (check: () => boolean, what: string, deadlineMs: number): Promise<void> => {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};


/** A round that carried no messages (idle connections, a storm). */
export const NO_LOAD: LoadResult = {
  deliveries: 0,
  messages: 0,
  seconds: 0,
  deliveriesPerS: 0,
  messagesPerS: 0,
  p50: 0,
  p90: 0,
  p99: 0,
  max: 0,
  lost: 0,
  reordered: 0,
  duplicates: 0,
};

/**
 * How long idle connections rest before the server's memory is read: an idle
 * server is one that has been idle a while. After a burst, memory comes back
 * in steps: rxchat collects once its loop has been quiet for 6 s, and V8's
 * own memory reducer runs about 8 s after a full collection (both servers);
 * 20 s was seen to cut the second step short.
 */
export const IDLE_REST_MS = 30_000;

/**
 * Idle connections: each reads (and drops) what it gets, so the server holds
 * no backlog. Resolves once every welcome is in and the join notices have
 * stopped flowing for half a second.
 */
export const connectIdle = async (port: number, count: number): Promise<Socket[]> => {
  let lastData = Date.now();
  const sockets: Socket[] = [];
  let welcomed = 0;
  // Connect in waves of 250 so the server accepts many per turn and batches
  // their join notices, but start a wave only once the one before it is
  // welcomed (accepted): a connection beyond the listen backlog (511) looks
  // connected to its client yet is never accepted, and would never be welcomed.
  for (let i = 0; i < count; i += 250) {
    await until(() => welcomed >= i, 'welcomes', 120_000);
    for (let k = i; k < Math.min(count, i + 250); k++) {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.on('error', () => undefined);
      socket.once('data', () => welcomed++);
      socket.on('data', () => (lastData = Date.now()));
      sockets.push(socket);
    }
  }
  await until(() => welcomed >= count, 'welcomes', 600_000);
  await until(() => Date.now() - lastData > 500, 'join notices to settle', 600_000);
  return sockets;
};

/** Idle connections, with the server's memory read after IDLE_REST_MS at rest. */
const restIdle = async (port: number, count: number, beforeClose: () => void): Promise<LoadResult> => {
  const sockets = await connectIdle(port, count);
  await new Promise((resolve) => setTimeout(resolve, IDLE_REST_MS));
  beforeClose();
  sockets.forEach((s) => s.destroy());
  return NO_LOAD;
};

/**
 * Connects the clients (each waits for the joins of all that come after it),
 * then runs the senders and measures every tagged line at every client.
 */
/** `beforeClose` runs while every client is still connected (to read the server's memory). */
export const runLoad = async (
  /** The server's port, or a cluster's nodes' ports: clients (and senders) take them in turn. */
  port: number | readonly number[],
  p: LoadParams,
  beforeClose: () => void = () => undefined,
  { webPort, sshPort, ircPort }: OtherPorts = {},
  /** Runs as the measured messages start (after the joins and the warm-up). */
  onMeasuring: () => void = () => undefined,
): Promise<LoadResult> => {
  const latency = new LatencyHistogram();
  let measuring = false;
  const ports = typeof port === 'number' ? [port] : port;
  if (p.idleOnly) return restIdle(ports[0]!, p.clients, beforeClose);
  const clients: BenchClient[] = [];
  const web = p.web ?? 0;
  const ssh = p.ssh ?? 0;
  if (web > 0 && webPort === undefined) throw new Error('bench: a WebSocket scenario needs the server\'s web port');
  if (ssh > 0 && sshPort === undefined) throw new Error('bench: an SSH scenario needs the server\'s SSH port');
  const irc = p.irc ?? 0;
  if (irc > 0 && (ircPort === undefined || p.clients - irc < p.senders)) throw new Error('bench: an IRC scenario needs the server\'s IRC port, and its senders on TCP');
  const wireFor = (i: number): Target => {
    if (i < ssh) return { sshPort: sshPort! };
    if (i >= p.clients - irc) return { ircPort: ircPort! };
    return i % 2 === 0 || i >= 2 * web ? { port: ports[i % ports.length]! } : { webPort: webPort! };
  };
  for (let i = 0; i < p.clients; i += 200) {
    const batch = Array.from(
      { length: Math.min(200, p.clients - i) },
      (_, k) => new BenchClient(wireFor(i + k), i + k, p.senders, p.lineBytes, latency, () => measuring),
    );
    clients.push(...batch);
    await until(() => batch.every((c) => c.lines > 0), 'welcomes', 60_000);
  }
  if (p.marker) {
    measuring = true;
    clients[0]!.wire.write(`m ${Math.round(now())}`);
    await until(() => clients.every((c) => c.markers > 0), 'the marker line', 300_000);
  } else {
    // Each client sees the joins of itself and everyone after it (lines of history do not count). WebSocket
    // clients may join out of their creation order (their handshake takes longer), so count in all.
    const joinNotices = (p.clients * (p.clients + 1)) / 2;
    await until(() => clients.reduce((n, c) => n + c.notices, 0) >= joinNotices, 'join notices', 300_000);
    measuring = true;
  }
  const senders = clients.slice(0, p.senders);
  const sent = new Int32Array(p.senders);
  const pad = 'x'.repeat(p.lineBytes);
  const send = (s: number): void => {
    const text = `b ${s} ${sent[s]!++} ${Math.round(now())} `;
    senders[s]!.wire.write(`${text}${pad.slice(text.length)}`);
  };
  /** Each sender sends `count` messages, keeping at most `window` unacknowledged. */
  const sendWindowed = (count: number, window: number): void =>
    senders.forEach((sender, s) => {
      let inFlight = 0;
      sender.onOwnEcho = () => {
        inFlight--;
        if (sent[s]! < count) {
          inFlight++;
          send(s);
        }
      };
      for (; inFlight < window && sent[s]! < count; inFlight++) send(s);
    });
  if (p.warmup !== undefined && p.warmup > 0) {
    sendWindowed(p.warmup, 4);
    await until(() => clients.every((c) => c.tagged >= p.senders * p.warmup!), 'warm-up deliveries', 120_000);
    latency.reset();
    clients.forEach((c) => c.resetCounts());
    senders.forEach((sender) => (sender.onOwnEcho = undefined));
    sent.fill(0);
  }
  onMeasuring();
  const began = now();
  let expectedPerClient: number;
  if (p.rate === undefined) {
    expectedPerClient = p.senders * p.messages;
    sendWindowed(p.messages, p.window);
  } else {
    const total = Math.round(p.rate * (p.seconds ?? 5));
    expectedPerClient = total;
    let done = 0;
    /** Sends every line due by now; true once all are sent. */
    const sendDue = (): boolean => {
      const due = Math.min(total, Math.floor(((now() - began) / 1e6) * p.rate!));
      for (; done < due; done++) send(done % p.senders);
      return done >= total;
    };
    await new Promise<void>((resolve) => {
      if (p.pacer === 'busy') {
        const spin = (): void => {
          if (sendDue()) resolve();
          else setImmediate(spin);
        };
        spin();
        return;
      }
      const tick = setInterval(() => {
        if (sendDue()) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
  }
  const allIn = (): boolean => clients.every((c) => c.tagged >= expectedPerClient);
  await until(allIn, 'deliveries', 120_000).catch(() => undefined);
  const seconds = (now() - began) / 1e6;
  const deliveries = clients.reduce((a, c) => a + c.tagged, 0);
  const messages = sent.reduce((a, n) => a + n, 0);
  let lost = 0;
  for (const c of clients) {
    for (let s = 0; s < p.senders; s++) lost += sent[s]! - 1 - c.lastSeq[s]!;
  }
  beforeClose();
  clients.forEach((c) => c.wire.destroy());
  return {
    deliveries,
    messages,
    seconds,
    deliveriesPerS: deliveries / seconds,
    messagesPerS: messages / seconds,
    p50: latency.percentile(50),
    p90: latency.percentile(90),
    p99: latency.percentile(99),
    max: latency.maxMs,
    lost,
    reordered: clients.reduce((a, c) => a + c.reordered, 0),
    duplicates: clients.reduce((a, c) => a + c.duplicates, 0),
  };
};
