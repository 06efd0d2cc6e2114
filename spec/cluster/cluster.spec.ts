import { describe, expect, it } from 'vitest';
import { useClusters } from '../support/cluster';

/** Several nodes, one set of rooms: the protocol's texts, unchanged, across nodes (a real Redis). */
describe('a cluster of two nodes', () => {
  const { cluster, connect } = useClusters();

  it('is one server to its users: joins, chat, who, /msg and rooms across nodes, in one order', async () => {
    const [one, two] = await cluster(2);
    const a = await connect(one!);
    expect(await a.take(2)).toEqual([`--- Welcome, ${a.tag}! 1 users online. Type /help for commands.`, `*** ${a.tag} joined`]);
    const b = await connect(two!);
    expect(await b.take(2)).toEqual([`--- Welcome, ${b.tag}! 2 users online. Type /help for commands.`, `*** ${b.tag} joined`]);
    expect(await a.next()).toBe(`*** ${b.tag} joined`);
    a.line('hello from one');
    b.line('hello from two');
    const both = [await a.take(2), await b.take(2)];
    expect(both[0]).toEqual(both[1]);
    expect(new Set(both[0])).toEqual(new Set([`${a.tag}: hello from one`, `${b.tag}: hello from two`]));
    b.line('/who');
    expect(await b.take(3)).toEqual(['--- 2 users in #lobby:', `--- ${a.tag}`, `--- ${b.tag} (you)`]);
    a.line(`/msg ${b.addr} psst`);
    expect(await b.next()).toBe(`${a.tag} -> ${b.addr}: psst`);
    expect(await a.next()).toBe(`${a.tag} -> ${b.addr}: psst`);
    b.line('/join dev');
    expect(await a.next()).toBe(`*** ${b.tag} left for #dev`);
    expect(await b.take(2)).toEqual(['--- Now in #dev: 1 users here.', `*** ${b.tag} joined`]);
    a.line('/rooms');
    expect(await a.take(3)).toEqual(['--- 2 rooms:', '--- #lobby (1 users) (here)', '--- #dev (1 users)']);
    b.line('/quit bye');
    expect(await b.next()).toBe('--- Bye!');
    a.line('/rooms');
    expect(await a.take(2)).toEqual(['--- 1 rooms:', '--- #lobby (1 users) (here)']);
  });
});
