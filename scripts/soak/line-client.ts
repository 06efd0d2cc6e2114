import { connect, Socket } from 'node:net';

/** A minimal raw client for load scripts: lines in, lines out, nothing kept. */
export class LineClient {
  readonly socket: Socket;
  private partial = '';
  addr = '';

  constructor(port: number, onLine: (line: string) => void, onClose: () => void) {
    this.socket = connect({ port, host: '127.0.0.1' });
    this.socket.setEncoding('utf8');
    this.socket.on('connect', () => {
      this.addr = `${this.socket.localAddress}:${this.socket.localPort}`;
    });
    this.socket.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      for (const part of parts) onLine(part);
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', onClose);
  }

  send(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }
}
