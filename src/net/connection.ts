import { Observable, Subscriber } from 'rxjs';
import { ByteSocket } from './byte-socket';
import { LineDecoder } from '../protocol/framing';
import { ClientId } from '../room/events';
import { Input } from '../room/client-events';
import { Flushable, Flusher } from './flusher';
import { EncodedLine } from './encoded-line';
import { Gatherer } from './gather';
import { Outbox } from './outbox';
import { fullBucket, take, TokenBucket } from './token-bucket';

/**
 * A framed input waiting for a token, or telnet bytes to send once the lines
 * before them are handled (no token). `crlf` is undefined for a final
 * unterminated line.
 */
type Queued =
  | { readonly type: 'line'; readonly text: string; readonly crlf: boolean | undefined }
  | { readonly type: 'overlong' }
  | { readonly type: 'mark'; readonly bytes: Buffer };

export interface ConnectionLimits {
  readonly maxLine: number;
  readonly rate: number;
  readonly burst: number;
  readonly maxBacklog: number;
}

/**
 * How much output one turn may make for one client before the room's input
 * waits for the flush: about one socket read of input, fanned out. Far less
 * than the kernel's own buffers, so a client that reads keeps up with
 * bursts (see docs/ARCHITECTURE.md, "The backlog rule").
 */
export const OFFER_BYTES = 64 * 1024;

/** How long a closing connection may take to flush before it is cut. */
export const CLOSE_GRACE_MS = 2000;

/** A reset or write error always ends in 'close', handled there. One function for every socket. */
const ignoreError = (): void => undefined;

/**
 * One client as an actor: its socket becomes `input$` (framed, paced lines)
 * and `outbox` (a Subject of lines to send), and only this object touches the
 * socket. Output is batched per event-loop turn by the shared Flusher.
 */
export class Connection implements Flushable {
  readonly outbox = new Outbox((line) => this.enqueueLine(line));
  /**
   * Framed, paced lines; a `slowed` before the first line of a run that has
   * to wait for the token bucket; one `tooSlow` if the output backlog passes the limit.
   */
  readonly input$: Observable<Input>;

  private readonly decoder: LineDecoder;
  /** Output a turn may make for this client before input waits for the flush. */
  private readonly offerBytes: number;
  private readonly queue: Queued[] = [];
  private bucket: TokenBucket;
  private sink: Subscriber<Input> | undefined;
  private paceTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private inputEnded = false;
  /** Set once the room has been told the last of this client's input. */
  private inputDone = false;
  /**
   * Whether the last line this client sent ended with CRLF: replies mirror
   * it. A client that has shown it is telnet gets CRLF whatever its lines end with.
   */
  private crlf = false;
  /** Output for the next flush, in order: these lines, then the shared lines of the run below. */
  private pending: Buffer[] = [];
  /**
   * A run of shared lines in a row, held as their places in the flusher's
   * journal [runStart, runEnd) and all encoded with `runCrlf`: in a join
   * storm, each member holds every notice of the storm this way, as two
   * numbers (see Flusher.journal).
   */
  private runStart = 0;
  private runEnd = 0;
  private runCrlf = false;
  private pendingBytes = 0;
  /** Set by the flusher while this connection waits for its flush. */
  flushMarked = false;
  /** Set while this connection's input waits for the flush that congestion asked for. */
  private awaitingFlush = false;
  /** False once nothing more can be written: ended, destroyed or closed. */
  private writable = true;
  private closing = false;
  /** Set once the client was found too slow: nothing more is queued for it. */
  private slow = false;
  /** The backlog passed the limit before the room subscribed to the input: tell it then. */
  private tooSlowUntold = false;

