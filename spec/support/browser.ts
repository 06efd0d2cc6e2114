import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium, as .ci/run installs it; the tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium for the page tests, with the flags this closed network
 * needs (no background traffic, no QUIC). Playwright starts it with a fresh
 * profile of its own in a temporary folder each launch, removed on close.
 */
export const launchChromium = async (): Promise<{ browser: Browser; close: () => Promise<void> }> => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { browser, close: () => browser.close() };
};

/** The transcript's lines as the page shows them, in order. */
export const transcriptOf = (page: Page): Promise<string[]> =>
  page.$$eval('#transcript .line', (rows) => rows.map((r) => r.textContent ?? ''));

/** The items of a side panel (`#members` or `#rooms`), in order. */
export const panelOf = (page: Page, panel: '#members' | '#rooms'): Promise<string[]> =>
  page.$$eval(`${panel} li`, (items) => items.map((li) => li.textContent ?? ''));

/** Polls `read` until `done` holds of what it returns, or fails with the last value after `timeoutMs`. */
export const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Waits until the page's transcript holds `line`. */
export const waitForLine = (page: Page, line: string): Promise<string[]> => until(() => transcriptOf(page), (lines) => lines.includes(line));

/** Waits until a side panel lists exactly `items`. */
export const waitForPanel = (page: Page, panel: '#members' | '#rooms', items: readonly string[]): Promise<string[]> =>
  until(() => panelOf(page, panel), (got) => JSON.stringify(got) === JSON.stringify(items));

/** Types a line into the page's input and presses Enter, as a person would. */
export const say = async (page: Page, text: string): Promise<void> => {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
};
