import { createHash, randomBytes } from 'node:crypto';
import { connect, Socket } from 'node:net';
import { headerBytes, putTextHeader } from '../../src/web/text-frames';
import { SHARED_READ_BUFFER } from './read-buffer';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * A minimal RFC 6455 client for the load generator: the handshake, masked
 * text frames out, and unmasked frames in handed over as byte ranges of the
 * chunk they arrived in. The bench measures the server's WebSocket gateway,
 * not a client library: a general-purpose client (ws) spends more per
 * message (an event, a UTF-8 check, a copy) than a TCP client spends per
 * line, and on the cores it shares with the server that cost would be
 * counted against the gateway. The server is a real `ws` server; this
 * client refuses anything it does not expect (a failed handshake, a
 * fragmented or masked frame) by throwing.
 */
export class BenchWebSocket {
  private readonly socket: Socket;
  private readonly key = randomBytes(16).toString('base64');
  private open = false;
  private readonly early: string[] = [];
  private rest: Buffer | undefined;

  constructor(
    port: number,
    /** Called with each message's bytes, buf[start, end). */
    private readonly onMessage: (buf: Buffer, start: number, end: number) => void,
  ) {
    this.socket = connect({
      port,
      host: '127.0.0.1',
      onread: { buffer: SHARED_READ_BUFFER, callback: (bytes: number, buf: Uint8Array) => this.onData(buf as Buffer, bytes) },
    });
    this.socket.setNoDelay(true);
    this.socket.on('error', () => undefined);
    this.socket.on('connect', () =>
      this.socket.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
  }

  send(text: string): void {
    if (!this.open) {
      this.early.push(text);
      return;
    }
    this.socket.write(BenchWebSocket.maskedTextFrame(Buffer.from(text, 'utf8')));
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** A client's text frame: FIN, opcode 1, the payload masked with a fresh key (RFC 6455 §5.3). */
  static maskedTextFrame(payload: Buffer): Buffer {
    const length = payload.length;
    const frame = Buffer.allocUnsafe(headerBytes(length) + 4 + length);
    const maskAt = putTextHeader(frame, 0, length);
    frame[1]! |= 0x80;
    randomBytes(4).copy(frame, maskAt);
    for (let i = 0; i < length; i++) frame[maskAt + 4 + i] = payload[i]! ^ frame[maskAt + (i & 3)]!;
    return frame;
  }

  /** The first `length` bytes of `chunk` (the shared read buffer, reused after this returns). */
  private onData(chunk: Buffer, length: number): boolean {
    const read = chunk.subarray(0, length);
    let buf = this.rest === undefined ? read : Buffer.concat([this.rest, read]);
    this.rest = undefined;
    if (!this.open) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) {
        this.rest = Buffer.from(buf);
        return true;
      }
      const head = buf.toString('latin1', 0, end);
      const accept = createHash('sha1').update(this.key + GUID).digest('base64');
      if (!head.startsWith('HTTP/1.1 101') || !head.toLowerCase().includes(`sec-websocket-accept: ${accept.toLowerCase()}`)) {
        throw new Error(`bench: WebSocket handshake refused: ${head.split('\r\n')[0]}`);
      }
      this.open = true;
      this.early.splice(0).forEach((text) => this.send(text));
      buf = buf.subarray(end + HEADER_END.length);
    }
    let at = 0;
    while (buf.length - at >= 2) {
      const first = buf[at]!;
      const second = buf[at + 1]!;
      if ((first & 0x80) === 0 || (second & 0x80) !== 0) throw new Error('bench: unexpected fragmented or masked frame');
      let length = second;
      let header = 2;
      if (length === 126) {
        if (buf.length - at < 4) break;
        length = buf.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (buf.length - at < 10) break;
        length = buf.readUInt32BE(at + 6);
        header = 10;
      }
      if (buf.length - at < header + length) break;
      // Text messages only; a close or ping is not part of a bench round.
      if ((first & 0x0f) === 1) this.onMessage(buf, at + header, at + header + length);
      at += header + length;
    }
    if (at < buf.length) this.rest = Buffer.from(buf.subarray(at));
    return true;
  }
}
