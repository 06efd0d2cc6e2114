/** What the framing layer hands upward for each piece of a client's byte stream. */
export type Framed =
  /** A complete input line, decoded from UTF-8 (invalid bytes become U+FFFD). */
  | { readonly type: 'line'; readonly text: string; readonly crlf: boolean }
  /** The current line passed the byte limit; it is discarded up to its next LF. */
  | { readonly type: 'overlong' }
  /** Bytes to send back at once: telnet negotiation (the BINARY offer, acceptances, refusals). */
  | { readonly type: 'reply'; readonly bytes: Buffer }
  /**
   * Bytes to send back once every line before this point has been handled:
   * the answer to a telnet `DO TIMING-MARK` (RFC 860).
   */
  | { readonly type: 'mark'; readonly bytes: Buffer };
