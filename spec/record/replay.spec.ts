import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { parseRecording, replay, ReplayResult } from '../../src/record/replay';
import { useChatServers } from '../support/server';

const RECORDINGS = join(__dirname, '..', 'recordings');

const replayText = (text: string): ReplayResult => {
  const records = parseRecording(text);
  if (E.isLeft(records)) throw new Error(records.left);
  return replay(records.right);
};

describe('recorded sessions replay exactly in virtual time', () => {
  const files = readdirSync(RECORDINGS).filter((f) => f.endsWith('.jsonl'));

  it('has recordings of nc and telnet sessions', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s', (file) => {
    const result = replayText(readFileSync(join(RECORDINGS, file), 'utf8'));
    expect(result).toMatchObject({ ok: true });
  });
});

describe('replay', () => {
  const basics = readFileSync(join(RECORDINGS, 'basics.jsonl'), 'utf8');

  it('names the first record whose text differs', () => {
    const lines = basics.split('\n');
    const index = lines.findIndex((l) => l.includes('"kind":"out"') && l.includes('is now known as alice'));
    const altered = [...lines];
    altered[index] = lines[index]!.replace('is now known as alice', 'is now known as mallory');
    expect(replayText(altered.join('\n'))).toEqual({
      ok: false,
      line: index + 1,
      expected: expect.stringContaining('is now known as mallory') as unknown as string,
      got: expect.stringContaining('is now known as alice') as unknown as string,
    });
  });

  it('notices a missing and an extra output', () => {
    const lines = basics.trimEnd().split('\n');
    const lastOut = lines.map((l) => l.includes('"kind":"out"')).lastIndexOf(true);
    const missing = lines.filter((_, i) => i !== lastOut).join('\n');
    expect(replayText(missing)).toMatchObject({ ok: false, line: lastOut + 1, got: expect.stringMatching(/^out to /) as unknown });
    const extra = [...lines, lines[lastOut]!].join('\n');
    expect(replayText(extra)).toMatchObject({ ok: false, line: lines.length + 1, got: '(nothing)' });
  });

  it('rejects a file that is not a recording, naming the line', () => {
    expect(parseRecording('{"t":0,"kind":"start","config":{"maxClients":1,"maxLine":1,"idleTimeout":0,"lang":"en"}}\nnope\n')).toEqual(
      E.left('line 2: not JSON'),
    );
    expect(E.isLeft(parseRecording('{"t":1,"kind":"bogus"}'))).toBe(true);
  });
});

describe('recording a live session', () => {
  const { start, joinAll } = useChatServers();

  it('records a session with commands and an idle kick that replays to a match', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rxchat-')), 'live.jsonl');
    const server = await start({ record: file, idleTimeout: 0.3, maxClients: 3 });
    const [a, b] = await joinAll(server, 2);
        a.line('rename|alice');
    b.line('/nick ALICE');
    expect(await b.take(2)).toEqual([`*** ${a.tag} is now known as alice`, '!!! Name ALICE is already taken']);
    b.line('who online');
    await b.take(3);
    // a spoke last before b's who, so a is kicked first, then b.
    expect(await b.take(2, 3000)).toEqual([`*** [${a.addr}]alice timed out`, '!!! Idle for more than 0.3 s; disconnecting']);
    await server.shutdown();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"kind":"idle"');
    expect(replayText(text)).toMatchObject({ ok: true });
  });
});
