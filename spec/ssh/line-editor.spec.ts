import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { Config } from '../../src/config/config';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';
import { SshTestClient, testHostKey, throwAwayKey } from '../support/ssh-client';
import { until } from '../support/until';

const hostKey = testHostKey();

const { start, join: joinPlain } = useChatServers();
const opened: { destroy(): void }[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.destroy()));

const key = throwAwayKey();
/** Keys as a terminal in raw mode sends them. */
const KEY = { enter: '\r', backspace: '\x7f', ctrlH: '\x08', ctrlU: '\x15', ctrlW: '\x17', ctrlC: '\x03', ctrlD: '\x04', ctrlZ: '\x1a', left: '\x1b[D', right: '\x1b[C', home: '\x1b[H', end: '\x1b[F', up: '\x1b[A', down: '\x1b[B' };

/** A server, a TCP member watching the room, and an SSH member with an 80-column PTY. */
const setUp = async (overrides: Partial<Config> = {}): Promise<{ server: ChatServer; plain: TestClient; alice: SshTestClient; tag: string }> => {
  const server = await start({ sshPort: 0, sshKey: hostKey, ...overrides });
  const plain = await joinPlain(server);
  const alice = await SshTestClient.connect(server.sshPort!, { user: 'alice', privateKey: key.privateKey, columns: 80 });
  opened.push(alice);
  const tag = `[${alice.addr}]alice`;
  expect(await plain.next()).toBe(`*** ${tag} joined`);
  return { server, plain, alice, tag };
};

