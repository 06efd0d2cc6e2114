import { expect } from 'vitest';

interface Reader {
  next(deadlineMs?: number): Promise<string>;
  take(n: number, deadlineMs?: number): Promise<string[]>;
}
interface Flooder extends Reader {
  readonly tag: string;
  line(text: string): void;
}

/**
 * Floods in rounds of 100 long lines until `reader` hears that `dropped`
 * (a client that stopped reading) was disconnected; checks that the reader
 * got every line, in order, meanwhile. Returns whether the drop was seen.
 */
export const floodUntilDropped = async (flooder: Flooder, reader: Reader, dropped: string): Promise<boolean> => {
  const text = 'q'.repeat(2000);
  let sent = 0;
  for (let round = 0; round < 200; round++) {
    for (let i = 0; i < 100; i++) flooder.line(`${sent++} ${text}`);
    const got = await reader.take(100, 10_000);
    const seen = got.includes(dropped);
    const chat = got.filter((l) => l !== dropped);
    if (seen) chat.push(await reader.next());
    expect(chat).toEqual(chat.map((_, i) => `${flooder.tag}: ${sent - 100 + i} ${text}`));
    await flooder.take(got.length);
    if (seen) return true;
  }
  return false;
};
