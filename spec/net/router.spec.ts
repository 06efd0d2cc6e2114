import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/net/connection';
import { EncodedLine } from '../../src/net/encoded-line';
import { Outbox } from '../../src/net/outbox';
import { Router } from '../../src/net/router';
import { broadcast } from '../../src/room/effects';

/** A connection as the router sees it: an id and an outbox that keeps what it is handed. */
const member = (id: number) => {
  const got: string[] = [];
  const outbox = new Outbox((line: EncodedLine) => got.push(line.text));
  return { got, connection: { id, outbox, close: () => undefined } as unknown as Connection };
};

describe('Router', () => {
  it('hands a broadcast to each connected recipient but the excepted one, and to a connection that came after the list was first used', () => {
    const router = new Router();
    const [a, b, c] = [member(1), member(2), member(3)];
    router.add(a.connection);
    router.add(b.connection);
    // 4 is another node's client: nobody here.
    const members = [1, 2, 3, 4];
    router.perform([broadcast(members, 'one')]);
    router.add(c.connection);
    router.perform([broadcast(members, 'two', 2)]);
    expect(a.got).toEqual(['one', 'two']);
    expect(b.got).toEqual(['one']);
    expect(c.got).toEqual(['two']);
  });

  it('hands nothing to a connection that has gone, even through a list it was resolved in', () => {
    const router = new Router();
    const [a, b] = [member(1), member(2)];
    router.add(a.connection);
    router.add(b.connection);
    const members = [1, 2];
    router.perform([broadcast(members, 'one')]);
    router.remove(b.connection);
    router.perform([broadcast(members, 'two')]);
    expect(a.got).toEqual(['one', 'two']);
    expect(b.got).toEqual(['one']);
  });
});
