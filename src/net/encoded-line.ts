/** Lines and bytes handed to clients' connections, for the metrics; plain numbers, read when scraped. */
export interface SentTally {
  linesSent: number;
  bytesSent: number;
}

/** Where lines count when nobody reads the count (tests that build lines themselves). */
const uncounted: SentTally = { linesSent: 0, bytesSent: 0 };

/**
 * One outgoing line, encoded at most once per line ending however many
 * clients receive it: a broadcast to a thousand clients shares one Buffer.
 * Each recipient's connection asks for its bytes once, which is where the
 * line is counted as sent to it: two additions, no allocation.
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
    private readonly tally: SentTally = uncounted,
    readonly shared = false,
  ) {}

  /** The bytes for one recipient, counted as sent to it. */
  bytes(crlf: boolean): Buffer {
    const bytes = this.encoded(crlf);
    this.tally.linesSent++;
    this.tally.bytesSent += bytes.length;
    return bytes;
  }

  /** The bytes, not counted (a recipient that counted them once at `bytes` reads them again when it writes). */
  encoded(crlf: boolean): Buffer {
    return crlf ? (this.crlfBytes ??= Buffer.from(`${this.text}\r\n`)) : (this.lfBytes ??= Buffer.from(`${this.text}\n`));
  }
}
