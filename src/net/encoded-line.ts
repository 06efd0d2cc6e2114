/** Lines and bytes handed to clients' connections, for the metrics; plain numbers, read when scraped. */
export interface SentTally {
  linesSent: number;
  bytesSent: number;
}

/**
 * One outgoing line, encoded at most once per line ending however many
 * clients receive it: a broadcast to a thousand clients shares one Buffer.
 * Its recipients count it as sent once a turn, all their lines together
 * (see Connection), not here once per line per recipient.
 */
export class EncodedLine {
  private lfBytes: Buffer | undefined;
  private crlfBytes: Buffer | undefined;
  /**
   * The line's place in the flusher's journal of shared lines while it is
   * there (see Flusher.journal), -1 before; set by the first recipient.
   */
  journalAt = -1;

  /** `shared`: the line goes to several clients (a broadcast), so its recipients can hold it by its place in the journal. */
  constructor(
    readonly text: string,
    readonly shared = false,
  ) {}

  /** The bytes for a recipient whose lines end with CR LF (`crlf`) or LF. */
  encoded(crlf: boolean): Buffer {
    return crlf ? (this.crlfBytes ??= Buffer.from(`${this.text}\r\n`)) : (this.lfBytes ??= Buffer.from(`${this.text}\n`));
  }
}
