import { describe, expect, it } from 'vitest';
import { EncodedLine } from '../../src/net/encoded-line';
import { Outbox } from '../../src/net/outbox';

describe('Outbox', () => {
  it('delivers each line to the socket first, then to subscribers, in order', () => {
    const seen: string[] = [];
    const outbox = new Outbox((line) => seen.push(`socket ${line.text}`));
    outbox.next(new EncodedLine('before'));
    outbox.subscribe({ next: (line) => seen.push(`watcher ${line.text}`), complete: () => seen.push('watcher done') });
    outbox.next(new EncodedLine('a'));
    outbox.next(new EncodedLine('b'));
    outbox.complete();
    expect(seen).toEqual(['socket before', 'socket a', 'watcher a', 'socket b', 'watcher b', 'watcher done']);
  });

  it('delivers nothing once completed', () => {
    const seen: string[] = [];
    const outbox = new Outbox((line) => seen.push(line.text));
    outbox.complete();
    outbox.next(new EncodedLine('late'));
    expect(seen).toEqual([]);
  });
});
