import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { ByteSocket } from '../net/byte-socket';
import { Gatherer } from '../net/gather';
import { IrcMessage, isParseError, parseIrc } from './message';
import { RoomLine } from './room-lines';
import { fromClient, fromRoom, IrcSession, sharedIn, Step } from './session';
import { fitLines, IRC_LINE_BYTES } from './split';

const LF = 0x0a;

/** A line without its LF or CR LF. */
const withoutEnd = (line: string): string => line.replace(/\r?\n$/, '').replace(/\r$/, '');

/** Where an IRC line is cut to fit: after the trailing parameter's ` :`. */
const fit = (line: string): string[] => {
  if (Buffer.byteLength(line) <= IRC_LINE_BYTES - 2) return [line];
  const trailing = line.indexOf(' :', 1);
  return trailing < 0 ? [line] : fitLines(line.slice(0, trailing + 2), line.slice(trailing + 2));
};

/**
 * A line of the room's output as read, and its IRC bytes for the channel
 * they were last made for. The key is the line's encoded Buffer, which a
 * broadcast shares among all its recipients (src/net/encoded-line.ts):
 * each broadcast is read, and its IRC bytes made, once for every IRC
 * client in the room instead of once per client. The entry goes when the
 * line does.
 */
interface Rendered {
  readonly line: RoomLine;
  channel: string | undefined;
  bytes: Buffer | undefined;
}
export type RenderCache = WeakMap<Buffer, Rendered>;

export interface IrcSocketOptions {
  /** Reads a line of the room's output (in the server's language). */
  readonly read: (line: string) => RoomLine;
  /** Shared by every IRC client of the listener. */
  readonly cache: RenderCache;
  /** Joins a flush's IRC lines for one write in reused memory, as for TCP (src/net/gather.ts); shared by the listener's clients, whose flushes never overlap. */
  readonly gatherer: Gatherer;
  /** The longest IRC line taken; a longer one is discarded with 417 and `tooLong`, the room's own words for it. */
  readonly maxLine: number;
  readonly tooLong: string;
  /** After this long without a line from the client it is sent a PING (0: never); its PONG is a line, so it keeps it from the idle kick. */
  readonly pingMs: number;
}

/**
 * A registered IRC client's TCP connection seen as the byte stream a
 * Connection reads and writes, so an IRC client is a member like any
 * other: the same framing, limits, pacing, idle kick and backlog rule.
 *
 * The translation is here, at the edge, and nowhere else: each IRC message
 * in becomes one input line of the chat (the same lines an nc user types;
 * one the room needs not hear, like PING, becomes a blank line, so the
 * token bucket paces every message and each counts as activity), and each
 * line the Connection writes is read back and written as IRC lines
 * (src/irc/session.ts decides both, purely). The room never knows.
 */
