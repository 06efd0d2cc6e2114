import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { RawData, WebSocket } from 'ws';

const LINE_BREAKS = /\r\n|\r|\n/;
const LF = 0x0a;
const CR = 0x0d;
/** Lines are sent as text frames whatever their type in memory. */
const TEXT = { binary: false } as const;

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

  /**
   * Gathered lines, each sent as its own message. The frames are corked
   * into one write to the socket: one system call per flush, as for TCP.
   */
  write(bytes: Uint8Array): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    socket?.cork();
    // Each line's bytes go out as they are (already UTF-8, no text to decode and encode again);
    // ws frames them without copying, and the connection keeps the bytes while they are held.
    for (let start = 0, end = buffer.indexOf(LF); end >= 0; start = end + 1, end = buffer.indexOf(LF, start)) {
      const last = end > start && buffer[end - 1] === CR ? end - 1 : end;
      this.ws.send(buffer.subarray(start, last), TEXT);
    }
    socket?.uncork();
    return true;
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
