import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../src/net/cidr';
import { admission, AdmissionCheck } from '../../src/net/admission';
import { en } from '../../src/i18n/en';
import { zh } from '../../src/i18n/zh';
import { TestClient } from '../support/client';
import { useChatServers } from '../support/server';
import { until } from '../support/until';

const { start, join, connect } = useChatServers();
const list = (text: string) => parseAddressList(text)!;
const tooMany = (max: number): string => `!!! Too many connections from your address (max ${max})`;

/** Reads what a refused client is told, then proves the server closed it. */
const refusedWith = async (client: TestClient): Promise<string[]> => {
  const lines: string[] = [];
  for (;;) {
    try {
      lines.push(await client.next());
    } catch {
      await client.waitClosed();
      return lines;
    }
  }
};

describe('the admission gate', () => {
  it('takes the first refusal of its checks, in order', () => {
    const no = (cause: string): AdmissionCheck => () => ({ cause, line: cause });
    const yes: AdmissionCheck = () => undefined;
    const arrival = { ip: 1n, addr: '0.0.0.1:5000' };
    expect(admission([yes, no('a'), no('b')])(arrival)?.cause).toBe('a');
    expect(admission([yes, yes])(arrival)).toBeUndefined();
    expect(admission([])(arrival)).toBeUndefined();
  });

  it('has the per-IP text in every language', () => {
    expect(en.tooManyFromAddress(4)).toBe('Too many connections from your address (max 4)');
    expect(zh.tooManyFromAddress(4)).toBe('来自你的地址的连接太多（最多 4 个）');
  });
});

describe('--max-per-ip', () => {
  it('refuses connection N+1 from one address with one line (LF), before it joins; nobody hears of it', async () => {
    const server = await start({ maxPerIp: 2, exempt: list('none') });
    const a = await join(server, '127.0.0.2');
    const b = await join(server, '127.0.0.2');
    expect(await a.next()).toBe(`*** ${b.tag} joined`);
    const before = server.stats();

    const c = await connect(server, '127.0.0.2');
    expect(await refusedWith(c)).toEqual([tooMany(2)]);
    expect(c.raw).toEqual([`${tooMany(2)}\n`]);

    // Nobody heard of it, and it never became a connection of the room.
    expect(await a.sync()).toEqual([]);
    expect(await b.sync()).toEqual([]);
    expect(server.stats()).toEqual(before);
    expect(server.stats()).toMatchObject({ connections: 2, members: 2, pipelines: 2, countedAddresses: 1 });
  });

  it('counts each address on its own, and frees a slot when a connection closes', async () => {
    const server = await start({ maxPerIp: 1, exempt: list('none') });
    const a = await join(server, '127.0.0.2');
    const other = await join(server, '127.0.0.3');
    expect(await a.next()).toBe(`*** ${other.tag} joined`);
    expect(await refusedWith(await connect(server, '127.0.0.2'))).toEqual([tooMany(1)]);

    a.line('/quit');
    expect(await a.next()).toBe('--- Bye!');
    await a.waitClosed();
    expect(await other.next()).toBe(`*** ${a.tag} left`);
    // The slot comes back once the socket has closed, which the server sees a moment after the client does.
    await until(() => server.stats().countedAddresses === 1, 'the slot of 127.0.0.2 given back');
    const again = await join(server, '127.0.0.2');
    expect(await other.next()).toBe(`*** ${again.tag} joined`);
  });

  it('a client that floods the refusal with input still reads its line', async () => {
    const server = await start({ maxPerIp: 1, exempt: list('none') });
    await join(server, '127.0.0.2');
    const c = await connect(server, '127.0.0.2');
    c.send('x'.repeat(256 * 1024));
    expect(await refusedWith(c)).toEqual([tooMany(1)]);
  });

  it('says it in Chinese with --lang zh', async () => {
    const server = await start({ maxPerIp: 1, exempt: list('none'), lang: 'zh' });
    await join(server, '127.0.0.2');
    expect(await refusedWith(await connect(server, '127.0.0.2'))).toEqual(['!!! 来自你的地址的连接太多（最多 1 个）']);
  });

  it('counts nothing with 0', async () => {
    const server = await start({ maxPerIp: 0, exempt: list('none') });
    for (let i = 0; i < 5; i++) await join(server, '127.0.0.2');
    expect(server.stats()).toMatchObject({ members: 5, countedAddresses: 0 });
  });

  it('exempts 127.0.0.0/8 and ::1 by default', async () => {
    const server = await start({ maxPerIp: 1 });
    await join(server, '127.0.0.1');
    await join(server, '127.0.0.1');
    await join(server, '127.0.0.2');
    await join(server, '127.0.0.2');
    expect(server.stats()).toMatchObject({ members: 4, countedAddresses: 0 });
  });
});

describe('--exempt', () => {
  it('does not count the listed addresses and ranges, and counts the rest', async () => {
    const server = await start({ maxPerIp: 1, exempt: list('127.0.0.2,127.0.1.0/24') });
    await join(server, '127.0.0.2');
    await join(server, '127.0.0.2');
    await join(server, '127.0.1.7');
    await join(server, '127.0.1.7');
    await join(server, '127.0.0.3');
    expect(await refusedWith(await connect(server, '127.0.0.3'))).toEqual([tooMany(1)]);
    expect(server.stats()).toMatchObject({ members: 5, countedAddresses: 1 });
  });

  it('counts an IPv4-mapped client (::ffff:a.b.c.d on a dual-stack socket) as its IPv4 address', async () => {
    const server = await start({ host: '::ffff:127.0.0.1', maxPerIp: 1, exempt: list('127.0.0.2') });
    const connectTo = async (from: string): Promise<TestClient> => {
      const client = await TestClient.connect(server.port, '127.0.0.1', from);
      return client;
    };
    const exempt = [await connectTo('127.0.0.2'), await connectTo('127.0.0.2')];
    for (const client of exempt) expect((await client.next()).startsWith('--- Welcome')).toBe(true);
    const counted = await connectTo('127.0.0.3');
    expect((await counted.next()).startsWith('--- Welcome')).toBe(true);
    const refused = await connectTo('127.0.0.3');
    expect(await refusedWith(refused)).toEqual([tooMany(1)]);
    [...exempt, counted].forEach((c) => c.destroy());
  });

  it('takes IPv6 addresses and ranges', async () => {
    const server = await start({ host: '::1', maxPerIp: 1, exempt: list('::/127') });
    const clients = [await TestClient.connect(server.port, '::1'), await TestClient.connect(server.port, '::1')];
    for (const client of clients) expect((await client.next()).startsWith('--- Welcome')).toBe(true);
    clients.forEach((c) => c.destroy());

    const strict = await start({ host: '::1', maxPerIp: 1, exempt: list('none') });
    const first = await TestClient.connect(strict.port, '::1');
    expect((await first.next()).startsWith('--- Welcome')).toBe(true);
    const second = await TestClient.connect(strict.port, '::1');
    expect(await refusedWith(second)).toEqual([tooMany(1)]);
    first.destroy();
  });
});