export class IrcSocket extends EventEmitter implements ByteSocket {
  readonly remoteAddress: string | undefined;
  private session: IrcSession;
  private partial: Buffer = Buffer.alloc(0);
  /** Set while a line too long is being skipped up to its LF. */
  private skipping = false;
  /** Input lines for the Connection, held while it has paused us. */
  private held: string[] = [];
  private paused = true;
  private ended = false;
  private endEmitted = false;
  private readonly pingTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tcp: Socket,
    session: IrcSession,
    private readonly options: IrcSocketOptions,
    /** Bytes read during registration after its last line, and input lines to start with (PASS's `/login`). */
    leftover: Buffer,
    firstInput: readonly string[],
  ) {
    super();
    this.session = session;
    this.remoteAddress = tcp.remoteAddress;
    this.held.push(...firstInput);
    tcp.on('data', (chunk: Buffer) => this.onData(chunk));
    tcp.on('end', () => this.onEnd());
    tcp.on('error', () => this.emit('error'));
    tcp.on('close', () => {
      clearTimeout(this.pingTimer);
      this.emit('close');
    });
    if (options.pingMs > 0) {
      // One PING per silence: the next waits for the client to speak again (refresh re-arms a timer that has fired).
      this.pingTimer = setTimeout(() => this.writeIrc([`PING :${this.session.server}`]), options.pingMs);
    }
    if (leftover.length > 0) this.onData(leftover);
  }

  get writableLength(): number {
    return this.tcp.writableLength;
  }

  get destroyed(): boolean {
    return this.tcp.destroyed;
  }

  setNoDelay(): void {
    this.tcp.setNoDelay(true);
  }

  pause(): void {
    this.paused = true;
    this.tcp.pause();
  }

  resume(): void {
    this.paused = false;
    this.pump();
    if (!this.paused) this.tcp.resume();
  }

  write(bytes: Uint8Array | string): boolean {
    const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const lines = text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
    this.writeIrc(lines.flatMap((line) => this.apply(fromRoom(this.session, this.options.read(withoutEnd(line))))));
    return true;
  }

  /** A flush's lines, one Buffer each (with its LF or CR LF): read one by one, written as one. */
  writeLines(lines: readonly Buffer[]): void {
    const out: Buffer[] = [];
    let total = 0;
    for (const raw of lines) {
      let rendered = this.options.cache.get(raw);
      if (rendered === undefined) {
        rendered = { line: this.options.read(withoutEnd(raw.toString('utf8'))), channel: undefined, bytes: undefined };
        this.options.cache.set(raw, rendered);
      }
      const channel = sharedIn(this.session, rendered.line);
      if (channel !== undefined && rendered.channel === channel && rendered.bytes !== undefined) {
        out.push(rendered.bytes);
        total += rendered.bytes.length;
        continue;
      }
      const irc = this.apply(fromRoom(this.session, rendered.line));
      if (irc.length === 0) continue;
      const bytes = Buffer.from(`${irc.flatMap(fit).join('\r\n')}\r\n`, 'utf8');
      if (channel !== undefined) {
        rendered.channel = channel;
        rendered.bytes = bytes;
      }
      out.push(bytes);
      total += bytes.length;
    }
    if (out.length === 0 || this.tcp.destroyed || !this.tcp.writable) return;
    if (out.length === 1) {
      this.tcp.write(out[0]!);
      return;
    }
    const gathered = this.options.gatherer.gather(out, total);
    this.tcp.write(gathered);
    // Nothing held means the kernel took it all at once and Node keeps no reference.
    if (this.tcp.writableLength === 0) this.options.gatherer.giveBack(gathered);
  }

  end(bytes?: Uint8Array | string): void {
    if (bytes !== undefined) this.write(bytes);
    this.tcp.end();
  }

  destroy(): void {
    this.tcp.destroy();
  }

  /** Takes a step's session and input lines (which wait for the Connection's next turn); its IRC lines are the caller's to write. */
  private apply(step: Step): readonly string[] {
    this.session = step.session;
    if (step.input.length > 0) {
      this.held.push(...step.input);
      // Not from inside the Connection's own call: its next turn reads them.
      setImmediate(() => this.pump());
    }
    return step.irc;
  }

  private writeIrc(lines: readonly string[]): void {
    if (lines.length === 0 || this.tcp.destroyed || !this.tcp.writable) return;
    this.tcp.write(`${lines.flatMap(fit).join('\r\n')}\r\n`);
  }

  private onData(chunk: Buffer): void {
    this.pingTimer?.refresh();
    let data = this.partial.length === 0 ? chunk : Buffer.concat([this.partial, chunk]);
    const irc: string[] = [];
    for (let lf = data.indexOf(LF); lf >= 0; lf = data.indexOf(LF)) {
      const line = data.subarray(0, lf);
      data = data.subarray(lf + 1);
      if (this.skipping) this.skipping = false;
      else irc.push(...this.onLine(line.toString('utf8')));
    }
    if (data.length > this.options.maxLine) {
      if (!this.skipping) irc.push(...this.tooLong());
      this.skipping = true;
      data = Buffer.alloc(0);
    }
    this.partial = this.skipping ? Buffer.alloc(0) : Buffer.from(data);
    this.writeIrc(irc);
    this.pump();
  }

  private onLine(line: string): readonly string[] {
    const parsed = parseIrc(line);
    if (parsed === undefined) return [];
    if (isParseError(parsed)) {
      this.held.push('');
      return [`:${this.session.server} NOTICE ${this.session.nick} :Not an IRC message (${parsed.error}); ignored`];
    }
    return this.apply(fromClient(this.session, parsed as IrcMessage));
  }

  private tooLong(): string[] {
    this.held.push('');
    return [`:${this.session.server} 417 ${this.session.nick} :${this.options.tooLong}`];
  }

  private onEnd(): void {
    if (this.partial.length > 0 && !this.skipping) this.writeIrc(this.onLine(this.partial.toString('utf8')));
    this.partial = Buffer.alloc(0);
    this.ended = true;
    this.pump();
  }

  /** Hands held input lines to the Connection while it reads, then its end once they are all through. */
  private pump(): void {
    if (this.paused) return;
    if (this.held.length > 0) {
      const lines = this.held;
      this.held = [];
      this.emit('data', Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
    }
    if (this.ended && this.held.length === 0 && !this.endEmitted) {
      this.endEmitted = true;
      this.emit('end');
    }
  }
}
