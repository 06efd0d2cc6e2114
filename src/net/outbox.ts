import { Subject } from 'rxjs';
import { EncodedLine } from './encoded-line';

/**
 * A client's outbound Subject. A line sent to it goes first to the client's
 * socket, through `deliver`, then to anyone subscribed (in the server,
 * nobody). The socket is not a subscriber itself because a subscription
 * costs every client its own subscriber, observer, inner subscription and
 * their arrays for as long as it is connected: with thousands of idle
 * clients, what each holds is what the server holds (see docs/ARCHITECTURE.md, "Why output is written this way").
 */
export class Outbox extends Subject<EncodedLine> {
  private finished = false;

  constructor(private readonly deliver: (line: EncodedLine) => void) {
    super();
  }

  override next(line: EncodedLine): void {
    if (this.finished) return;
    this.deliver(line);
    if (this.observed) super.next(line);
  }

  override complete(): void {
    this.finished = true;
    super.complete();
  }
}
