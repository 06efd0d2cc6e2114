/**
 * One outgoing line, encoded at most once per line ending however many
 * clients receive it: a broadcast to a thousand clients shares one Buffer.
 */
export class EncodedLine {
  private lfBytes: Buffer | undefined;
  private crlfBytes: Buffer | undefined;

  constructor(readonly text: string) {}

  bytes(crlf: boolean): Buffer {
    if (crlf) return (this.crlfBytes ??= Buffer.from(`${this.text}\r\n`));
    return (this.lfBytes ??= Buffer.from(`${this.text}\n`));
  }
}
