import { connect, Socket } from 'node:net';
import { connect as connectTls, ConnectionOptions } from 'node:tls';
import { Inbox } from './inbox';

const DEFAULT_DEADLINE_MS = 3000;

/** The welcome line (§4) of the member shown as `tag`, `n` users online. */
export const welcomeLine = (tag: string, n: number): string => `--- Welcome, ${tag}! ${n} users online. Type /help for commands.`;

/**
 * A real-socket chat client for tests: collects the server's lines and lets a
 * test wait for the next one with a deadline (never a sleep).
 */
export class TestClient {
  /** Lines received and not yet read, terminators removed. */
  private readonly inbox = new Inbox(() => `; partial: ${JSON.stringify(this.partial)}`);
  /** Every line exactly as received, with its terminator. */
  readonly raw: string[] = [];
  private partial = '';
  readonly closed: Promise<void>;

  /** This client's addr as the server shows it. */
  readonly addr: string;

  private constructor(readonly socket: Socket) {
    this.addr = `${socket.localAddress}:${socket.localPort}`;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.inbox.end();
        resolve();
      }),
    );
    socket.once('end', () => {
      // Like nc: when the server closes, close our side too.
      socket.end();
      this.inbox.end();
    });
  }

  /** `localAddress` picks the source address: 127.0.0.2, 127.0.0.3 … all reach a server on 127.0.0.1. */
  static connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, allowHalfOpen: true, ...(localAddress === undefined ? {} : { localAddress }) });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new TestClient(socket));
      });
    });
  }

  /** A TLS client, once its handshake is done; `options` say whom to trust (`ca`) and from where (`localAddress`). */
  static connectTls(port: number, options: ConnectionOptions, host = '127.0.0.1'): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connectTls({ port, host, ...options });
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        resolve(new TestClient(socket));
      });
    });
  }

  /** `[addr]addr`, the initial name tag. */
  get tag(): string {
    return `[${this.addr}]${this.addr}`;
  }

  send(text: string | Buffer): void {
    this.socket.write(text);
  }

  line(text: string): void {
    this.socket.write(`${text}\n`);
  }

  /** The next line, or a rejection naming what was seen if none comes in time. */
  next(deadlineMs = DEFAULT_DEADLINE_MS): Promise<string> {
    return this.inbox.next(deadlineMs);
  }

  /** Reads lines until one matches `pattern`, each within the deadline, and returns it. */
  async nextLike(pattern: RegExp, deadlineMs = DEFAULT_DEADLINE_MS): Promise<string> {
    for (;;) {
      const line = await this.next(deadlineMs);
      if (pattern.test(line)) return line;
    }
  }

  /** The next n lines. */
  take(n: number, deadlineMs = DEFAULT_DEADLINE_MS): Promise<string[]> {
    return this.inbox.take(n, deadlineMs);
  }

  /**
   * Proves nothing else arrived: sends a command whose only effect is a
   * reply to this client, and returns every line that came before the reply.
   */
  async sync(): Promise<string[]> {
    const marker = `sync${Math.random().toString(36).slice(2)}`;
    this.line(`/${marker}`);
    const before: string[] = [];
    for (;;) {
      const got = await this.next();
      if (got.startsWith(`!!! Unknown command /${marker}`)) return before;
      before.push(got);
    }
  }

  /** Resolves when the server has closed the connection, after all lines were read. */
  async waitClosed(deadlineMs = DEFAULT_DEADLINE_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not closed within ${deadlineMs} ms`)), deadlineMs);
    });
    await Promise.race([this.closed, timeout]).finally(() => clearTimeout(timer));
  }

  /** Lines not yet read with next(). */
  get pending(): readonly string[] {
    return this.inbox.pending;
  }

  endInput(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) {
      this.raw.push(`${part}\n`);
      this.inbox.push(part.endsWith('\r') ? part.slice(0, -1) : part);
    }
  }
}
