import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser, Page } from 'playwright-core';
import { ChatServer, startChatServer } from '../../src/chat-server';
import { defaultConfig, Config } from '../../src/config/config';
import { TestClient } from '../support/client';
import { launchChromium, say, transcriptOf, until, waitForLine, waitForPanel } from '../support/browser';

/** The chat page in a real Chromium, beside a TCP client, against a real server. */
describe('the chat page in Chromium', () => {
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  const servers: ChatServer[] = [];
  const clients: TestClient[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    chromium = await launchChromium();
    browser = chromium.browser;
  }, 30_000);
  afterAll(async () => {
    await chromium.close();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
    clients.splice(0).forEach((c) => c.destroy());
    await Promise.all(servers.splice(0).map((s) => s.shutdown()));
  });

  const start = async (overrides: Partial<Config> = {}): Promise<ChatServer> => {
    const server = await startChatServer({ ...defaultConfig, port: 0, webPort: 0, rate: 0, ...overrides });
    servers.push(server);
    return server;
  };
  const tcp = async (server: ChatServer): Promise<TestClient> => {
    const client = await TestClient.connect(server.port);
    clients.push(client);
    await client.take(2);
    return client;
  };
  const open = async (server: ChatServer): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    pages.push(page);
    await page.goto(`http://127.0.0.1:${server.webPort}/`);
    return page;
  };
  /** Opens a page and reads, from a TCP client in #lobby, the tag it joined as. */
  const openSeenBy = async (server: ChatServer, watcher: TestClient): Promise<{ page: Page; tag: string }> => {
    const page = await open(server);
    const joined = /^\*\*\* (\[[^\]]+\]\S+) joined$/.exec(await watcher.next());
    expect(joined).not.toBeNull();
    const tag = joined![1]!;
    await waitForLine(page, `*** ${tag} joined`);
    return { page, tag };
  };

  it('two pages and a TCP client share one room: exact lines everywhere, the member panel follows joins, renames and leaves', async () => {
    const server = await start();
    const c = await tcp(server);
    const one = await openSeenBy(server, c);
    const two = await openSeenBy(server, c);
    await waitForLine(one.page, `*** ${two.tag} joined`);
    await waitForPanel(one.page, '#members', [c.tag, `${one.tag} (you)`, two.tag]);

    await say(one.page, 'hello from a page');
    const fromOne = `${one.tag}: hello from a page`;
    expect(await c.next()).toBe(fromOne);
    await waitForLine(two.page, fromOne);
    await waitForLine(one.page, fromOne);

    c.line('/me waves at the browsers');
    const action = `* ${c.tag} waves at the browsers`;
    expect(await c.next()).toBe(action);
    await waitForLine(one.page, action);
    await waitForLine(two.page, action);

    await say(two.page, '/nick pagetwo');
    const renamed = `*** ${two.tag} is now known as pagetwo`;
    expect(await c.next()).toBe(renamed);
    const twoNow = two.tag.replace(/\][^\]]*$/, ']pagetwo');
    await waitForPanel(one.page, '#members', [c.tag, `${one.tag} (you)`, twoNow]);
    await waitForPanel(two.page, '#members', [c.tag, one.tag, `${twoNow} (you)`]);

    await two.page.context().close();
    expect(await c.next()).toBe(`*** ${twoNow} left`);
    await waitForPanel(one.page, '#members', [c.tag, `${one.tag} (you)`]);
    // The page's own /who and /rooms went to its panels, not its transcript.
    expect((await transcriptOf(one.page)).some((line) => /users in #|rooms:$/.test(line))).toBe(false);
  });

  it('/join from the page moves it; the room and member panels follow', async () => {
    const server = await start();
    const c = await tcp(server);
    const { page, tag } = await openSeenBy(server, c);
    await waitForPanel(page, '#rooms', ['#lobby (2 users) (here)']);
    await say(page, '/join #Dev');
    expect(await c.next()).toBe(`*** ${tag} left for #Dev`);
    await waitForLine(page, '--- Now in #Dev: 1 users here.');
    await waitForPanel(page, '#rooms', ['#lobby (1 users)', '#Dev (1 users) (here)']);
    await waitForPanel(page, '#members', [`${tag} (you)`]);
    expect(await until(() => page.textContent('#members-title'), (t) => t === 'Members of #Dev')).toBe('Members of #Dev');
    // The room list is a list of buttons: one press (keyboard) goes back.
    await page.focus('#rooms li:first-child button');
    await page.keyboard.press('Enter');
    await waitForLine(page, '--- Now in #lobby: 2 users here.');
    expect(await c.next()).toBe(`*** ${tag} joined`);
    await waitForPanel(page, '#rooms', ['#lobby (2 users) (here)']);
  });

  it('shows hostile chat as text: no element is made from it and no script runs', async () => {
    const server = await start();
    const c = await tcp(server);
    const { page } = await openSeenBy(server, c);
    const evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    c.line(evil);
    await waitForLine(page, `${c.tag}: ${evil}`);
    expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await page.$$('#transcript img, #transcript script')).toHaveLength(0);
  });

  it('says when the server goes away, reconnects by itself when it is back, and chats again', async () => {
    const first = await start();
    const webPort = first.webPort!;
    const page = await open(first);
    await until(() => page.textContent('#status'), (s) => s?.startsWith('Connected') ?? false);
    await servers.splice(0, 1)[0]!.shutdown();
    await waitForLine(page, '*** Server is shutting down');
    await until(() => page.textContent('#status'), (s) => s?.startsWith('Disconnected from the server') ?? false);
    const second = await start({ webPort });
    const c = await tcp(second);
    const joined = /^\*\*\* (\[[^\]]+\]\S+) joined$/.exec(await c.next(15_000));
    expect(joined).not.toBeNull();
    await until(() => page.textContent('#status'), (s) => s?.startsWith('Connected') ?? false);
    await say(page, 'back again');
    expect(await c.next()).toBe(`${joined![1]}: back again`);
  });

  it('works with the keyboard alone: Enter sends, Up and Down walk the input history', async () => {
    const server = await start();
    const c = await tcp(server);
    const { page, tag } = await openSeenBy(server, c);
    await page.focus('#input');
    for (const text of ['first', 'second']) {
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      expect(await c.next()).toBe(`${tag}: ${text}`);
    }
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('#input')).toBe('first');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#input')).toBe('second');
    await page.keyboard.press('Enter');
    expect(await c.next()).toBe(`${tag}: second`);
    expect(await page.getAttribute('#transcript', 'role')).toBe('log');
    // The page asks /who 100 ms after the last join it saw: wait for the answer, not for the clock.
    expect(await waitForPanel(page, '#members', [c.tag, `${tag} (you)`])).toEqual([c.tag, `${tag} (you)`]);
  });

  it('after a goodbye the server meant (quit, idle kick), waits for Enter instead of reconnecting', async () => {
    const server = await start({ idleTimeout: 0.5 });
    const page = await open(server);
    await waitForLine(page, '!!! Idle for more than 0.5 s; disconnecting');
    await until(() => page.textContent('#status'), (s) => s === 'Disconnected. Press Enter to join again.');
    expect(server.stats().connections).toBe(0);
    await page.focus('#input');
    await page.keyboard.press('Enter');
    await until(() => page.textContent('#status'), (s) => s?.startsWith('Connected') ?? false);

    const calm = await start();
    const other = await open(calm);
    await until(() => other.textContent('#status'), (s) => s?.startsWith('Connected') ?? false);
    await say(other, '/quit');
    await waitForLine(other, '--- Bye!');
    await until(() => other.textContent('#status'), (s) => s === 'Disconnected. Press Enter to join again.');
    expect(calm.stats().connections).toBe(0);
  });
});
