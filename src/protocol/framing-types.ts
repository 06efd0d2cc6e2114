/** What the framing layer hands upward for each piece of a client's byte stream. */
export type Framed =
  /** A complete input line, decoded from UTF-8 (invalid bytes become U+FFFD). */
  | { readonly type: 'line'; readonly text: string; readonly crlf: boolean }
  /** The current line passed the byte limit; it is discarded up to its next LF. */
  | { readonly type: 'overlong' }
  /** Bytes to send back verbatim: a telnet refusal (DONT/WONT). */
  | { readonly type: 'reply'; readonly bytes: Buffer };
