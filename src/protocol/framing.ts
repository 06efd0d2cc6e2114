import { Framed } from './framing-types';

const NUL = 0x00;
const BS = 0x08;
const LF = 0x0a;
const CR = 0x0d;
const DEL = 0x7f;
const IAC = 0xff;
const SB = 0xfa;
const SE = 0xf0;
const EC = 0xf7;
const EL = 0xf8;
const WILL = 0xfb;
const WONT = 0xfc;
const DO = 0xfd;
const DONT = 0xfe;
/** Telnet options: 8-bit data (RFC 856) and the timing mark (RFC 860). */
const BINARY = 0x00;
const TIMING_MARK = 0x06;

/** Bytes that end the fast path's run of plain line bytes. */
const SPECIAL = new Uint8Array(256);
for (const b of [NUL, BS, LF, CR, DEL, IAC]) SPECIAL[b] = 1;

/** Where the telnet filter stands between two bytes. */
const enum Telnet {
  Data,
  Iac,
  Option,
  Sub,
  SubIac,
}

/**
 * One side of the BINARY option, as in RFC 1143's Q method (without the
 * states for turning it off: the server never asks to).
 */
const enum Q {
  No,
  WantYes,
  Yes,
}

/** Sent once to a client that has shown it speaks telnet: I will send 8-bit data, please do too. */
const OFFER_BINARY: Framed = { type: 'reply', bytes: Buffer.from([IAC, WILL, BINARY, IAC, DO, BINARY]) };
const WILL_BINARY: Framed = { type: 'reply', bytes: Buffer.from([IAC, WILL, BINARY]) };
const WONT_BINARY: Framed = { type: 'reply', bytes: Buffer.from([IAC, WONT, BINARY]) };
const DO_BINARY: Framed = { type: 'reply', bytes: Buffer.from([IAC, DO, BINARY]) };
const DONT_BINARY: Framed = { type: 'reply', bytes: Buffer.from([IAC, DONT, BINARY]) };
const WILL_TIMING_MARK: Framed = { type: 'mark', bytes: Buffer.from([IAC, WILL, TIMING_MARK]) };

/** Where a line buffer starts once a client sends its first byte. */
const FIRST_LINE_BYTES = 128;
const NOTHING = Buffer.alloc(0);

/** How many bytes a UTF-8 sequence that starts with `lead` takes; 0 if `lead` cannot start one. */
const sequenceLength = (lead: number): number =>
  lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
const isContinuation = (b: number): boolean => (b & 0xc0) === 0x80;
/** Whether `second` may follow `lead` in UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
const validSecond = (lead: number, second: number): boolean =>
  lead === 0xe0 ? second >= 0xa0 : lead === 0xed ? second <= 0x9f : lead === 0xf0 ? second >= 0x90 : lead === 0xf4 ? second <= 0x8f : true;

/**
 * How many bytes at the end of `bytes[0, length)` make its last character as
 * the UTF-8 decoder sees it: a whole character, a started one (shown as one
 * U+FFFD), or else one stray byte (also one U+FFFD).
 */
export const lastCharacterBytes = (bytes: Uint8Array, length: number): number => {
  let continuations = 0;
  while (continuations < 3 && continuations < length - 1 && isContinuation(bytes[length - 1 - continuations]!)) continuations++;
  const at = length - 1 - continuations;
  const lead = bytes[at]!;
  const one = continuations < sequenceLength(lead) && (continuations === 0 || validSecond(lead, bytes[at + 1]!));
  return one ? continuations + 1 : 1;
};

