import { Framed } from './framing-types';

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const IAC = 0xff;
const SB = 0xfa;
const SE = 0xf0;
const WILL = 0xfb;
const WONT = 0xfc;
const DO = 0xfd;
const DONT = 0xfe;

/** Where the telnet filter stands between two bytes. */
const enum Telnet {
  Data,
  Iac,
  Option,
  Sub,
  SubIac,
}

/** Where a line buffer starts once a client sends its first byte. */
const FIRST_LINE_BYTES = 128;
const NOTHING = Buffer.alloc(0);

/**
 * Bytes to lines, for one client. Removes telnet IAC sequences, ends lines at
 * LF, CR LF or CR NUL, decodes each whole line as UTF-8 (so a character split
 * across reads survives), and never holds more than one maximum line: a
 * longer line is reported once and discarded up to its terminator.
 */
export class LineDecoder {
  /**
   * Empty until the client sends something, then grows by doubling up to
   * maxLine: an idle connection should hold nothing, a chatting one no more
   * than its longest line.
   */
  private line: Buffer = NOTHING;
  private length = 0;
  private overflowing = false;
  private pendingCR = false;
  private telnet = Telnet.Data;
  private command = 0;
  /** (command, option) pairs already answered: replies stay bounded whatever a client sends. Made on first use. */
  private answered: Set<number> | undefined;

  constructor(private readonly maxLine: number) {}

  get buffered(): number {
    return this.length + (this.pendingCR ? 1 : 0);
  }

  push(chunk: Uint8Array): Framed[] {
    const out: Framed[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.telnet === Telnet.Data && byte !== IAC) {
        if (byte !== LF && byte !== CR && byte !== NUL && !this.pendingCR) {
          // Fast path: copy the run of plain bytes up to the next special one.
          let end = i + 1;
          while (end < chunk.length) {
            const b = chunk[end]!;
            if (b === LF || b === CR || b === NUL || b === IAC) break;
            end++;
          }
          this.append(chunk, i, end, out);
          i = end - 1;
        } else {
          this.data(byte, out);
        }
        continue;
      }
      this.telnetByte(byte, out);
    }
    return out;
  }

  end(): Framed[] {
    const out: Framed[] = [];
    if (this.pendingCR) {
      this.pendingCR = false;
      this.appendByte(CR, out);
    }
    if (this.length > 0 && !this.overflowing) out.push(this.take(false));
    this.length = 0;
    this.overflowing = false;
    this.telnet = Telnet.Data;
    return out;
  }

  private telnetByte(byte: number, out: Framed[]): void {
    switch (this.telnet) {
      case Telnet.Data:
        this.telnet = Telnet.Iac;
        return;
      case Telnet.Iac:
        if (byte === IAC) {
          this.telnet = Telnet.Data;
          this.data(IAC, out);
        } else if (byte === WILL || byte === WONT || byte === DO || byte === DONT) {
          this.command = byte;
          this.telnet = Telnet.Option;
        } else {
          this.telnet = byte === SB ? Telnet.Sub : Telnet.Data;
        }
        return;
      case Telnet.Option:
        this.telnet = Telnet.Data;
        this.refuse(this.command, byte, out);
        return;
      case Telnet.Sub:
        if (byte === IAC) this.telnet = Telnet.SubIac;
        return;
      case Telnet.SubIac:
        this.telnet = byte === SE ? Telnet.Data : Telnet.Sub;
        return;
    }
  }

  /** We support no option: WILL gets DONT, DO gets WONT (RFC 854), once per option. */
  private refuse(command: number, option: number, out: Framed[]): void {
    if (command !== WILL && command !== DO) return;
    const key = command * 256 + option;
    this.answered ??= new Set();
    if (this.answered.has(key)) return;
    this.answered.add(key);
    out.push({ type: 'reply', bytes: Buffer.from([IAC, command === WILL ? DONT : WONT, option]) });
  }

  /** One data byte that may end a line. */
  private data(byte: number, out: Framed[]): void {
    if (this.pendingCR) {
      this.pendingCR = false;
      if (byte === LF || byte === NUL) {
        this.endLine(true, out);
        return;
      }
      this.appendByte(CR, out);
    }
    if (byte === LF) this.endLine(false, out);
    else if (byte === CR) this.pendingCR = true;
    else this.appendByte(byte, out);
  }

  private endLine(crlf: boolean, out: Framed[]): void {
    if (this.overflowing) this.overflowing = false;
    else out.push(this.take(crlf));
    this.length = 0;
  }

  private take(crlf: boolean): Framed {
    return { type: 'line', text: this.line.toString('utf8', 0, this.length), crlf };
  }

  private appendByte(byte: number, out: Framed[]): void {
    if (this.overflowing) return;
    if (this.length >= this.maxLine) {
      this.overflow(out);
      return;
    }
    this.reserve(this.length + 1);
    this.line[this.length++] = byte;
  }

  private append(chunk: Uint8Array, start: number, end: number, out: Framed[]): void {
    if (this.overflowing) return;
    const room = this.maxLine - this.length;
    if (end - start > room) {
      this.overflow(out);
      return;
    }
    this.reserve(this.length + end - start);
    this.line.set(chunk.subarray(start, end), this.length);
    this.length += end - start;
  }

  private reserve(size: number): void {
    if (size <= this.line.length) return;
    let capacity = Math.max(FIRST_LINE_BYTES, this.line.length * 2);
    while (capacity < size) capacity *= 2;
    // Not from Node's shared pool: a buffer that lives as long as the
    // connection would keep a whole 8 KB pool slab alive.
    const grown = Buffer.allocUnsafeSlow(Math.min(this.maxLine, capacity));
    this.line.copy(grown, 0, 0, this.length);
    this.line = grown;
  }

  private overflow(out: Framed[]): void {
    this.overflowing = true;
    this.length = 0;
    out.push({ type: 'overlong' });
  }
}
