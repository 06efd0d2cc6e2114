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

  constructor(
    readonly text: string,
    private readonly tally: SentTally = uncounted,
  ) {}

  bytes(crlf: boolean): Buffer {
    const bytes = crlf ? (this.crlfBytes ??= Buffer.from(`${this.text}\r\n`)) : (this.lfBytes ??= Buffer.from(`${this.text}\n`));
    this.tally.linesSent++;
    this.tally.bytesSent += bytes.length;
    return bytes;
  }
}
