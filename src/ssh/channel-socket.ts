import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import type { ServerChannel } from 'ssh2';
import { ByteSocket } from '../net/byte-socket';
import { LineEditor } from './line-editor';

/** What the client's PTY request said, if it made one. */
export interface Pty {
  readonly columns: number;
}

/**
 * An SSH session's shell channel seen as the byte stream a Connection reads
 * and writes, so an SSH client is a member like any other: the same
 * framing, limits, pacing, idle kick and backlog rule.
 *
 * Without a PTY (`ssh -T`, a pipe) the channel's bytes are the client's
 * bytes both ways, exactly as over nc, and the channel's EOF is a
 * half-close. With a PTY the client's terminal is raw, so the server edits
 * the line (LineEditor) and each finished line becomes input; output lines
 * are printed above the prompt, CR LF.
 *
 * Output held in this process is what the channel holds (beyond the
 * client's SSH window, which an unread client stops granting) plus what the
 * TCP socket holds (encrypted, not yet taken by the kernel): the backlog
 * rule sees both.
 */
export class SshChannelSocket extends EventEmitter implements ByteSocket {
  readonly remoteAddress: string | undefined;
  private readonly editor: LineEditor | undefined;
  private ended = false;

  constructor(
    private readonly channel: ServerChannel,
    /** The TCP connection the SSH session runs over. */
    private readonly tcp: Socket,
    pty: Pty | undefined,
    maxLine: number,
  ) {
    super();
    this.remoteAddress = tcp.remoteAddress;
    channel.on('error', () => undefined);
    const ended = (): void => {
      if (this.ended) return;
      this.ended = true;
      this.emit('end');
    };
    if (pty === undefined) {
      channel.on('data', (chunk: Buffer) => this.emit('data', chunk));
      channel.on('end', ended);
    } else {
      this.editor = new LineEditor(channel, pty.columns, maxLine, {
        line: (text, terminated) => this.emit('data', Buffer.from(terminated ? `${text}\n` : text, 'utf8')),
        end: ended,
      });
    }
    // The client closed the channel without an EOF first: its input ended all the same.
    channel.on('close', ended);
    tcp.on('close', () => this.emit('close'));
  }

  get writableLength(): number {
    return this.channel.writableLength + this.tcp.writableLength;
  }

  get destroyed(): boolean {
    return this.tcp.destroyed;
  }

  /** The client's terminal changed width (window-change). */
  resize(columns: number): void {
    this.editor?.resize(columns);
  }

  setNoDelay(): void {
    this.tcp.setNoDelay(true);
  }

  pause(): void {
    this.channel.pause();
  }

  resume(): void {
    this.channel.resume();
  }

  write(bytes: Uint8Array | string): boolean {
    if (this.editor === undefined) return this.channel.write(bytes);
    this.editor.print(typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    return true;
  }

  /** After the bytes given and everything before them: exit status 0 (what `ssh` exits with), EOF, close. */
  end(bytes?: Uint8Array | string): void {
    if (bytes !== undefined) this.write(bytes);
    this.editor?.close();
    // readline pauses its input as it closes: keep reading (and discarding), so the client's own EOF and close come through.
    this.channel.resume();
    if (this.channel.writable) {
      this.channel.exit(0);
      this.channel.end();
    }
  }

  destroy(): void {
    this.tcp.destroy();
  }
}
