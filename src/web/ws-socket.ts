import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { RawData, WebSocket } from 'ws';
import { splitLines, textFrames } from './text-frames';

const LINE_BREAKS = /\r\n|\r|\n/;
const SCRATCH_BYTES = 64 * 1024;

/**
 * Where every WebSocket's frames are built, flush after flush (flushes run
 * one after another): while the kernel takes each write whole, Node keeps
 * no reference to it and the next flush builds its frames in the same
 * memory, as Gatherer does for TCP. A write Node must hold keeps this
 * buffer, and the next flush gets a new one. Never from Node's shared pool,
 * whose slabs hold other buffers too.
 */
let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);

/**
 * A WebSocket seen as the byte stream a Connection reads and writes, so a
 * browser is a member like any other: the same framing, limits, pacing,
 * idle kick and backlog rule. Each text message in becomes its lines, each
 * ended by LF (line breaks inside a message split it; CR never reaches the
 * framing, so a browser is never taken for telnet); each line out becomes
 * one text message, without its terminator.
 */
export class WebSocketStream extends EventEmitter {
  constructor(
    private readonly ws: WebSocket,
    /** The upgraded TCP socket under `ws`, which the lines are written to as frames. */
    private readonly socket: Socket,
    /** The browser's IP, as a socket would tell it. */
    readonly remoteAddress: string,
  ) {
    super();
    ws.on('message', (data) => this.emit('data', WebSocketStream.toLines(data)));
    ws.on('error', (err) => this.emit('error', err));
    ws.on('close', () => {
      this.emit('end');
      this.emit('close');
    });
  }

  /** A message as framed input: its text with every line break made LF, and one LF at the end. */
  static toLines(data: RawData): Buffer {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    // A binary message is read as text too: invalid UTF-8 becomes U+FFFD, so no 0xFF reaches the telnet filter.
    const text = bytes.toString('utf8');
    const lines = text.split(LINE_BREAKS);
    if (lines.length > 1 && lines.at(-1) === '') lines.pop();
    return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  }

  get writableLength(): number {
    return this.ws.bufferedAmount;
  }

  get destroyed(): boolean {
    return this.ws.readyState === WebSocket.CLOSED;
  }

  setNoDelay(): void {
    // ws sets TCP_NODELAY on its own socket.
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** Lines in one buffer (a refusal's reason), each sent as its own text message. */
  write(bytes: Uint8Array): boolean {
    return this.writeLines(splitLines(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
  }

  /**
   * A flush's lines (one Buffer a line), each sent as its own text message: framed here into
   * one buffer and written to the socket in one call, as for TCP. Written
   * beside ws's own sender, which frames only control frames here (no
   * compression is negotiated, so it never holds data back), and every
   * write is whole frames, so the two never interleave inside one. ws
   * counts these bytes in bufferedAmount (the socket's queue), so the
   * backlog rule still sees them.
   */
  writeLines(lines: readonly Buffer[]): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    const frames = textFrames(lines, scratch);
    const taken = this.socket.write(frames);
    if (frames.buffer === scratch.buffer && this.socket.writableLength > 0) scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
    return taken;
  }

  /** Closes after the lines given (a refusal's reason) and everything before them are sent. */
  end(bytes?: Uint8Array | string): void {
    if (bytes !== undefined) this.write(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    this.ws.close(1000);
  }

  destroy(): void {
    this.ws.terminate();
  }
}
