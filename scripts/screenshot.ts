/**
 * `npm run screenshot [-- --out FILE]`: the chat page as a person sees it,
 * taken from a real Chromium run (not drawn): a server with a few terminal
 * users chatting, one of them in another room, and the page in the middle of it.
 */
import { startChatServer } from '../src/chat-server';
import { defaultConfig } from '../src/config/config';
import { launchChromium, panelOf, say, until, waitForLine } from '../spec/support/browser';
import { TestClient } from '../spec/support/client';
import { option } from './args';

const main = async (): Promise<void> => {
  const out = option('out') ?? 'scripts/page-screenshot.png';
  const server = await startChatServer({ ...defaultConfig, port: 0, webPort: 0, rate: 0, motd: ['Be kind. Type /help for the commands.'] });
  const alice = await TestClient.connect(server.port);
  alice.line('/nick alice');
  const bob = await TestClient.connect(server.port);
  bob.line('/nick bob');
  const carol = await TestClient.connect(server.port);
  carol.line('/nick carol');
  carol.line('/join dev');
  alice.line('Good morning! The page is up at last.');
  bob.line('/away getting coffee');
  const { browser, close } = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1000, height: 560 } })).newPage();
    await page.goto(`http://127.0.0.1:${server.webPort}/`);
    await until(() => page.textContent('#status'), (s) => s?.startsWith('Connected') ?? false);
    await say(page, '/nick dana');
    bob.line('/me waves at dana');
    alice.line(`/msg dana welcome, the history above is what you missed`);
    await say(page, 'Hi all! Typing from a browser.');
    alice.line('/who');
    await say(page, '/msg carol are you in #dev?');
    await say(page, '/frobnicate');
    await waitForLine(page, '!!! Unknown command /frobnicate; type /help');
    // The side panels refresh after the last notice: wait until they show everyone.
    await until(() => panelOf(page, '#members'), (members) => members.length === 3 && members.some((m) => m.includes('(away: getting coffee)')));
    await until(() => panelOf(page, '#rooms'), (rooms) => rooms.length === 2);
    await page.screenshot({ path: out });
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await close();
    [alice, bob, carol].forEach((c) => c.destroy());
    await server.shutdown();
  }
};

void main();
