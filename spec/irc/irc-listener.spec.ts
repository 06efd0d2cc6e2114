import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '../../src/chat-server';
import { Config } from '../../src/config/config';
import { TestClient } from '../support/client';
import { captureLog } from '../support/log-capture';
import { useChatServers } from '../support/server';
import { parseAddressList } from '../../src/net/cidr';

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

describe('the commands of §17', () => {
  it('JOIN parts the first channel, PART goes back to #lobby, and the nc user sees both as notices', async () => {
    const server = await start(withIrc());
    const nc = await join(server);
    const bob = await ircJoin(server, 'bob', `${nc.addr} bob`);
    expect(await nc.next()).toBe(`*** [${bob.addr}]bob joined`);
    bob.send('JOIN #dev\r\n');
    expect(await bob.take(5)).toEqual([
      `:bob!u@${bob.addr} PART #lobby :#dev`,
      `:bob!u@${bob.addr} JOIN #dev`,
      ':rxchat 332 bob #dev :#dev',
      ':rxchat 353 bob = #dev :bob',
      ':rxchat 366 bob #dev :End of /NAMES list.',
    ]);
    expect(await nc.next()).toBe(`*** [${bob.addr}]bob left for #dev`);
    bob.send('PART #dev\r\n');
    expect(await bob.take(5)).toEqual([
      `:bob!u@${bob.addr} PART #dev :#lobby`,
      `:bob!u@${bob.addr} JOIN #lobby`,
      ':rxchat 332 bob #lobby :#lobby',
      `:rxchat 353 bob = #lobby :${nc.addr} bob`,
      ':rxchat 366 bob #lobby :End of /NAMES list.',
    ]);
    expect(await nc.next()).toBe(`*** [${bob.addr}]bob joined`);
    nc.line('/join #dev');
    expect(await bob.next()).toBe(`:${nc.addr}!u@${nc.addr} PART #lobby :#dev`);
    bob.send('PART #lobby\r\nPART #nowhere\r\n');
    expect(await bob.take(2)).toEqual([
      ':rxchat NOTICE bob :Everyone is in one room at a time; JOIN another to leave #lobby',
      ":rxchat 442 bob #nowhere :You're not on that channel",
    ]);
  });

  it('NAMES, WHO, WHOIS, LIST, TOPIC and MODE answer with their numerics', async () => {
    const server = await start(withIrc());
    const nc = await join(server);
    nc.line('/nick alice');
    await nc.next();
    const bob = await ircJoin(server, 'bob', 'alice bob');
    bob.send('NAMES #lobby\r\nWHO #lobby\r\nWHOIS alice\r\nWHOIS nobody\r\nLIST\r\nTOPIC #lobby\r\nTOPIC #lobby :new\r\nMODE #lobby\r\nMODE #lobby b\r\nMODE bob +i\r\n');
    const lines = await bob.take(19);
    expect(lines.map((l) => l.replace(/idle \d+|bob alice \d+ :/, (m) => m.replace(/\d+/, 'N')))).toEqual([
      ':rxchat 353 bob = #lobby :alice bob',
      ':rxchat 366 bob #lobby :End of /NAMES list.',
      `:rxchat 352 bob #lobby u ${nc.addr} rxchat alice H :0 alice`,
      `:rxchat 352 bob #lobby u ${bob.addr} rxchat bob H :0 bob`,
      ':rxchat 315 bob #lobby :End of /WHO list.',
      `:rxchat 311 bob alice u ${nc.addr} * :alice`,
      ':rxchat 319 bob alice :#lobby',
      ':rxchat 317 bob alice N :seconds idle',
      ':rxchat 318 bob alice :End of /WHOIS list.',
      ':rxchat 401 bob nobody :No such user: nobody',
      ':rxchat 318 bob nobody :End of /WHOIS list.',
      ':rxchat 321 bob Channel :Users  Name',
      ':rxchat 322 bob #lobby 2 :#lobby',
      ':rxchat 323 bob :End of /LIST',
      ':rxchat 332 bob #lobby :#lobby',
      ":rxchat 482 bob #lobby :The topic is the room's name",
      ':rxchat 324 bob #lobby +nt',
      ':rxchat 368 bob #lobby :End of channel ban list',
      ':rxchat 221 bob +',
    ]);
  });

  it('AWAY marks the member away, and a PRIVMSG to it answers the sender with 301', async () => {
    const server = await start(withIrc());
    const nc = await join(server);
    nc.line('/nick alice');
    await nc.next();
    const bob = await ircJoin(server, 'bob', 'alice bob');
    bob.send('AWAY :lunch\r\n');
    expect(await bob.next()).toBe(':rxchat 306 bob :You have been marked as being away');
    nc.line('/msg bob are you there');
    expect(await nc.take(3)).toEqual([`*** [${bob.addr}]bob joined`, `[${nc.addr}]alice -> bob: are you there`, '--- bob is away: lunch']);
    expect(await bob.next()).toBe(`:alice!u@${nc.addr} PRIVMSG bob :are you there`);
    nc.line('/away nap');
    await nc.next();
    bob.send('PRIVMSG alice :wake up\r\n');
    expect(await bob.next()).toBe(':rxchat 301 bob alice :nap');
    bob.send('AWAY\r\n');
    expect(await bob.next()).toBe(':rxchat 305 bob :You are no longer marked as being away');
  });

  it('MOTD shows the --motd-file lines; NICK renames or says 433; unknown commands get 421; QUIT says goodbye', async () => {
    const server = await start(withIrc({ motd: ['Be nice.', 'Really.'] }));
    const nc = await join(server);
    nc.line('/nick alice');
    await nc.take(3);
    const bob = await irc(server);
    bob.send('NICK bob\r\nUSER bob 0 * :bob\r\n');
    expect((await bob.take(13)).slice(5, 9)).toEqual([
      ':rxchat 375 bob :- rxchat Message of the day -',
      ':rxchat 372 bob :- Be nice.',
      ':rxchat 372 bob :- Really.',
      ':rxchat 376 bob :End of /MOTD command.',
    ]);
    bob.send('MOTD\r\nFOO bar\r\nNICK alice\r\nNICK bobby\r\n');
    expect(await bob.take(7)).toEqual([
      ':rxchat 375 bob :- rxchat Message of the day -',
      ':rxchat 372 bob :- Be nice.',
      ':rxchat 372 bob :- Really.',
      ':rxchat 376 bob :End of /MOTD command.',
      ':rxchat 421 bob FOO :Unknown command',
      ':rxchat 433 bob alice :Name alice is already taken',
      `:bob!u@${bob.addr} NICK :bobby`,
    ]);
    bob.send('QUIT :gone fishing\r\n');
    expect(await bob.next()).toBe('ERROR :Bye!');
    await bob.waitClosed();
    expect(await nc.take(3)).toEqual([
      `*** [${bob.addr}]bob joined`,
      `*** [${bob.addr}]bob is now known as bobby`,
      `*** [${bob.addr}]bobby left (gone fishing)`,
    ]);
  });

  it('KICK works for an operator (OP passed on) and is refused with 482 otherwise; the kicked nc user is seen leaving by KICK', async () => {
    const server = await start(withIrc({ opPassword: 'sesame' }));
    const nc = await join(server);
    nc.line('/nick alice');
    await nc.next();
    const bob = await ircJoin(server, 'bob', 'alice bob');
    const carol = await ircJoin(server, 'carol', 'alice bob carol');
    await bob.next();
    bob.send('KICK #lobby alice :spam\r\n');
    expect(await bob.next()).toBe(':rxchat 482 bob #lobby :Not an operator');
    bob.send('OP sesame\r\nKICK #lobby alice :spam\r\n');
    expect(await bob.take(2)).toEqual([':rxchat NOTICE bob :--- You are now an operator', `:bob!u@${bob.addr} KICK #lobby alice :spam`]);
    expect(await carol.next()).toBe(`:bob!u@${bob.addr} KICK #lobby alice :spam`);
    expect(await nc.take(3)).toEqual([`*** [${bob.addr}]bob joined`, `*** [${carol.addr}]carol joined`, `!!! Kicked by [${bob.addr}]bob: spam`]);
    nc.line('/quit');
    bob.send('KICK #lobby carol\r\n');
    expect(await carol.next()).toBe(`ERROR :Kicked by [${bob.addr}]bob`);
    expect(await bob.next()).toBe(`:bob!u@${bob.addr} KICK #lobby carol :bob`);
  });

  it('PASS logs in as a registered nick', async () => {
    const server = await start(withIrc());
    const nc = await join(server);
    nc.line('/nick alice');
    nc.line('/register secret123');
    await nc.take(2);
    nc.line('/quit');
    await nc.waitClosed();
    const guest = await irc(server);
    guest.send('NICK alice\r\nUSER alice 0 * :A\r\n');
    expect(await guest.take(2)).toEqual([
      ':rxchat 433 * alice :Name alice is registered; use /login alice PASSWORD',
      `:rxchat 001 Guest1 :Welcome, [${guest.addr}]Guest1! 1 users online. Type /help for commands.`,
    ]);
    guest.send('QUIT\r\n');
    await guest.waitClosed();
    const a = await irc(server);
    a.send('PASS secret123\r\nNICK alice\r\nUSER alice 0 * :A\r\n');
    const lines = await a.take(12);
    expect(lines[0]).toBe(`:rxchat 001 ${a.addr} :Welcome, [${a.addr}]${a.addr}! 1 users online. Type /help for commands.`);
    expect(lines.slice(6)).toEqual([
      `:${a.addr}!u@${a.addr} JOIN #lobby`,
      `:rxchat 332 ${a.addr} #lobby :#lobby`,
      `:${a.addr}!u@${a.addr} NICK :alice`,
      ':rxchat NOTICE alice :--- Logged in as alice',
      ':rxchat 353 alice = #lobby :alice',
      ':rxchat 366 alice #lobby :End of /NAMES list.',
    ]);
  });

  it('splits long chat from others at character boundaries into lines of at most 512 bytes, UTF-8 intact', async () => {
    const server = await start(withIrc());
    const nc = await join(server);
    const bob = await ircJoin(server, 'bob', `${nc.addr} bob`);
    const text = '\u4f60\u597d\u{1F600}'.repeat(100);
    nc.line(text);
    const head = `:${nc.addr}!u@${nc.addr} PRIVMSG #lobby :`;
    const lines = await bob.take(3);
    expect(lines.every((l) => l.startsWith(head) && Buffer.byteLength(`${l}\r\n`) <= 512)).toBe(true);
    expect(lines.map((l) => l.slice(head.length)).join('')).toBe(text);
    bob.send(`PRIVMSG #lobby :caf\u00e9 \u{1F600}\r\n`);
    expect(await nc.take(3)).toEqual([`*** [${bob.addr}]bob joined`, `[${nc.addr}]${nc.addr}: ${text}`, `[${bob.addr}]bob: caf\u00e9 \u{1F600}`]);
  });

  it('pings a silent client, keeps one that answers, and ends one that does not as idle', async () => {
    const server = await start(withIrc({ idleTimeout: 0.6 }));
    const bob = await ircJoin(server, 'bob', 'bob');
    expect(await bob.next()).toBe('PING :rxchat');
    bob.send('PONG :rxchat\r\n');
    expect(await bob.next()).toBe('PING :rxchat');
    expect(await bob.next()).toBe('ERROR :Idle for more than 0.6 s; disconnecting');
    await bob.waitClosed();
  });

  it('the IRC host is the cloak with --hide-addresses', async () => {
    const server = await start(withIrc({ hideAddresses: true }));
    const nc = await join(server);
    const bob = await irc(server);
    bob.send('NICK bob\r\nUSER bob 0 * :bob\r\n');
    const lines = await bob.take(10);
    expect(lines[6]).toMatch(/^:bob!u@~[0-9a-f]{8} JOIN #lobby$/);
    nc.line('hi');
    expect(await bob.next()).toMatch(/^:~[0-9a-f]{8}!u@~[0-9a-f]{8} PRIVMSG #lobby :hi$/);
    expect(bob.raw.join('')).not.toContain('127.0.0.1');
  });
});

describe('the admission gate', () => {
  it('counts an IRC client against --max-per-ip once it has registered, and tells the next one why with ERROR', async () => {
    const server = await start(withIrc({ maxPerIp: 1, exempt: parseAddressList('none')! }));
    await ircJoin(server, 'bob', 'bob');
    const carol = await irc(server);
    carol.send('NICK carol\r\nUSER carol 0 * :carol\r\n');
    expect(await carol.next()).toBe('ERROR :Too many connections from your address (max 1)');
    await carol.waitClosed();
  });
});

describe('bad input and floods', () => {
  it('answers a line that is not IRC, invalid UTF-8 and an over-long line, and goes on', async () => {
    const server = await start(withIrc({ maxLine: 600 }));
    const nc = await join(server);
    const bob = await ircJoin(server, 'bob', `${nc.addr} bob`);
    bob.send(Buffer.concat([Buffer.from(':only-a-prefix\r\nPRIVMSG #lobby :a'), Buffer.from([0xff, 0xc3]), Buffer.from('b\r\n')]));
    bob.send(`PRIVMSG #lobby :${'x'.repeat(700)}\r\nPRIVMSG #lobby :still here\r\n`);
    expect(await bob.take(2)).toEqual([
      ':rxchat NOTICE bob :Not an IRC message (a message needs a command after its prefix); ignored',
      ':rxchat 417 bob :Line too long (max 600 bytes); discarded',
    ]);
    expect(await nc.take(3)).toEqual([`*** [${bob.addr}]bob joined`, `[${bob.addr}]bob: a\ufffd\ufffdb`, `[${bob.addr}]bob: still here`]);
    // A line still without its end once past the limit is discarded up to its LF, as it arrives.
    bob.send(`PRIVMSG #lobby :${'y'.repeat(700)}`);
    expect(await bob.next()).toBe(':rxchat 417 bob :Line too long (max 600 bytes); discarded');
    bob.send('yyy\r\nPRIVMSG #lobby :after\r\n');
    expect(await nc.next()).toBe(`[${bob.addr}]bob: after`);
  });

  it('paces a flooding client by the token bucket: every line arrives, in order, and it is told once', async () => {
    const server = await start(withIrc({ rate: 20, burst: 3 }));
    const nc = await join(server);
    const bob = await ircJoin(server, 'bob', `${nc.addr} bob`);
    await nc.next();
    bob.send(Array.from({ length: 12 }, (_, i) => `PRIVMSG #lobby :line ${i}\r\n`).join(''));
    expect(await nc.take(12)).toEqual(Array.from({ length: 12 }, (_, i) => `[${bob.addr}]bob: line ${i}`));
    expect(await bob.next()).toBe(':rxchat NOTICE bob :--- Slow down: lines beyond 20 per second are delayed');
  });
});
