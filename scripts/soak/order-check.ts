/**
 * Tracks, for one receiver, the sequence numbers it saw from each sender:
 * a gap is a lost line, a step back a reordered or duplicated one.
 */
export class OrderCheck {
  private readonly last = new Map<string, number>();
  lost = 0;
  reordered = 0;
  received = 0;

  see(sender: string, seq: number): void {
    this.received++;
    const last = this.last.get(sender) ?? -1;
    if (seq <= last) this.reordered++;
    else {
      this.lost += seq - last - 1;
      this.last.set(sender, seq);
    }
  }

  /** Lines a sender sent that never arrived at the end. */
  missingAtEnd(sent: ReadonlyMap<string, number>): number {
    let missing = 0;
    for (const [sender, count] of sent) missing += count - 1 - (this.last.get(sender) ?? -1);
    return missing;
  }
}
