import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { zh } from '../../src/i18n/zh';
import { IrcMessage, parseIrc } from '../../src/irc/message';
import { roomLineReader } from '../../src/irc/room-lines';
import { chatInput, fromClient, fromRoom, IrcSession, newSession } from '../../src/irc/session';

const read = roomLineReader(en);
const me = '[127.0.0.1:5000]alice';

/** Feeds the room's lines to a session; every IRC line and input line it made, in order. */
const room = (s: IrcSession, ...lines: string[]): { s: IrcSession; irc: string[]; input: string[] } => {
  const irc: string[] = [];
  const input: string[] = [];
  for (const line of lines) {
    const out = fromRoom(s, read(line));
    s = out.session;
    irc.push(...out.irc);
    input.push(...out.input);
  }
  return { s, irc, input };
};

const client = (s: IrcSession, line: string): { s: IrcSession; irc: readonly string[]; input: readonly string[] } => {
  const out = fromClient(s, parseIrc(line) as IrcMessage);
  return { s: out.session, irc: out.irc, input: out.input };
};

/** A session welcomed into #lobby with bob there, its names read. */
const joined = (): IrcSession =>
  room(
    newSession('rxchat', 'alice', '127.0.0.1:5000'),
    `--- Welcome, ${me}! 2 users online. Type /help for commands.`,
    `*** ${me} joined`,
    '--- 2 users in #lobby:',
    '--- [127.0.0.1:6000]bob',
    `--- ${me} (you)`,
  ).s;

describe('the room read back', () => {
  it('tells the six forms apart, names with colons (an addr) included', () => {
    expect(read('[127.0.0.1:6000]bob: hi: there')).toEqual({ form: 'chat', from: { addr: '127.0.0.1:6000', name: 'bob' }, text: 'hi: there' });
    expect(read('[127.0.0.1:6000]127.0.0.1:6000: hi')).toEqual({ form: 'chat', from: { addr: '127.0.0.1:6000', name: '127.0.0.1:6000' }, text: 'hi' });
    expect(read('[[::1]:6000][::1]:6000: hi')).toEqual({ form: 'chat', from: { addr: '[::1]:6000', name: '[::1]:6000' }, text: 'hi' });
    expect(read('* [~0a1b2c3d]bob waves')).toEqual({ form: 'action', from: { addr: '~0a1b2c3d', name: 'bob' }, text: 'waves' });
    expect(read('[127.0.0.1:6000]bob -> alice: psst')).toEqual({ form: 'whisper', from: { addr: '127.0.0.1:6000', name: 'bob' }, to: 'alice', text: 'psst' });
    expect(read('*** [127.0.0.1:6000]bob left (gone fishing)')).toEqual({
      form: 'notice',
      line: '*** [127.0.0.1:6000]bob left (gone fishing)',
      notice: { kind: 'left', who: { addr: '127.0.0.1:6000', name: 'bob' }, message: 'Quit: gone fishing' },
    });
  });

  it('reads the fixed texts of another language from its own table', () => {
    const readZh = roomLineReader(zh);
    expect(readZh(`*** ${zh.joined(me)}`)).toMatchObject({ notice: { kind: 'joined', who: { addr: '127.0.0.1:5000', name: 'alice' } } });
    expect(readZh(`--- ${zh.whoHeader(3, '#dev')}`)).toMatchObject({ reply: { kind: 'whoHeader', count: 3, room: '#dev' } });
    expect(readZh(`--- ${zh.nowIn('#dev', 2)}`)).toMatchObject({ reply: { kind: 'nowIn', room: '#dev' } });
  });
});

