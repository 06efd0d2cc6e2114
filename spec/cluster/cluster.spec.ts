import { describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { afterAll } from 'vitest';
import { SNAPSHOT_EVERY } from '../../src/cluster/cluster-log';
import { clusterKeys } from '../../src/cluster/keys';
import { SHARED_REDIS, uniqueCluster, useClusters } from '../support/cluster';

let client: Redis | undefined;
const redis = (): Redis => (client ??= new Redis(SHARED_REDIS));
afterAll(() => client?.disconnect());

/** Several nodes, one set of rooms: the protocol's texts, unchanged, across nodes (a real Redis). */
describe('a cluster of two nodes', () => {
  const { cluster, node, connect } = useClusters();

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

  it('two nodes renaming two clients to the same name at the same moment: exactly one succeeds, everywhere', async () => {
    const [one, two] = await cluster(2);
    const a = await connect(one!);
    await a.take(2);
    const b = await connect(two!);
    await b.take(2);
    await a.next();
    a.line('/nick same');
    b.line('/nick SAME');
    // Both see the one rename that won, in the same words; the loser then gets its error.
    const [seenByA, seenByB] = [await a.next(), await b.next()];
    expect(seenByA).toBe(seenByB);
    const winner = seenByA === `*** ${a.tag} is now known as same` ? a : b;
    expect(seenByA).toBe(winner === a ? `*** ${a.tag} is now known as same` : `*** ${b.tag} is now known as SAME`);
    const loser = winner === a ? b : a;
    expect(await loser.next()).toBe(`!!! Name ${loser === a ? 'same' : 'SAME'} is already taken`);
    expect(await winner.sync()).toEqual([]);
    expect(await loser.sync()).toEqual([]);
  });

  it('shares history, operators and bans: a node that starts late knows everything', async () => {
    const [one, two] = await cluster(2, { opPassword: 'pw', history: 5 });
    const op = await connect(one!);
    await op.take(2);
    op.line('/op pw');
    expect(await op.next()).toBe('--- You are now an operator');
    op.line('remember this');
    expect(await op.next()).toBe(`${op.tag}: remember this`);
    const t = await connect(two!);
    expect(await t.take(5)).toEqual([
      `--- Welcome, ${t.tag}! 2 users online. Type /help for commands.`,
      '--- Recent messages in #lobby:',
      `${op.tag}: remember this`,
      '--- End of recent messages',
      `*** ${t.tag} joined`,
    ]);
    expect(await op.next()).toBe(`*** ${t.tag} joined`);
    op.line(`/mute ${t.addr}`);
    expect(await t.next()).toBe(`*** ${t.tag} was muted by ${op.tag}`);
    t.line('spam');
    expect(await t.next()).toBe('!!! You are muted');
    op.line(`/kick ${t.addr} enough`);
    expect(await t.next()).toBe(`!!! Kicked by ${op.tag}: enough`);
    await t.waitClosed();
    expect(await op.take(2)).toEqual([`*** ${t.tag} was muted by ${op.tag}`, `*** ${t.tag} was kicked by ${op.tag} (enough)`]);
  });

  it('a node that starts after more than a snapshot\'s worth of entries loads the snapshot and reads on', async () => {
    const name = uniqueCluster();
    const first = await node(name, { history: 3 });
    const a = await connect(first);
    await a.take(2);
    const lines = Array.from({ length: SNAPSHOT_EVERY + 50 }, (_, i) => `line ${i}`);
    a.send(lines.map((l) => `${l}\n`).join(''));
    await a.take(lines.length, 30_000);
    expect(JSON.parse((await redis().get(clusterKeys(name).snapshot))!)).toMatchObject({ count: SNAPSHOT_EVERY });
    const late = await node(name, { history: 3 });
    const b = await connect(late);
    expect(await b.take(6)).toEqual([
      `--- Welcome, ${b.tag}! 2 users online. Type /help for commands.`,
      '--- Recent messages in #lobby:',
      ...lines.slice(-3).map((l) => `${a.tag}: ${l}`),
      '--- End of recent messages',
    ]);
  }, 60_000);
});
