import { once } from 'node:events';
import { connect, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useChatServers } from '../support/server';

const IAC = 0xff;
const [WILL, DO] = [0xfb, 0xfd];
const [BINARY, TM] = [0x00, 0x06];
const OFFER = Buffer.from([IAC, WILL, BINARY, IAC, DO, BINARY]);
const WILL_TM = Buffer.from([IAC, WILL, TM]);
/** What telnet sends for Ctrl-C: Interrupt Process, then DO TIMING-MARK. */
const CTRL_C = Buffer.from([IAC, 0xf4, IAC, DO, TM]);

/** A client that keeps every byte the server sends, to look at telnet bytes and line endings. */
class ByteClient {
  private readonly chunks: Buffer[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => this.chunks.push(d));
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<ByteClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('error', reject);
      socket.once('connect', () => resolve(new ByteClient(socket)));
    });
  }

  get addr(): string {
    return `${this.socket.localAddress}:${this.socket.localPort}`;
  }

  get tag(): string {
    return `[${this.addr}]${this.addr}`;
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  send(data: string | Buffer | readonly (string | Buffer)[]): void {
    const parts = typeof data === 'string' || Buffer.isBuffer(data) ? [data] : data;
    this.socket.write(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
  }

  /** Waits until the bytes received so far satisfy `done`, or fails at the deadline naming what came. */
  async until(done: (bytes: Buffer) => boolean, deadlineMs = 3000): Promise<Buffer> {
    const signal = AbortSignal.timeout(deadlineMs);
    while (!done(this.bytes)) {
      await once(this.socket, 'data', { signal }).catch(() => {
        throw new Error(`not seen within ${deadlineMs} ms; got ${JSON.stringify(this.bytes.toString('latin1'))}`);
      });
    }
    return this.bytes;
  }

  /** Waits for `text` (UTF-8) to appear; returns everything received. */
  untilText(text: string, deadlineMs?: number): Promise<Buffer> {
    const wanted = Buffer.from(text);
    return this.until((b) => b.includes(wanted), deadlineMs);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const count = (haystack: Buffer, needle: Buffer): number => {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
};

describe('telnet clients and nc clients, on real sockets', () => {
  const { start } = useChatServers();
  const clients: ByteClient[] = [];
  const open = async (port: number): Promise<ByteClient> => {
    const c = await ByteClient.open(port);
    clients.push(c);
    return c;
  };
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  it('an nc client (LF lines, no IAC) never gets an IAC byte or a CR, whatever it does', async () => {
    const server = await start({ rate: 100, burst: 3 });
    const nc = await open(server.port);
    await nc.untilText(' joined\n');
    nc.send('hello\nwho online\n/help\n/nick nc1\nx\ry\n中文\n' + 'flood\n'.repeat(10) + '/me done\n');
    const all = await nc.untilText(']nc1 done\n');
    expect(all.includes(IAC)).toBe(false);
    expect(all.includes(0x0d)).toBe(false);
    expect(all.toString()).toContain('--- Slow down: lines beyond 100 per second are delayed\n');
  });

  it('a client that ends a line with CR LF is offered BINARY once and gets CRLF from then on, even after LF lines', async () => {
    const server = await start();
    const t = await open(server.port);
    await t.untilText(' joined\n');
    t.send('one\r\n');
    await t.untilText(`${t.tag}: one\r\n`);
    t.send('two\n');
    t.send('three\r\0');
    const all = await t.untilText(`${t.tag}: three\r\n`);
    expect(all.toString('latin1')).toContain(`${t.tag}: two\r\n`);
    expect(count(all, OFFER)).toBe(1);
    // The offer comes before the reply to the line that showed telnet.
    expect(all.indexOf(OFFER)).toBeLessThan(all.indexOf(Buffer.from(`${t.tag}: one`)));
  });

  it('a client that sends an IAC sequence gets CRLF even before its first line', async () => {
    const server = await start();
    const t = await open(server.port);
    await t.untilText(' joined\n');
    t.send(Buffer.from([IAC, DO, BINARY]));
    await t.until((b) => b.includes(OFFER));
    const other = await open(server.port);
    await other.untilText(' joined\n');
    const all = await t.untilText(`*** ${other.tag} joined\r\n`);
    expect(count(all, OFFER)).toBe(1);
  });

  it('answers every Ctrl-C (IAC IP, IAC DO TIMING-MARK) with WILL TIMING-MARK, after the replies to the lines before it', async () => {
    const server = await start();
    const t = await open(server.port);
    await t.untilText(' joined\n');
    t.send(['who online\r\n', CTRL_C, 'hi\r\n', CTRL_C, CTRL_C]);
    const all = await t.until((b) => count(b, WILL_TM) === 3);
    const list = all.indexOf(Buffer.from(`--- ${t.tag} (you)\r\n`));
    const hi = all.indexOf(Buffer.from(`${t.tag}: hi\r\n`));
    const marks = [all.indexOf(WILL_TM), all.indexOf(WILL_TM, all.indexOf(WILL_TM) + 1)];
    expect(list).toBeGreaterThan(0);
    expect(marks[0]).toBeGreaterThan(list);
    expect(hi).toBeGreaterThan(marks[0]!);
    expect(marks[1]).toBeGreaterThan(hi);
    // Still talking after three Ctrl-C.
    t.send('still here\r\n');
    await t.untilText(`${t.tag}: still here\r\n`);
  });

  it('a timing mark behind lines waiting for the token bucket waits with them', async () => {
    const server = await start({ rate: 50, burst: 1 });
    const t = await open(server.port);
    await t.untilText(' joined\n');
    t.send(['a\r\n', 'b\r\n', 'c\r\n', CTRL_C]);
    const all = await t.until((b) => b.includes(WILL_TM));
    expect(all.indexOf(WILL_TM)).toBeGreaterThan(all.indexOf(Buffer.from(`${t.tag}: c\r\n`)));
    expect(all.indexOf(Buffer.from(`${t.tag}: c\r\n`))).toBeGreaterThan(0);
  });

  it('refuses other options once per request, and says nothing to WONT and DONT', async () => {
    const server = await start();
    const t = await open(server.port);
    await t.untilText(' joined\n');
    const WILL_ECHO = [IAC, WILL, 0x01];
    const DO_SGA = [IAC, DO, 0x03];
    t.send(Buffer.from([...WILL_ECHO, ...DO_SGA, ...WILL_ECHO, IAC, 0xfc, 0x01, IAC, 0xfe, 0x03]));
    t.send('done\r\n');
    const all = await t.untilText(`${t.tag}: done\r\n`);
    expect(count(all, Buffer.from([IAC, 0xfe, 0x01]))).toBe(2); // DONT ECHO, per WILL ECHO
    expect(count(all, Buffer.from([IAC, 0xfc, 0x03]))).toBe(1); // WONT SGA
    // The offer, two DONT ECHO and one WONT SGA: nothing else.
    expect(count(all, Buffer.from([IAC]))).toBe(2 + 3);
  });

  it('backspace and DEL edit the line before the room sees it', async () => {
    const server = await start();
    const t = await open(server.port);
    await t.untilText(' joined\n');
    t.send(['typo\b\bed\n', '小明丝\x7f踢球\n', '\b\bx\n']);
    const all = (await t.untilText(`${t.tag}: x\n`)).toString();
    expect(all).toContain(`${t.tag}: tyed\n${t.tag}: 小明踢球\n${t.tag}: x\n`);
  });

  it('flood: one slow-down notice before the first line that waits, every line in order, and another only once the bucket was full again', async () => {
    // 10 tokens at 20/s: full again 500 ms after it was emptied, much longer than a test takes to answer.
    const server = await start({ rate: 20, burst: 10 });
    const a = await open(server.port);
    await a.untilText(' joined\n');
    const notice = '--- Slow down: lines beyond 20 per second are delayed\n';
    const flood = (tag: string) => Array.from({ length: 20 }, (_, i) => `${tag} ${i}\n`).join('');
    a.send(flood('first'));
    let text = (await a.untilText(`${a.tag}: first 19\n`)).toString();
    const lines = text.split('\n').filter((l) => l.includes('first') || l.startsWith('--- Slow'));
    expect(lines).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `${a.tag}: first ${i}`),
      notice.trimEnd(),
      ...Array.from({ length: 10 }, (_, i) => `${a.tag}: first ${i + 10}`),
    ]);
    // Straight on: the bucket has not been full since, so no second notice.
    a.send(flood('second'));
    text = (await a.untilText(`${a.tag}: second 19\n`)).toString();
    expect(count(Buffer.from(text), Buffer.from(notice))).toBe(1);
    // After a rest long enough to fill the bucket, a new flood is told again.
    await new Promise((resolve) => setTimeout(resolve, 700));
    a.send(flood('third'));
    text = (await a.untilText(`${a.tag}: third 19\n`)).toString();
    expect(count(Buffer.from(text), Buffer.from(notice))).toBe(2);
    expect(text.indexOf(notice, text.indexOf(`${a.tag}: third 9\n`))).toBeLessThan(text.indexOf(`${a.tag}: third 10\n`));
  });
});