describe('an IRC session', () => {
  it('turns the welcome into 001-005, then the MOTD, JOIN #lobby, the topic, history and names', () => {
    const s = newSession('rxchat', 'alice', '127.0.0.1:5000');
    const out = room(
      s,
      `--- Welcome, ${me}! 2 users online. Type /help for commands.`,
      '--- Be nice.',
      '--- Recent messages in #lobby:',
      '[127.0.0.1:6000]bob: earlier',
      '--- End of recent messages',
      `*** ${me} joined`,
      '--- 2 users in #lobby:',
      '--- [127.0.0.1:6000]bob (op)',
      `--- ${me} (you)`,
    );
    expect(out.irc).toEqual([
      `:rxchat 001 alice :Welcome, ${me}! 2 users online. Type /help for commands.`,
      ':rxchat 002 alice :Your host is rxchat, running rxchat',
      ':rxchat 003 alice :This server speaks the rxchat protocol to IRC clients',
      ':rxchat 004 alice rxchat rxchat i nt',
      ':rxchat 005 alice CHANTYPES=# NICKLEN=24 CHANNELLEN=25 CASEMAPPING=ascii PREFIX=(o)@ CHANMODES=,,,nt NETWORK=rxchat UTF8ONLY :are supported by this server',
      ':rxchat 375 alice :- rxchat Message of the day -',
      ':rxchat 372 alice :- Be nice.',
      ':rxchat 376 alice :End of /MOTD command.',
      ':alice!u@127.0.0.1:5000 JOIN #lobby',
      ':rxchat 332 alice #lobby :#lobby',
      ':rxchat NOTICE #lobby :--- Recent messages in #lobby:',
      ':rxchat NOTICE #lobby :[127.0.0.1:6000]bob: earlier',
      ':rxchat NOTICE #lobby :--- End of recent messages',
      ':rxchat 353 alice = #lobby :@bob alice',
      ':rxchat 366 alice #lobby :End of /NAMES list.',
    ]);
    expect(out.input).toEqual(['/who']);
    expect(out.s.channel).toBe('#lobby');
  });

  it('says 433 and keeps the name the room gave when the asked nick was taken', () => {
    const out = room(
      newSession('rxchat', 'bob', '127.0.0.1:5000'),
      '--- Welcome, [127.0.0.1:5000]127.0.0.1:5000! 2 users online. Type /help for commands.',
      '!!! Name bob is already taken',
      '*** [127.0.0.1:5000]127.0.0.1:5000 joined',
    );
    expect(out.irc.slice(5)).toEqual([
      ':rxchat 433 127.0.0.1:5000 bob :Name bob is already taken',
      ':rxchat 422 127.0.0.1:5000 :MOTD File is missing',
      ':127.0.0.1:5000!u@127.0.0.1:5000 JOIN #lobby',
      ':rxchat 332 127.0.0.1:5000 #lobby :#lobby',
    ]);
  });

  it("renders others' chat, actions and private messages, and never echoes the client's own", () => {
    const s = joined();
    expect(room(s, '[127.0.0.1:6000]bob: hi', '* [127.0.0.1:6000]bob waves', '[127.0.0.1:6000]bob -> alice: psst', `${me}: mine`, `* ${me} me`, `${me} -> bob: x`).irc).toEqual([
      ':bob!u@127.0.0.1:6000 PRIVMSG #lobby :hi',
      ':bob!u@127.0.0.1:6000 PRIVMSG #lobby :\u0001ACTION waves\u0001',
      ':bob!u@127.0.0.1:6000 PRIVMSG alice :psst',
    ]);
  });

  it('turns notices into JOIN, PART, QUIT, NICK and KICK, and others into a NOTICE', () => {
    const s = joined();
    expect(
      room(
        s,
        '*** [127.0.0.1:7000]carol joined',
        '*** [127.0.0.1:7000]carol left for #dev',
        '*** [127.0.0.1:6000]bob is now known as bobby',
        '*** [127.0.0.1:6000]bobby was kicked by [127.0.0.1:8000]op (spam)',
        '*** [127.0.0.1:9000]dave left',
        '*** [127.0.0.1:9001]eve timed out',
        '*** [127.0.0.1:9002]zed was muted by [127.0.0.1:8000]op',
      ).irc,
    ).toEqual([
      ':carol!u@127.0.0.1:7000 JOIN #lobby',
      ':carol!u@127.0.0.1:7000 PART #lobby :#dev',
      ':bob!u@127.0.0.1:6000 NICK :bobby',
      ':op!u@127.0.0.1:8000 KICK #lobby bobby :spam',
      ':dave!u@127.0.0.1:9000 QUIT :Quit',
      ':eve!u@127.0.0.1:9001 QUIT :Ping timeout',
      ':rxchat NOTICE #lobby :*** [127.0.0.1:9002]zed was muted by [127.0.0.1:8000]op',
    ]);
  });

  it('JOINs another room by parting the first, then asks for its names', () => {
    let s = joined();
    const asked = client(s, 'JOIN #dev');
    expect(asked.input).toEqual(['/join #dev']);
    const out = room(asked.s, '--- Now in #dev: 2 users here.', `*** ${me} joined`);
    expect(out.irc).toEqual([':alice!u@127.0.0.1:5000 PART #lobby :#dev', ':alice!u@127.0.0.1:5000 JOIN #dev', ':rxchat 332 alice #dev :#dev']);
    expect(out.input).toEqual(['/who']);
    s = room(out.s, '--- 2 users in #dev:', '--- [127.0.0.1:6000]bob', `--- ${me} (you)`).s;
    expect(client(s, 'PRIVMSG #dev :hello').input).toEqual(['hello']);
    expect(client(s, 'PRIVMSG #lobby :hello').irc).toEqual([':rxchat 404 alice #lobby :Cannot send to channel: you are in #dev']);
    expect(client(s, 'PART #dev').input).toEqual(['/join #lobby']);
  });

  it('translates commands into the chat’s own input lines', () => {
    const s = joined();
    const inputs = (line: string): readonly string[] => client(s, line).input;
    expect(inputs('PRIVMSG #lobby :\u0001ACTION waves\u0001')).toEqual(['/me waves']);
    expect(inputs('PRIVMSG bob :psst')).toEqual(['/msg bob psst']);
    expect(inputs('NOTICE #lobby :/not a command')).toEqual(['//not a command']);
    expect(inputs('PRIVMSG #lobby :exit')).toEqual(['\u200bexit']);
    expect(inputs('NICK bobby')).toEqual(['/nick bobby']);
    expect(inputs('QUIT :gone')).toEqual(['/quit gone']);
    expect(inputs('AWAY :lunch')).toEqual(['/away lunch']);
    expect(inputs('AWAY')).toEqual(['/back']);
    expect(inputs('KICK #lobby bob :spam')).toEqual(['/kick bob spam']);
    expect(inputs('LOGIN alice secret12')).toEqual(['/login alice secret12']);
    expect(inputs('PING :x')).toEqual(['']);
  });

  it('answers what it can alone, and 421 for what it does not know', () => {
    const s = joined();
    const irc = (line: string): readonly string[] => client(s, line).irc;
    expect(irc('PING :abc')).toEqual([':rxchat PONG rxchat :abc']);
    expect(irc('TOPIC #lobby')).toEqual([':rxchat 332 alice #lobby :#lobby']);
    expect(irc('TOPIC #lobby :new')).toEqual([":rxchat 482 alice #lobby :The topic is the room's name"]);
    expect(irc('MODE #lobby')).toEqual([':rxchat 324 alice #lobby +nt']);
    expect(irc('MODE #lobby b')).toEqual([':rxchat 368 alice #lobby :End of channel ban list']);
    expect(irc('MODE alice +i')).toEqual([':rxchat 221 alice +']);
    expect(irc('CAP LS 302')).toEqual([':rxchat CAP alice LS :']);
    expect(irc('NAMES #elsewhere')).toEqual([':rxchat 366 alice #elsewhere :End of /NAMES list.']);
    expect(irc('FOO bar')).toEqual([':rxchat 421 alice FOO :Unknown command']);
    expect(irc('MOTD')).toEqual([':rxchat 422 alice :MOTD File is missing']);
  });

  it('answers WHO, WHOIS, LIST and AWAY from the room’s replies', () => {
    const s = joined();
    const who = client(s, 'WHO #lobby');
    expect(who.input).toEqual(['/who']);
    expect(room(who.s, '--- 2 users in #lobby:', '--- [127.0.0.1:6000]bob (away: lunch) (op)', `--- ${me} (you)`).irc).toEqual([
      ':rxchat 352 alice #lobby u 127.0.0.1:6000 rxchat bob G* :0 bob',
      ':rxchat 352 alice #lobby u 127.0.0.1:5000 rxchat alice H :0 alice',
      ':rxchat 315 alice #lobby :End of /WHO list.',
    ]);
    const whois = client(s, 'WHOIS bob');
    expect(whois.input).toEqual(['/whois bob']);
    expect(room(whois.s, '--- [127.0.0.1:6000]bob: in #lobby, idle 12 s, away: lunch, operator').irc).toEqual([
      ':rxchat 311 alice bob u 127.0.0.1:6000 * :bob',
      ':rxchat 319 alice bob :#lobby',
      ':rxchat 317 alice bob 12 :seconds idle',
      ':rxchat 320 alice bob :away: lunch, operator',
      ':rxchat 318 alice bob :End of /WHOIS list.',
    ]);
    expect(room(client(s, 'WHOIS nobody').s, '!!! No such user: nobody').irc).toEqual([
      ':rxchat 401 alice nobody :No such user: nobody',
      ':rxchat 318 alice nobody :End of /WHOIS list.',
    ]);
    expect(room(client(s, 'LIST').s, '--- 2 rooms:', '--- #lobby (2 users) (here)', '--- #dev (1 users)').irc).toEqual([
      ':rxchat 321 alice Channel :Users  Name',
      ':rxchat 322 alice #lobby 2 :#lobby',
      ':rxchat 322 alice #dev 1 :#dev',
      ':rxchat 323 alice :End of /LIST',
    ]);
    expect(room(s, '--- bob is away: lunch', '--- You are away: nap', '--- You are back').irc).toEqual([
      ':rxchat 301 alice bob :lunch',
      ':rxchat 306 alice :You have been marked as being away',
      ':rxchat 305 alice :You are no longer marked as being away',
    ]);
  });

  it('answers errors with numerics, a goodbye with ERROR, anything else with a NOTICE', () => {
    const s = joined();
    expect(
      room(s, '!!! Name bob is already taken', '!!! Invalid name: 1-24 letters, digits, _ - .', '!!! Not an operator', '!!! You are muted', '--- Logged in as alice', '--- Bye!').irc,
    ).toEqual([
      ':rxchat 433 alice bob :Name bob is already taken',
      ':rxchat 432 alice * :Invalid name: 1-24 letters, digits, _ - .',
      ':rxchat 482 alice #lobby :Not an operator',
      ':rxchat NOTICE alice :!!! You are muted',
      ':rxchat NOTICE alice :--- Logged in as alice',
      'ERROR :Bye!',
    ]);
  });

  it('follows its own rename', () => {
    const out = room(joined(), `*** ${me} is now known as al`, '[127.0.0.1:5000]al: mine');
    expect(out.irc).toEqual([':alice!u@127.0.0.1:5000 NICK :al']);
    expect(out.s.nick).toBe('al');
  });

  it('keeps chat text that the room would read as a command as chat', () => {
    expect(chatInput('  hi  ')).toBe('hi');
    expect(chatInput('/me x')).toBe('//me x');
    expect(chatInput('who  online')).toBe('\u200bwho  online');
    expect(chatInput('rename|x')).toBe('\u200brename|x');
    expect(chatInput('exit now')).toBe('exit now');
  });
});
