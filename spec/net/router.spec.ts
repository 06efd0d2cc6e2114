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

/** Three lines to the same list: the first marks it, the second resolves it, the third uses what was resolved. */
const threeLines = (router: Router, to: readonly number[], first: number, except?: number): void => {
  for (let n = first; n < first + 3; n++) router.perform([broadcast(to, `line ${n}`, except)]);
};

describe('Router', () => {
  it('hands every line to the same list to each connected recipient but the excepted one, and to one that came after the list was resolved', () => {
    const router = new Router();
    const [a, b, c] = [member(1), member(2), member(3)];
    router.add(a.connection);
    router.add(b.connection);
    // 4 is another node's client: nobody here.
    const members = [1, 2, 3, 4];
    threeLines(router, members, 1);
    router.add(c.connection);
    threeLines(router, members, 4, 2);
    expect(a.got).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    expect(b.got).toEqual(['line 1', 'line 2', 'line 3']);
    expect(c.got).toEqual(['line 4', 'line 5', 'line 6']);
  });

  it('hands nothing to a connection that has gone, even through a list it was resolved in', () => {
    const router = new Router();
    const [a, b] = [member(1), member(2)];
    router.add(a.connection);
    router.add(b.connection);
    const members = [1, 2];
    threeLines(router, members, 1);
    router.remove(b.connection);
    threeLines(router, members, 4);
    expect(a.got).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    expect(b.got).toEqual(['line 1', 'line 2', 'line 3']);
  });
});
