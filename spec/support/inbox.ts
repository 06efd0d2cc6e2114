/**
 * Lines a test client has received and not yet read, and a wait for the
 * next one with a deadline (never a sleep). Shared by the TCP and the
 * WebSocket test clients.
 */
export class Inbox {
  private readonly unread: string[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;

  /** `describe` says what the client has seen besides lines, for the error when none comes. */
  constructor(private readonly describe: () => string = () => '') {}

  push(line: string): void {
    this.unread.push(line);
    this.waiter?.();
  }

  /** No more lines will come; a wait for one fails at once. */
  end(): void {
    this.ended = true;
    this.waiter?.();
  }

  get pending(): readonly string[] {
    return this.unread;
  }

  /** The next line, or a rejection saying why none came in time. */
  async next(deadlineMs: number): Promise<string> {
    const until = Date.now() + deadlineMs;
    while (this.unread.length === 0) {
      if (this.ended) throw new Error(`connection closed${this.describe()}`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no line within ${deadlineMs} ms${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.unread.shift()!;
  }

  /** The next n lines. */
  async take(n: number, deadlineMs: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await this.next(deadlineMs));
    return out;
  }
}
