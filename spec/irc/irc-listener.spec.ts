import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { Config } from '../../src/config/config';
import { TestClient } from '../support/client';
import { captureLog } from '../support/log-capture';
import { useChatServers } from '../support/server';

const { start, join } = useChatServers();
const withIrc = (overrides: Partial<Config> = {}): Partial<Config> => ({ ircPort: 0, ...overrides });

const ISUPPORT = 'CHANTYPES=# NICKLEN=24 CHANNELLEN=25 CASEMAPPING=ascii PREFIX=(o)@ CHANMODES=,,,nt NETWORK=rxchat UTF8ONLY';

/** The lines of a registration that went through, up to the end of #lobby's names. */
const registered = (nick: string, addr: string, online: number, names: string): string[] => [
  `:rxchat 001 ${nick} :Welcome, [${addr}]${nick}! ${online} users online. Type /help for commands.`,
  `:rxchat 002 ${nick} :Your host is rxchat, running rxchat`,
  `:rxchat 003 ${nick} :This server speaks the rxchat protocol to IRC clients`,
  `:rxchat 004 ${nick} rxchat rxchat i nt`,
  `:rxchat 005 ${nick} ${ISUPPORT} :are supported by this server`,
  `:rxchat 422 ${nick} :MOTD File is missing`,
  `:${nick}!u@${addr} JOIN #lobby`,
  `:rxchat 332 ${nick} #lobby :#lobby`,
  `:rxchat 353 ${nick} = #lobby :${names}`,
  `:rxchat 366 ${nick} #lobby :End of /NAMES list.`,
];

const irc = async (server: ChatServer): Promise<TestClient> => {
  const client = await TestClient.connect(server.ircPort!);
  opened.push(client);
  return client;
};
const opened: TestClient[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.destroy()));

/** An IRC client registered as `nick`, its registration read. */
const ircJoin = async (server: ChatServer, nick: string, names: string): Promise<TestClient> => {
  const client = await irc(server);
  client.send(`NICK ${nick}\r\nUSER ${nick} 0 * :${nick}\r\n`);
  const lines = await client.take(10);
  expect(lines.slice(6)).toEqual(registered(nick, client.addr, 0, names).slice(6));
  return client;
};

describe('registration', () => {
  it('answers CAP LS with no capabilities, then welcomes with 001-005, joins #lobby and names it, every line ending CR LF', async () => {
    const log = captureLog();
    const server = await start(withIrc(), { logger: log.logger });
    const alice = await irc(server);
    alice.send('CAP LS 302\r\nNICK alice\r\nUSER alice 0 * :Alice A.\r\nCAP END\r\n');
    expect(await alice.take(11)).toEqual([':rxchat CAP * LS :', ...registered('alice', alice.addr, 1, 'alice')]);
    expect(alice.raw.every((l) => l.endsWith('\r\n'))).toBe(true);
    expect(log.records.filter((r) => r.event === 'accept').map((r) => r.transport)).toEqual(['irc']);
  });

  it('says 451 to commands before registering, and PING is answered', async () => {
    const server = await start(withIrc());
    const c = await irc(server);
    c.send('JOIN #dev\r\nPING :abc\r\n');
    expect(await c.take(2)).toEqual([':rxchat 451 * :You have not registered', ':rxchat PONG rxchat :abc']);
  });

  it('gives 432 for a nick that is not a name, and 433 and a guest nick it can change for one that is taken', async () => {
    const server = await start(withIrc());
    const plain = await join(server);
    plain.line('/nick bob');
    await plain.next();
    const c = await irc(server);
    c.send('NICK [bad]\r\nNICK bob\r\nUSER bob 0 * :Bob\r\n');
    expect(await c.take(2)).toEqual([
      ':rxchat 432 * [bad] :Invalid name: 1-24 letters, digits, _ - .',
      ':rxchat 433 * bob :Name bob is already taken',
    ]);
    expect((await c.take(10)).slice(0, 1)).toEqual([`:rxchat 001 Guest1 :Welcome, [${c.addr}]Guest1! 2 users online. Type /help for commands.`]);
    c.send('NICK bobby\r\n');
    expect(await c.next()).toBe(`:Guest1!u@${c.addr} NICK :bobby`);
    expect(await plain.take(2)).toEqual([`*** [${c.addr}]Guest1 joined`, `*** [${c.addr}]Guest1 is now known as bobby`]);
  });
});

describe('an IRC client and an nc user in one room', () => {
  it('chat reaches each other both ways with exact lines', async () => {
    const server = await start(withIrc());
    const nc = await join(server);
    nc.line('/nick alice');
    nc.line('/join #dev');
    const bob = await ircJoin(server, 'bob', 'bob');
    bob.send('JOIN #dev\r\n');
    expect(await bob.take(5)).toEqual([
      `:bob!u@${bob.addr} PART #lobby :#dev`,
      `:bob!u@${bob.addr} JOIN #dev`,
      ':rxchat 332 bob #dev :#dev',
      ':rxchat 353 bob = #dev :alice bob',
      ':rxchat 366 bob #dev :End of /NAMES list.',
    ]);
    nc.line('hi');
    expect(await bob.next()).toBe(`:alice!u@${nc.addr} PRIVMSG #dev :hi`);
    bob.send('PRIVMSG #dev :hello alice\r\n');
    await nc.take(5);
    expect(await nc.next()).toBe(`[${bob.addr}]bob: hello alice`);
    bob.send('PRIVMSG #dev :\u0001ACTION waves\u0001\r\n');
    expect(await nc.next()).toBe(`* [${bob.addr}]bob waves`);
    nc.line('/me bows');
    expect(await bob.next()).toBe(`:alice!u@${nc.addr} PRIVMSG #dev :\u0001ACTION bows\u0001`);
    expect(await nc.next()).toBe(`* [${nc.addr}]alice bows`);
    bob.send('PRIVMSG alice :psst\r\n');
    expect(await nc.next()).toBe(`[${bob.addr}]bob -> alice: psst`);
    nc.line('/msg bob hush');
    expect(await bob.next()).toBe(`:alice!u@${nc.addr} PRIVMSG bob :hush`);
    // The IRC client never hears its own lines back.
    bob.send('PING :sync\r\n');
    expect(await bob.next()).toBe(':rxchat PONG rxchat :sync');
  });
});
