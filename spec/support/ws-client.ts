import { WebSocket } from 'ws';
import { Inbox } from './inbox';

/**
 * A raw WebSocket chat client for tests, like TestClient for TCP: each
 * message is one line; `next` waits for the next one with a deadline.
 */
export class WsTestClient {
  private readonly inbox = new Inbox(() => (this.closeCode === undefined ? '' : ` (${this.closeCode})`));
  closeCode: number | undefined;
  /** This client's addr as the server shows it. */
  readonly addr: string;

  private constructor(readonly ws: WebSocket) {
    const socket = (ws as unknown as { _socket: { localAddress: string; localPort: number } })._socket;
    this.addr = `${socket.localAddress}:${socket.localPort}`;
    ws.on('message', (data) => this.inbox.push(String(data)));
    ws.on('close', (code) => {
      this.closeCode = code;
      this.inbox.end();
    });
    ws.on('error', () => undefined);
  }

  /** Opens `/ws`; rejects with the HTTP status if the upgrade is refused. */
  static open(port: number, options: { origin?: string; localAddress?: string } = {}): Promise<WsTestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { ...options, perMessageDeflate: false });
      ws.once('open', () => resolve(new WsTestClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  get tag(): string {
    return `[${this.addr}]${this.addr}`;
  }

  send(text: string): void {
    this.ws.send(text);
  }

  next(deadlineMs = 3000): Promise<string> {
    return this.inbox.next(deadlineMs);
  }

  take(n: number, deadlineMs = 3000): Promise<string[]> {
    return this.inbox.take(n, deadlineMs);
  }

  /** Resolves with the close code once the server has closed the socket. */
  async closed(deadlineMs = 3000): Promise<number> {
    const until = Date.now() + deadlineMs;
    while (this.closeCode === undefined) {
      if (Date.now() > until) throw new Error(`not closed within ${deadlineMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.closeCode;
  }

  /** Stops reading: the server's frames pile up in its own memory. */
  stopReading(): void {
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resumeReading(): void {
    (this.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  }

  close(): void {
    this.ws.terminate();
  }
}
