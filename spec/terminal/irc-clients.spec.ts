import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';
import { DEADLINE_MS, has, nextJoiner, useTerminals } from '../support/tmux';

/**
 * irssi and WeeChat (Debian's irssi and weechat-curses), typed into through
 * tmux, each in a home of its own so nothing of the machine's user is
 * read, and checked two ways: what an nc-style member in the same room got
 * (a TestClient) and what the client's screen shows. `.ci/run` installs
 * them when missing and sets RXCHAT_TERMINAL_TESTS=required, so in CI a
 * missing client fails the run; elsewhere these tests are skipped.
 */
const missing = ['irssi', 'weechat', 'tmux'].filter((c) => !has(c));
if (missing.length > 0 && process.env.RXCHAT_TERMINAL_TESTS === 'required') throw new Error(`terminal tests need ${missing.join(', ')} (see .ci/run)`);

const dir = mkdtempSync(join(tmpdir(), 'rxchat-irc-clients-'));

/** irssi's settings: a name of its own, and no queue between commands (irssi's flood control waits 2.2 s after 5). */
const irssiHome = (): string => {
  const home = mkdtempSync(join(dir, 'irssi-'));
  writeFileSync(
    join(home, 'config'),
    'settings = {\n  core = { real_name = "Alice"; user_name = "alice"; nick = "alice"; };\n  "irc/core" = { cmd_queue_speed = "10msec"; cmds_max_at_once = "100"; };\n};\n',
  );
  return home;
};

describe.skipIf(missing.length > 0)('IRC clients under tmux', { timeout: 90_000 }, () => {
  const { start, join: joinRoom } = useChatServers();
  const open = useTerminals();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** bob, an nc-style member, in #dev; what he has read so far is his own. */
  const bobInDev = async (server: ChatServer): Promise<TestClient> => {
    const bob = await joinRoom(server);
    bob.line('/nick bob');
    bob.line('/join #dev');
    expect(await bob.take(3)).toEqual([`*** ${bob.tag} is now known as bob`, '--- Now in #dev: 1 users here.', `*** [${bob.addr}]bob joined`]);
    return bob;
  };

  it('irssi: /connect -nocap, /join #dev, chat both ways with exact text on both screens, /me, /msg, /nick, /quit', async () => {
    const server = await start({ ircPort: 0 });
    const bob = await bobInDev(server);
    const bobTag = `[${bob.addr}]bob`;
    const irssi = await open(`irssi --home=${irssiHome()} -n alice`);
    await irssi.untilText('Irssi v');
    await irssi.type(`/connect -nocap 127.0.0.1 ${server.ircPort!}`);
    await irssi.untilText('Welcome, [');
    await irssi.type('/join #dev');
    const addr = await nextJoiner(bob, 'alice');
    const alice = `[${addr}]alice`;
    await irssi.untilText(`alice [u@${addr}] has joined #dev`);
    await irssi.untilText('Total of 2 nicks');

    bob.line('hi alice');
    expect(await bob.next()).toBe(`${bobTag}: hi alice`);
    // The nc user's line is an ordinary channel message on irssi's screen.
    await irssi.untilText('< bob> hi alice');

    await irssi.type('hello bob, caf\u00e9 \u4f60\u597d');
    expect(await bob.next(DEADLINE_MS)).toBe(`${alice}: hello bob, caf\u00e9 \u4f60\u597d`);
    await irssi.untilText('< alice> hello bob, caf\u00e9 \u4f60\u597d');

    await irssi.type('/me waves');
    expect(await bob.next(DEADLINE_MS)).toBe(`* ${alice} waves`);
    bob.line('/me bows');
    expect(await bob.next()).toBe(`* ${bobTag} bows`);
    await irssi.untilText('* bob bows');

    await irssi.type('/msg bob psst');
    expect(await bob.next(DEADLINE_MS)).toBe(`${alice} -> bob: psst`);
    bob.line('/msg alice hush');
    expect(await bob.next()).toBe(`${bobTag} -> alice: hush`);
    await irssi.type('/query bob');
    await irssi.untilText('<bob> hush');
    await irssi.type('/window goto #dev');

    await irssi.type('/nick alicia');
    expect(await bob.next(DEADLINE_MS)).toBe(`*** ${alice} is now known as alicia`);
    await irssi.untilText("You're now known as alicia");

    await irssi.type('/quit see you');
    expect(await bob.next(DEADLINE_MS)).toBe(`*** [${addr}]alicia left (see you)`);
  });

  it('WeeChat: connects, joins #dev and chats both ways with exact text on both screens', async () => {
    const server = await start({ ircPort: 0 });
    const bob = await bobInDev(server);
    const home = mkdtempSync(join(dir, 'weechat-'));
    const weechat = await open(
      `weechat --dir ${home} -r '/server add rx 127.0.0.1/${server.ircPort!} -notls -nicks=carol -username=carol -realname=Carol;/connect rx'`,
    );
    // WeeChat shows the forced JOIN of #lobby in a buffer of its own.
    await weechat.until((screen) => /carol \(u@\S+\) has joined #lobby/.test(screen), 'carol has joined #lobby');
    await weechat.type('/join #dev');
    const addr = await nextJoiner(bob, 'carol');
    await weechat.untilText(`carol (u@${addr}) has joined #dev`);
    bob.line('hello carol');
    expect(await bob.next()).toBe(`[${bob.addr}]bob: hello carol`);
    await weechat.untilText('bob | hello carol');
    await weechat.type('hi bob from weechat');
    expect(await bob.next(DEADLINE_MS)).toBe(`[${addr}]carol: hi bob from weechat`);
    await weechat.untilText('carol | hi bob from weechat');
    await weechat.type('/quit');
    // WeeChat's own quit message names its version.
    expect(await bob.next(DEADLINE_MS)).toMatch(new RegExp(`^\\*\\*\\* \\[${addr.replace(/\./g, '\\.')}\\]carol left \\(WeeChat [0-9.]+\\)$`));
  });
});
