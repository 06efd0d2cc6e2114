import { Client, ClientChannel } from 'ssh2';

/**
 * A load-generator client on ssh2's own client, as the server's SSH listener
 * is met by `ssh -T`: a password login (the listener takes any), an empty
 * user name (so the member keeps its addr as its name, and its lines are
 * as long as a TCP member's), one shell channel without a PTY (plain lines,
 * LF, no prompt), the ciphers ssh2 prefers. Unlike the TCP and WebSocket
 * clients it cannot read into the shared buffer: ssh2 decrypts each packet
 * into a fresh one. That cost lands on the load generator, which shares the
 * cores with the server; the bench reports each one's CPU apart.
 */
export class BenchSsh {
  private readonly client = new Client();
  private channel: ClientChannel | undefined;
  private closing = false;

  constructor(
    port: number,
    /** Called with each chunk of the shell's output: buf[0, length). */
    onData: (buf: Buffer, length: number) => void,
  ) {
    this.client.on('error', (err: Error) => {
      if (!this.closing) throw new Error(`bench: SSH client failed: ${err.message}`);
    });
    this.client.on('ready', () =>
      this.client.shell(false, (err, channel) => {
        if (err) throw new Error(`bench: SSH shell refused: ${err.message}`);
        channel.on('data', (chunk: Buffer) => onData(chunk, chunk.length));
        this.channel = channel;
      }),
    );
    this.client.connect({ host: '127.0.0.1', port, username: '', password: 'bench', readyTimeout: 60_000 });
  }

  /** A line to the room; only called once the shell has shown its welcome. */
  write(line: string): void {
    this.channel!.write(`${line}\n`);
  }

  destroy(): void {
    this.closing = true;
    this.client.destroy();
  }
}