/**
 * Bytes to lines, for one client. Removes telnet IAC sequences and answers
 * the client's telnet negotiation, ends lines at LF, CR LF or CR NUL, applies
 * backspace and DEL, decodes each whole line as UTF-8 (so a character split
 * across reads survives), and never holds more than one maximum line: a
 * longer line is reported once and discarded up to its terminator.
 *
 * Telnet negotiation stays bounded by what the client sends: at most one
 * reply per option command received, plus one BINARY offer per connection,
 * and nothing to a client that has sent no IAC and no CR LF or CR NUL.
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
  private state = Telnet.Data;
  private command = 0;
  private shownTelnet = false;
  /** BINARY from us to the client, and from the client to us. */
  private us = Q.No;
  private him = Q.No;

  constructor(private readonly maxLine: number) {}

  get buffered(): number {
    return this.length + (this.pendingCR ? 1 : 0);
  }

  /** Whether the client has shown it speaks telnet: sent an IAC, or ended a line with CR LF or CR NUL. */
  get telnet(): boolean {
    return this.shownTelnet;
  }

  push(chunk: Uint8Array): Framed[] {
    const out: Framed[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.state !== Telnet.Data || byte === IAC) {
        this.telnetByte(byte, out);
      } else if (SPECIAL[byte] === 0 && !this.pendingCR) {
        // Fast path: copy the run of plain bytes up to the next special one.
        let end = i + 1;
        while (end < chunk.length && SPECIAL[chunk[end]!] === 0) end++;
        this.append(chunk, i, end, out);
        i = end - 1;
      } else {
        this.data(byte, out);
      }
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
    this.state = Telnet.Data;
    return out;
  }

  /** The client spoke telnet: from now on it is one, and it is offered 8-bit data, once. */
  private showTelnet(out: Framed[]): void {
    if (this.shownTelnet) return;
    this.shownTelnet = true;
    this.us = Q.WantYes;
    this.him = Q.WantYes;
    out.push(OFFER_BINARY);
  }

  private telnetByte(byte: number, out: Framed[]): void {
    switch (this.state) {
      case Telnet.Data:
        this.showTelnet(out);
        this.state = Telnet.Iac;
        return;
      case Telnet.Iac:
        this.state = Telnet.Data;
        if (byte === IAC) this.data(IAC, out);
        else if (byte === WILL || byte === WONT || byte === DO || byte === DONT) {
          this.command = byte;
          this.state = Telnet.Option;
        } else if (byte === SB) this.state = Telnet.Sub;
        else if (byte === EC) this.eraseCharacter();
        else if (byte === EL) this.eraseLine();
        return;
      case Telnet.Option:
        this.state = Telnet.Data;
        this.negotiate(this.command, byte, out);
        return;
      case Telnet.Sub:
        if (byte === IAC) this.state = Telnet.SubIac;
        return;
      case Telnet.SubIac:
        this.state = byte === SE ? Telnet.Data : Telnet.Sub;
        return;
    }
  }

  /**
   * One option command from the client. BINARY follows RFC 1143, so an
   * acknowledgement is never answered and nothing loops; a `DO TIMING-MARK`
   * is answered in order with the lines (RFC 860); every other option is
   * refused (`WILL` gets `DONT`, `DO` gets `WONT`) and stays off, so a
   * `WONT` or `DONT` needs no answer.
   */
  private negotiate(command: number, option: number, out: Framed[]): void {
    if (option === BINARY) {
      const reply = command === DO || command === DONT ? this.binaryUs(command === DO) : this.binaryHim(command === WILL);
      if (reply !== undefined) out.push(reply);
    } else if (option === TIMING_MARK && command === DO) {
      out.push(WILL_TIMING_MARK);
    } else if (command === WILL || command === DO) {
      out.push({ type: 'reply', bytes: Buffer.from([IAC, command === WILL ? DONT : WONT, option]) });
    }
  }

  /** The client asks us to send 8-bit data (`DO`) or not (`DONT`). */
  private binaryUs(enable: boolean): Framed | undefined {
    const was = this.us;
    this.us = enable ? Q.Yes : Q.No;
    if (enable) return was === Q.No ? WILL_BINARY : undefined;
    return was === Q.Yes ? WONT_BINARY : undefined;
  }

  /** The client offers to send 8-bit data (`WILL`) or stops (`WONT`). */
  private binaryHim(enable: boolean): Framed | undefined {
    const was = this.him;
    this.him = enable ? Q.Yes : Q.No;
    if (enable) return was === Q.No ? DO_BINARY : undefined;
    return was === Q.Yes ? DONT_BINARY : undefined;
  }

  /** One data byte that may end a line or erase. */
  private data(byte: number, out: Framed[]): void {
    if (this.pendingCR) {
      this.pendingCR = false;
      if (byte === LF || byte === NUL) {
        this.showTelnet(out);
        this.endLine(true, out);
        return;
      }
      this.appendByte(CR, out);
    }
    if (byte === LF) this.endLine(false, out);
    else if (byte === CR) this.pendingCR = true;
    else if (byte === BS || byte === DEL) this.erase();
    else this.appendByte(byte, out);
  }

  /** Telnet's Erase Character: like a backspace, and a CR waiting for its LF counts as a character. */
  private eraseCharacter(): void {
    if (this.pendingCR) this.pendingCR = false;
    else this.erase();
  }

  /** Telnet's Erase Line: everything typed on this line so far. */
  private eraseLine(): void {
    this.pendingCR = false;
    if (!this.overflowing) this.length = 0;
  }

  /**
   * Backspace: removes the last character's bytes, however many UTF-8 took.
   * A byte that is no part of a whole or started character shows as one
   * U+FFFD, so it goes alone. Nothing happens at the line's start, and a line
   * already too long is being discarded anyway.
   */
  private erase(): void {
    if (this.overflowing || this.length === 0) return;
    this.length -= lastCharacterBytes(this.line, this.length);
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
