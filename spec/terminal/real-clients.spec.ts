import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';
import { DEADLINE_MS, has, nextJoiner, useTerminals } from '../support/tmux';

/**
 * The real clients people use, typed into through tmux: netkit-style
 * `telnet` and OpenBSD `nc`. The server runs in this process; each client
 * runs in a tmux session of its own, on a tmux server of this file's own
 * (`-L`), and is checked two ways: what the room got (a TestClient in the
 * room) and what the client's screen shows (`tmux capture-pane`).
 *
 * `.ci/run` installs telnet, netcat-openbsd and tmux when missing and sets
 * RXCHAT_TERMINAL_TESTS=required, so in CI a missing client fails the run;
 * elsewhere these tests are skipped when a client is missing.
 */
const missing = ['telnet', 'nc', 'tmux'].filter((c) => !has(c));
const required = process.env.RXCHAT_TERMINAL_TESTS === 'required';
if (missing.length > 0 && required) throw new Error(`terminal tests need ${missing.join(', ')} (see .ci/run)`);
/**
 * Debian 12's `telnet` is GNU inetutils'; `telnet-ssl` (package telnet-ssl)
 * is netkit's, the `telnet` of Debian 11 and Ubuntu 22.04. The telnet tests
 * run with each one installed. netkit telnet compares every typed byte with
 * its escape key (^], 0x1D) after dropping the 8th bit, BINARY or not, so
 * 0x9D (in 丝) always escapes: with it, people need `-E` (no escape key).
 */
const telnets = [
  ...(has('telnet') ? ['telnet'] : []),
  ...(has('telnet-ssl') ? ['telnet-ssl -E'] : []),
];

/** The watcher's next line that is not a notice, with a deadline. */
const nextChat = async (watcher: TestClient): Promise<string> => {
  for (;;) {
    const line = await watcher.next(DEADLINE_MS);
    if (!line.startsWith('*** ')) return line;
  }
};