describe('the line editor of an SSH session with a PTY', () => {
  it('sends each finished line as typed, with the edits of a terminal line editor, wide characters by character', async () => {
    const { plain, alice, tag } = await setUp();
    const typed: readonly [keys: string, line: string][] = [
      [`ab${KEY.backspace}c`, 'ac'],
      [`你好世${KEY.backspace}界`, '你好界'],
      [`xy${KEY.ctrlH}z`, 'xz'],
      [`hello big world${KEY.ctrlW}`, 'hello big'],
      [`abc${KEY.ctrlU}xyz`, 'xyz'],
      [`ac${KEY.left}b`, 'abc'],
      [`中文${KEY.left}${KEY.left}在${KEY.right}x`, '在中x文'],
      [`bc${KEY.home}a${KEY.end}d`, 'abcd'],
      [`junk${KEY.ctrlC}fresh`, 'fresh'],
      [`ab${KEY.left}${KEY.ctrlD}`, 'a'],
    ];
    for (const [keys, line] of typed) {
      alice.stream.write(keys + KEY.enter);
      expect(await plain.next()).toBe(`${tag}: ${line}`);
    }
  });

  it('recalls earlier lines with Up and Down', async () => {
    const { plain, alice, tag } = await setUp();
    alice.stream.write(`first${KEY.enter}second${KEY.enter}`);
    expect(await plain.take(2)).toEqual([`${tag}: first`, `${tag}: second`]);
    alice.stream.write(`${KEY.up}${KEY.up}${KEY.enter}`);
    expect(await plain.next()).toBe(`${tag}: first`);
    // A line sent again moves to the front of the history: now first, then second.
    alice.stream.write(`${KEY.up}${KEY.up}${KEY.down}!${KEY.enter}`);
    expect(await plain.next()).toBe(`${tag}: first!`);
    alice.stream.write(`${KEY.up}${KEY.down}${KEY.down}new${KEY.enter}`);
    expect(await plain.next()).toBe(`${tag}: new`);
  });

  it('prints incoming lines above the prompt with CR LF, and keeps the half-typed line', async () => {
    const { plain, alice, tag } = await setUp();
    await until(() => alice.raw.includes('> '), 'the prompt');
    alice.stream.write('你好');
    await until(() => alice.raw.endsWith('你好'), 'the echo');
    plain.line('incoming');
    expect(await plain.next()).toBe(`${plain.tag}: incoming`);
    await until(() => alice.raw.includes(`${plain.tag}: incoming\r\n`), 'the incoming line');
    // Redrawn after it: the prompt and the half-typed line, the cursor after it (column 7: `> ` and two wide characters).
    await until(() => alice.raw.endsWith(`${plain.tag}: incoming\r\n\x1b[1G\x1b[0J> 你好\x1b[7G`), 'the redrawn line');
    alice.stream.write(`世界${KEY.enter}`);
    expect(await plain.next()).toBe(`${tag}: 你好世界`);
    // The server's own lines all end CR LF: no bare LF reaches the raw terminal.
    expect(alice.raw).not.toMatch(/[^\r]\n/);
  });

  it('follows the terminal width from the PTY request and each window change: a line wider than the terminal takes two rows', async () => {
    const server = await start({ sshPort: 0, sshKey: hostKey });
    const plain = await joinPlain(server);
    const alice = await SshTestClient.connect(server.sshPort!, { user: 'alice', privateKey: key.privateKey, columns: 10 });
    opened.push(alice);
    await plain.next();
    alice.stream.write('abcdefghijkl');
    await until(() => alice.raw.includes('ijkl'), 'the echo');
    plain.line('one');
    // `> ` and 12 characters on a 10-column terminal: the cursor is on the second row, so the redraw starts one row up.
    await until(() => alice.raw.endsWith(`\x1b[1A\x1b[1G\x1b[0J${plain.tag}: one\r\n\x1b[1G\x1b[0J> abcdefghijkl\x1b[5G`), 'the redraw on two rows');
    alice.stream.setWindow(24, 80, 0, 0);
    // readline lays the line out anew, from the row it started on, now on one row.
    await until(() => alice.raw.endsWith('\x1b[1A\x1b[1G\x1b[0J> abcdefghijkl\x1b[15G'), 'the line laid out anew on 80 columns');
    const before = alice.raw.length;
    plain.line('two');
    await until(() => alice.raw.slice(before) === `\x1b[1G\x1b[0J${plain.tag}: two\r\n\x1b[1G\x1b[0J> abcdefghijkl\x1b[15G`, 'the redraw on one row');
  });

  it('leaves on Ctrl-D on an empty line: the others see the usual leave notice, the shell exits 0', async () => {
    const { server, plain, alice, tag } = await setUp();
    alice.stream.write(KEY.ctrlD);
    expect(await plain.next()).toBe(`*** ${tag} left`);
    await alice.closed;
    expect(alice.exitCode).toBe(0);
    await until(() => server.connectionCount() === 1, 'the SSH connection gone');
  });

  it('sends its last lines before the session ends: --- Bye! after /quit', async () => {
    const { plain, alice, tag } = await setUp();
    alice.stream.write(`/quit${KEY.enter}`);
    expect(await plain.next()).toBe(`*** ${tag} left`);
    await alice.closed;
    expect(alice.raw).toContain('\x1b[1G\x1b[0J--- Bye!\r\n');
    expect(alice.exitCode).toBe(0);
  });

  it('does not let Ctrl-Z stop the server (readline, left alone, would send this process SIGTSTP)', async () => {
    const { plain, alice, tag } = await setUp();
    alice.stream.write(`${KEY.ctrlZ}still here${KEY.enter}`);
    expect(await plain.next()).toBe(`${tag}: still here`);
  });

  it('bounds the line being typed: past --max-line it is discarded up to Enter, with the usual error, and nothing reaches the room', async () => {
    const { plain, alice } = await setUp({ maxLine: 16 });
    alice.stream.write('x'.repeat(40));
    alice.stream.write('y'.repeat(40) + KEY.enter);
    const error = '!!! Line too long (max 16 bytes); discarded\r\n';
    await until(() => alice.raw.includes(error), 'the error');
    expect(alice.raw.split(error)).toHaveLength(2);
    alice.stream.write(`short${KEY.enter}`);
    // The next line the room has from alice is this one: nothing of the discarded line came before it.
    expect(await plain.next(10_000)).toBe(`[${alice.addr}]alice: short`);
  });
});