  constructor(
    readonly id: ClientId,
    readonly addr: string,
    private readonly socket: ByteSocket,
    private readonly limits: ConnectionLimits,
    private readonly flusher: Flusher,
    /** Told once the socket is fully closed. */
    private readonly onClosed: (connection: Connection) => void,
  ) {
    this.decoder = new LineDecoder(limits.maxLine);
    this.offerBytes = Math.min(OFFER_BYTES, limits.maxBacklog);
    this.bucket = fullBucket(limits.burst, Date.now());
    socket.setNoDelay(true);
    socket.pause();
    // Plain listeners, not `once`: each `once` costs a wrapper per socket,
    // and 'close' and 'end' come once anyway (endInput is idempotent).
    socket.on('error', ignoreError);
    socket.on('close', () => this.onClose());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.endInput());
    this.input$ = new Observable<Input>((subscriber) => {
      this.sink = subscriber;
      if (this.tooSlowUntold) {
        // The welcome alone passed the limit, before the room was listening.
        this.tooSlowUntold = false;
        subscriber.next({ type: 'tooSlow' });
      }
      if (!this.closing) socket.resume();
      this.drain();
      return () => {
        this.sink = undefined;
        clearTimeout(this.paceTimer);
        if (!socket.destroyed && !this.closing) socket.pause();
      };
    });
  }

  close(mode: 'flush' | 'drop'): void {
    if (mode === 'drop') {
      this.writable = false;
      this.stopInput();
      this.socket.destroy();
      return;
    }
    if (this.closing) return;
    this.closing = true;
    this.stopInput();
    // Keep reading and discarding so unread input cannot turn our FIN into
    // a reset that would destroy the goodbye line in flight.
    this.socket.resume();
    this.graceTimer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    this.flusher.mark(this);
  }

  /**
   * Judges the client, then writes what is pending. The judgement comes
   * first: `writableLength` is then what the kernel would not take when
   * Node last offered it (the poll phase before this flush), which is the
   * only output that says anything about the client. What this turn made
   * has not been offered yet, so it never counts (see
   * docs/ARCHITECTURE.md, "The backlog rule").
   */
  flush(gatherer: Gatherer): void {
    if (!this.writable) {
      this.dropPending();
      return;
    }
    if (this.socket.writableLength > this.limits.maxBacklog) {
      this.tooSlow();
      return;
    }
    const lines = this.pending.length + this.runEnd - this.runStart;
    if (lines > 0 && this.socket.writeLines !== undefined) {
      this.endRun();
      const parts = this.pending;
      this.dropPending();
      this.socket.writeLines(parts);
    } else if (lines > 0) {
      const gathered = lines > 1;
      let bytes: Buffer;
      if (gathered) {
        gatherer.begin(this.pendingBytes);
        for (const part of this.pending) gatherer.put(part);
        for (let at = this.runStart; at < this.runEnd; at++) gatherer.put(this.flusher.journalled(at).encoded(this.runCrlf));
        bytes = gatherer.end();
      } else {
        bytes = this.pending[0] ?? this.flusher.journalled(this.runStart).encoded(this.runCrlf);
      }
      this.dropPending();
      this.socket.write(bytes);
      // Nothing held means the kernel took it all at once and Node keeps no reference.
      if (gathered && this.socket.writableLength === 0) gatherer.giveBack(bytes);
    }
    if (this.closing) {
      this.writable = false;
      this.socket.end();
    } else if (this.socket.writableLength > this.limits.maxBacklog) {
      // Judged again next turn, once the kernel has had the chance to take it.
      this.flusher.mark(this);
    }
  }

  /** A line from the room: a shared one joins the run when it comes right after it. */
  private enqueueLine(line: EncodedLine): void {
    if (this.slow || !this.writable) return;
    const crlf = this.crlf || this.decoder.telnet;
    const bytes = line.encoded(crlf);
    if (!line.shared) {
      this.enqueue(bytes);
      return;
    }
    const at = this.flusher.journal(line);
    if (at !== this.runEnd || crlf !== this.runCrlf || this.runEnd === this.runStart) {
      this.endRun();
      this.runStart = at;
      this.runCrlf = crlf;
    }
    this.runEnd = at + 1;
    this.added(bytes.length);
  }

  private enqueue(bytes: Buffer): void {
    if (this.slow || !this.writable) return;
    this.endRun();
    this.pending.push(bytes);
    this.added(bytes.length);
  }

  /** The run's lines join `pending` as lines of their own (something else comes after them). */
  private endRun(): void {
    for (let at = this.runStart; at < this.runEnd; at++) this.pending.push(this.flusher.journalled(at).encoded(this.runCrlf));
    this.runStart = this.runEnd;
  }

  private added(byteCount: number): void {
    this.pendingBytes += byteCount;
    // Only the first line since the last flush needs to ask for one.
    if (!this.flushMarked) this.flusher.mark(this);
    // This turn has made enough for one write: input waits until it is offered to the kernel.
    if (this.pendingBytes > this.offerBytes) this.flusher.congest();
  }

  /** The client does not read: the room is told once, and nothing more is kept for it. */
  private tooSlow(): void {
    this.slow = true;
    this.dropPending();
    if (this.inputDone) this.socket.destroy();
    else if (this.sink !== undefined) this.sink.next({ type: 'tooSlow' });
    else this.tooSlowUntold = true;
  }

  /** Done with what was pending, written or not: it counts as handed to this client, once a turn for all its lines. */
  private dropPending(): void {
    const sent = this.flusher.sent;
    if (sent !== undefined && this.pendingBytes > 0) {
      sent.linesSent += this.pending.length + this.runEnd - this.runStart;
      sent.bytesSent += this.pendingBytes;
    }
    if (this.pending.length > 0) this.pending = [];
    this.runStart = this.runEnd;
    this.pendingBytes = 0;
  }

  private onData(chunk: Buffer): void {
    if (this.closing || this.inputEnded) return;
    for (const framed of this.decoder.push(chunk)) {
      if (framed.type === 'reply') this.enqueue(framed.bytes);
      else this.queue.push(framed);
    }
    this.drain();
  }

  private endInput(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    if (!this.closing) {
      for (const framed of this.decoder.end()) {
        if (framed.type === 'line') this.queue.push({ type: 'line', text: framed.text, crlf: undefined });
      }
    }
    this.drain();
  }

  /**
   * Hands queued lines to the room as the token bucket allows. While lines
   * wait, the socket is paused, so a flooder is slowed, loses nothing, and
   * holds at most one socket read of input here.
   */
  private drain(): void {
    const sink = this.sink;
    if (sink === undefined) return;
    while (this.queue.length > 0 && this.sink === sink) {
      if (this.flusher.congested) {
        this.waitForFlush();
        return;
      }
      const head = this.queue[0]!;
      if (head.type === 'mark') {
        // Every line before it has been through the room, whose replies are already queued.
        this.queue.shift();
        this.enqueue(head.bytes);
        continue;
      }
      const taken = take(this.bucket, Date.now(), this.limits.rate, this.limits.burst);
      this.bucket = taken.bucket;
      if (!taken.ok) {
        this.socket.pause();
        if (taken.notify) {
          sink.next({ type: 'slowed' });
          if (this.sink !== sink) return;
        }
        if (this.paceTimer === undefined) {
          this.paceTimer = setTimeout(() => {
            this.paceTimer = undefined;
            this.drain();
          }, taken.waitMs);
        }
        return;
      }
      this.queue.shift();
      if (head.type === 'line') {
        this.crlf = head.crlf ?? this.crlf;
        sink.next({ type: 'line', text: head.text });
      } else {
        sink.next({ type: 'overlong' });
      }
    }
    if (this.sink !== sink) return;
    if (this.inputEnded) this.finishInput();
    else if (!this.closing) this.socket.resume();
  }

  /**
   * The room's output this turn is as much as one write should carry: this
   * client's lines wait (its socket paused) until it is written and the
   * kernel has had a turn to take it, so a burst of input never makes more
   * output than can be offered.
   */
  private waitForFlush(): void {
    this.socket.pause();
    if (this.awaitingFlush) return;
    this.awaitingFlush = true;
    this.flusher.afterFlush(this.resumeAfterFlush);
  }

  private readonly resumeAfterFlush = (): void => {
    this.awaitingFlush = false;
    this.drain();
  };

  private stopInput(): void {
    this.queue.length = 0;
    clearTimeout(this.paceTimer);
    this.finishInput();
  }

  /**
   * The room hears no more from this client. A backlog overflow after this
   * point needs no room event: the client is already leaving, so it is cut.
   */
  private finishInput(): void {
    this.inputDone = true;
    this.sink?.complete();
  }

  private onClose(): void {
    this.writable = false;
    clearTimeout(this.graceTimer);
    this.closing = true;
    this.inputEnded = true;
    this.dropPending();
    this.drain();
    this.outbox.complete();
    this.onClosed(this);
  }
}
