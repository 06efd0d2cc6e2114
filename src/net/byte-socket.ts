/**
 * What a Connection needs of its transport: a byte stream it can pause,
 * read, write and close. A net.Socket and a tls.TLSSocket are one; a browser's
 * WebSocket (src/web/ws-socket.ts), an SSH shell channel
 * (src/ssh/channel-socket.ts) and a registered IRC client
 * (src/irc/irc-socket.ts) are adapted into one. The rest of the
 * connection's life is the same for all of them.
 */
export interface ByteSocket {
  readonly remoteAddress?: string | undefined;
  /** Bytes written and not yet taken by the kernel. */
  readonly writableLength: number;
  readonly destroyed: boolean;
  setNoDelay(noDelay?: boolean): unknown;
  pause(): unknown;
  resume(): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error' | 'close' | 'end', listener: () => void): unknown;
  write(bytes: Uint8Array | string): unknown;
  /**
   * For a transport that frames each line itself (a WebSocket) or rewrites
   * it (an IRC client, src/irc/irc-socket.ts): a flush's lines, one Buffer
   * a line ended by LF or CR LF, handed over as they are, so they are
   * copied once, into its frames, rather than first gathered into one
   * buffer and then split again. Without it, a flush is one `write`.
   */
  writeLines?(lines: readonly Buffer[]): unknown;
  end(bytes?: Uint8Array | string): unknown;
  destroy(): unknown;
}
