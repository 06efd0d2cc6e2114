import { EventEmitter } from 'node:events';
import { createInterface, Interface, clearScreenDown, cursorTo, moveCursor } from 'node:readline';
import { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const PROMPT = '> ';
const HISTORY_LINES = 100;
/** An SSH client's PTY request may give no size (0): the classic terminal's width then. */
export const DEFAULT_COLUMNS = 80;

/**
 * What readline writes to: the SSH channel, seen as a terminal of the
 * client's width. No PTY on the server turns LF into CR LF, so this does.
 * readline writes each echoed character on its own; what is written in one
 * run of the event loop goes out as one write (one SSH packet, not one per key).
 */
class TerminalOutput extends EventEmitter {
  private held = '';

  constructor(
    private readonly channel: Duplex,
    public columns: number,
  ) {
    super();
  }

  write(text: string | Uint8Array): boolean {
    const s = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
    if (this.held === '') queueMicrotask(() => this.flush());
    this.held += s.replace(/\r?\n/g, '\r\n');
    return true;
  }

  /** Writes what is held now (also before the channel's end, which would otherwise come first). */
  flush(): void {
    const text = this.held;
    this.held = '';
    if (text !== '' && this.channel.writable) this.channel.write(text);
  }

  resize(columns: number): void {
    this.columns = columns;
    this.emit('resize');
  }
}

/**
 * The channel's input as readline reads it: one character per `data`.
 * readline takes a chunk of several characters for a paste and appends
 * all but its last to the end of the line, wherever the cursor is (Node
 * 20's emitKeypressEvents); a raw terminal sends what is typed as it is
 * typed, but keys pressed quickly, or a paste after moving left, arrive
 * together, and would land in the wrong place. Pausing and the end are the
 * channel's.
 */
class KeyStream extends EventEmitter {
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly channel: Duplex) {
    super();
    channel.on('data', (chunk: Buffer) => {
      for (const character of this.decoder.write(chunk)) this.emit('data', character);
    });
    channel.on('end', () => this.emit('end'));
  }

  pause(): this {
    this.channel.pause();
    return this;
  }

  resume(): this {
    this.channel.resume();
    return this;
  }
}

/**
 * readline's own bookkeeping of how many rows above the cursor its line
 * takes, and its redraw of prompt and line. Neither is in Node's documented
 * API, but both have been there, unchanged, since Node's first readline; the
 * documented `prompt(true)` redraws the same way, except that it resumes a
 * paused input and does nothing when the *server's* TERM is `dumb`.
 */
interface Redrawable {
  prevRows: number;
  _refreshLine(): void;
}

/**
 * The server side of an SSH session with a PTY: a line editor over the
 * channel, Node's own readline in terminal mode (echo, Backspace and
 * Ctrl-H, Ctrl-U, Ctrl-W, Left/Right, Home/End, Up/Down history, display
 * width of wide characters). Each finished line goes to `line`. Lines from
 * the server are printed above the prompt, and the half-typed line is drawn
 * again below them, intact. Ctrl-C clears the line; Ctrl-D on an empty line
 * (or the channel's end) is `end`.
 *
 * The line being typed is bounded: once it passes `maxLine` bytes it goes
 * to `line` unterminated, so the connection's framing discards it up to the
 * next Enter with its usual error, and the editor starts afresh.
 */
export class LineEditor {
  private readonly rl: Interface;
  private readonly output: TerminalOutput;
  private closed = false;

  constructor(
    channel: Duplex,
    columns: number,
    maxLine: number,
    handlers: { readonly line: (text: string, ended: boolean) => void; readonly end: () => void },
  ) {
    this.output = new TerminalOutput(channel, columns > 0 ? columns : DEFAULT_COLUMNS);
    const keys = new KeyStream(channel);
    this.rl = createInterface({
      input: keys as unknown as NodeJS.ReadableStream,
      output: this.output as unknown as NodeJS.WritableStream,
      terminal: true,
      prompt: PROMPT,
      historySize: HISTORY_LINES,
      removeHistoryDuplicates: true,
    });
    this.rl.on('line', (text) => handlers.line(text, true));
    this.rl.on('close', () => {
      this.closed = true;
      handlers.end();
    });
    this.rl.on('SIGINT', () => this.clearLine());
    // Without a listener of its own, readline answers Ctrl-Z by stopping this process (SIGTSTP).
    this.rl.on('SIGTSTP', () => undefined);
    // After readline's own listener, so the key is already in the line.
    keys.on('keypress', () => {
      if (this.closed || Buffer.byteLength(this.rl.line) <= maxLine) return;
      const overlong = this.rl.line;
      this.clearLine();
      handlers.line(overlong, false);
    });
    // No prompt yet: the welcome comes at once, and the prompt is drawn below it.
  }

  /** Ctrl-E then Ctrl-U: to the line's end, then erase back to its start. */
  private clearLine(): void {
    this.rl.write(null, { ctrl: true, name: 'e' });
    this.rl.write(null, { ctrl: true, name: 'u' });
  }

  /** The client's terminal changed width (window-change): the line is laid out anew. */
  resize(columns: number): void {
    if (columns > 0) this.output.resize(columns);
  }

  /**
   * Lines from the server (LF-terminated text) above the prompt: the
   * cursor goes to the first row of the prompt, everything from there down
   * is erased, the lines are written, and prompt and line are drawn again
   * with the cursor where it was in the line.
   */
  print(text: string): void {
    if (this.closed) {
      this.output.write(text);
      return;
    }
    const rows = this.rl.getCursorPos().rows;
    if (rows > 0) moveCursor(this.output as unknown as NodeJS.WritableStream, 0, -rows);
    cursorTo(this.output as unknown as NodeJS.WritableStream, 0);
    clearScreenDown(this.output as unknown as NodeJS.WritableStream);
    this.output.write(text);
    const redraw = this.rl as unknown as Redrawable;
    redraw.prevRows = 0;
    redraw._refreshLine();
  }

  /** Ends the editing; what was written so far goes out before whatever the channel sends next (its EOF). */
  close(): void {
    if (!this.closed) this.rl.close();
    this.output.flush();
  }
}