describe.skipIf(missing.length > 0)('real clients under tmux: telnet and nc', { timeout: 60_000 }, () => {
  const { start, join: joinRoom } = useChatServers();
  const open = useTerminals();
  const dirs: string[] = [];
  afterEach(() => {
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  /**
   * A telnet session in the room, its addr as the room shows it, and a
   * TestClient watching. telnet sends nothing before its first line, and
   * that line's CR LF is what shows it is telnet: from then on it is in
   * 8-bit mode. So the first line here is ASCII, as a person's `/help` or
   * empty Enter would be.
   */
  const telnetInRoom = async (client: string) => {
    const server = await start();
    const watcher = await joinRoom(server);
    const telnet = await open(`${client} 127.0.0.1 ${server.port}`);
    const addr = await nextJoiner(watcher);
    await telnet.untilText(`[${addr}]${addr} joined`);
    await telnet.type('hello from telnet');
    expect(await nextChat(watcher)).toBe(`[${addr}]${addr}: hello from telnet`);
    await telnet.untilText(`[${addr}]${addr}: hello from telnet`);
    return { server, watcher, telnet, addr };
  };

  it.each(telnets)('Chinese typed into %s, 丝 (byte 0x9D, telnet’s escape key in 7-bit mode) included, reaches a TCP client intact', async (client) => {
    const { watcher, telnet, addr } = await telnetInRoom(client);
    await telnet.type('丝绸之路 小明踢球');
    expect(await nextChat(watcher)).toBe(`[${addr}]${addr}: 丝绸之路 小明踢球`);
    // And telnet shows the room's Chinese too.
    watcher.line('你好，telnet');
    expect(await nextChat(watcher)).toBe(`[${watcher.addr}]${watcher.addr}: 你好，telnet`);
    await telnet.untilText(`[${watcher.addr}]${watcher.addr}: 你好，telnet`);
    await telnet.type('/nick 小明');
    expect(await watcher.next(DEADLINE_MS)).toBe(`*** [${addr}]${addr} is now known as 小明`);
    await telnet.type('踢球了');
    expect(await nextChat(watcher)).toBe(`[${addr}]小明: 踢球了`);
    expect(await telnet.screen()).not.toContain('telnet>');
  });

  it.each(telnets)('Ctrl-C three times in %s, and it still shows the room', async (client) => {
    const { watcher, telnet, addr } = await telnetInRoom(client);
    // Each Ctrl-C: telnet sends IAC IP, IAC DO TIMING-MARK and throws output
    // away until the server's WILL TIMING-MARK comes back.
    for (let i = 0; i < 3; i++) {
      await telnet.keys('C-c');
      await telnet.until((s) => s.split('^C').length - 1 > i, `Ctrl-C number ${i + 1} echoed`);
    }
    // A line telnet sends after them reaches the room after the three marks were answered...
    await telnet.type('still typing');
    expect(await nextChat(watcher)).toBe(`[${addr}]${addr}: still typing`);
    await telnet.untilText(`[${addr}]${addr}: still typing`);
    // ...and telnet shows what the room says from then on.
    watcher.line('after three ctrl-c');
    await telnet.untilText(`[${watcher.addr}]${watcher.addr}: after three ctrl-c`);
  });

  it.each(telnets)('backspace typed as ^H in %s edits the line, a Chinese character as a whole', async (client) => {
    const { watcher, telnet, addr } = await telnetInRoom(client);
    await telnet.type('typo', false);
    await telnet.keys('C-h', 'C-h');
    await telnet.type('ed');
    expect(await nextChat(watcher)).toBe(`[${addr}]${addr}: tyed`);
    await telnet.type('小明丝', false);
    await telnet.keys('C-h');
    await telnet.type('踢球');
    expect(await nextChat(watcher)).toBe(`[${addr}]${addr}: 小明踢球`);
  });

  it('a 200-line paste into nc: every line in order, exactly one slow-down notice, and no IAC byte or CR in what nc got', async () => {
    const server = await start({ rate: 100, burst: 50 });
    const watcher = await joinRoom(server);
    const dir = mkdtempSync(join(tmpdir(), 'rxchat-nc-'));
    dirs.push(dir);
    const captured = join(dir, 'nc.out');
    const nc = await open(`nc 127.0.0.1 ${server.port} | tee ${captured}`);
    const addr = await nextJoiner(watcher);
    await nc.untilText(`[${addr}]${addr} joined`);
    const lines = Array.from({ length: 200 }, (_, i) => `paste line ${String(i).padStart(3, '0')} 中文`);
    await nc.paste(`${lines.join('\n')}\n`);
    const got: string[] = [];
    while (got.length < 200) got.push(await nextChat(watcher));
    expect(got).toEqual(lines.map((l) => `[${addr}]${addr}: ${l}`));
    const notice = '--- Slow down: lines beyond 100 per second are delayed';
    await nc.untilText(`[${addr}]${addr}: ${lines[199]}`);
    await nc.type('who online');
    await nc.untilText(`--- [${addr}]${addr} (you)`);
    const screen = await nc.screen();
    expect(screen.split(notice).length - 1).toBe(1);
    const bytes = readFileSync(captured);
    expect(bytes.includes(0xff)).toBe(false);
    expect(bytes.includes(0x0d)).toBe(false);
    const text = bytes.toString('utf8');
    expect(text.split(notice).length - 1).toBe(1);
    // The notice comes just before the first line that had to wait. The burst lets the first
    // 50 through; nc sends each line as it reads it from the terminal, so the bucket refills
    // (one line per 10 ms) while the paste goes out, and on a loaded machine the first to
    // wait can be a few lines later than the 51st. Its exact place, for lines that arrive
    // in one write, is protocol.spec.ts's flood test.
    expect(text.indexOf(notice)).toBeGreaterThan(text.indexOf(`: ${lines[49]}\n`));
    expect(text.indexOf(notice)).toBeLessThan(text.indexOf(`: ${lines[100]}\n`));
  });

  it('nc -N: Ctrl-D leaves the room cleanly; exit says goodbye', async () => {
    const server = await start();
    const watcher = await joinRoom(server);
    const first = await open(`nc -N 127.0.0.1 ${server.port}`);
    const addr = await nextJoiner(watcher);
    await first.untilText(`[${addr}]${addr} joined`);
    await first.type('bye for now', false);
    // The first Ctrl-D hands the unfinished line to nc, the second is end of input.
    await first.keys('C-d');
    await first.keys('C-d');
    expect(await nextChat(watcher)).toBe(`[${addr}]${addr}: bye for now`);
    expect(await watcher.next(DEADLINE_MS)).toBe(`*** [${addr}]${addr} left`);

    const second = await open(`nc -N 127.0.0.1 ${server.port}`);
    const addr2 = await nextJoiner(watcher);
    await second.untilText(`[${addr2}]${addr2} joined`);
    await second.type('exit');
    await second.untilText('--- Bye!');
    expect(await watcher.next(DEADLINE_MS)).toBe(`*** [${addr2}]${addr2} left`);
  });
});
