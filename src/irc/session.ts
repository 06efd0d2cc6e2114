import { IrcMessage, ircLine } from './message';
import { RoomLine, Who } from './room-lines';
import { fitLines, IRC_LINE_BYTES } from './split';

/**
 * One IRC client's view of the chat, as the IRC edge keeps it: pure data,
 * changed only by `fromClient` (an IRC message in) and `fromRoom` (a line
 * of the room's output out). Neither touches a socket; src/irc/irc-socket.ts
 * does, with what they return.
 */
export interface IrcSession {
  /** The server's name in prefixes and numerics. */
  readonly server: string;
  /** The client's nick as the client knows it: its member's name once the room has welcomed it. */
  readonly nick: string;
  /** The nick asked for at registration (433 names it when the room refused it). */
  readonly asked: string;
  /** The member's addr as the room shows it (the cloak with --hide-addresses), from the welcome line. */
  readonly addr: string;
  /** The channel the client has joined: its room. */
  readonly channel: string | undefined;
  /** A room the member is entering (`--- Now in …`) until its own join notice. */
  readonly entering: string | undefined;
  /** Before the welcome, the MOTD lines after it, then chat. */
  readonly stage: 'welcome' | 'motd' | 'chat';
  readonly motd: readonly string[];
  /** History lines being gathered between the markers, sent once the client has joined. */
  readonly history: readonly string[] | undefined;
  /** History gathered while entering a room, held for the JOIN. */
  readonly held: readonly string[];
  /** Questions the edge asked the room for the client, answered in order. */
  readonly expect: readonly Expect[];
  /** A who list or a room list being read, and what it answers. */
  readonly reading: Reading | undefined;
  /**
   * Answers the edge gave itself while the room still owed answers to
   * earlier commands: they wait for those, so a client's commands are
   * answered in the order it sent them.
   */
  readonly deferred: readonly string[];
}

/** What the room's next answer of that kind is for. */
export type Expect =
  | { readonly kind: 'names'; readonly channel: string }
  | { readonly kind: 'who'; readonly channel: string }
  | { readonly kind: 'list' }
  | { readonly kind: 'whois'; readonly nick: string };

interface Reading {
  readonly expect: Expect;
  readonly left: number;
  readonly entries: readonly RoomLine[];
}

/** What a step makes: the new session, IRC lines for the client, and input lines for the room. */
export interface Step {
  readonly session: IrcSession;
  readonly irc: readonly string[];
  readonly input: readonly string[];
}

export const newSession = (server: string, nick: string, addr: string): IrcSession => ({
  server,
  nick,
  asked: nick,
  addr,
  channel: undefined,
  entering: undefined,
  stage: 'welcome',
  motd: [],
  history: undefined,
  held: [],
  expect: [],
  reading: undefined,
  deferred: [],
});

/** The 005 tokens (§17): rooms are `#` channels, names 1–24 code points. */
export const ISUPPORT = 'CHANTYPES=# NICKLEN=24 CHANNELLEN=25 CASEMAPPING=ascii PREFIX=(o)@ CHANMODES=,,,nt NETWORK=rxchat UTF8ONLY';

/** Commands of the chat that have no IRC form, passed on as typed (`/quote LOGIN alice secret`, or irssi's `/login` sent raw). */
const PASSED_ON = new Set(['HELP', 'REGISTER', 'LOGIN', 'IDENTIFY', 'PASSWORD', 'UNREGISTER', 'OP', 'BAN', 'UNBAN', 'MUTE', 'UNMUTE', 'IGNORE', 'UNIGNORE', 'HISTORY', 'BACK']);

const roomKey = (room: string): string => room.normalize('NFKC').toLowerCase();
const sameRoom = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && roomKey(a) === roomKey(b);
// The name first: names differ in length or early far more often than addrs do.
const isMe = (s: IrcSession, who: Who): boolean => who.name === s.nick && who.addr === s.addr;
const source = (who: Who): string => `${who.name}!u@${who.addr}`;
const where = (s: IrcSession): string => s.channel ?? s.entering ?? '#lobby';

/**
 * Chat text as an input line that the room reads as that same chat: a
 * leading `/` doubled (`//TEXT` is chat `/TEXT`), and the few whole lines
 * the room reads as commands (`exit`, `quit`, `who online`, `rename|…`)
 * led by an invisible U+200B, so an IRC user who types them says them.
 */
export const chatInput = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed.startsWith('/')) return `/${trimmed}`;
  const lower = trimmed.toLowerCase();
  return lower === 'exit' || lower === 'quit' || /^who +online$/.test(lower) || lower.startsWith('rename|') ? `\u200b${trimmed}` : trimmed;
};

const CTCP_ACTION = /^\u0001ACTION ?(.*?)\u0001?$/su;

const step = (session: IrcSession, irc: readonly string[] = [], input: readonly string[] = []): Step => ({ session, irc, input });

/** An IRC message from the client (after registration): what to tell it at once, and what the room gets. */
export const fromClient = (s: IrcSession, m: IrcMessage): Step => {
  const num = (code: string, middle: readonly string[], trailing?: string): string => ircLine(s.server, code, [s.nick, ...middle], trailing);
  // Whatever the command, the room hears a line: the token bucket paces every message, and every one counts as activity.
  const alone = (...irc: string[]): Step => (owed(s) ? step({ ...s, deferred: [...s.deferred, ...irc] }, [], ['']) : step(s, irc, ['']));
  const [first = '', second = ''] = m.params;
  switch (m.command) {
    case 'PING':
      // Answered at once, whatever is owed: a client measures its lag by it.
      return step(s, [ircLine(s.server, 'PONG', [s.server], first)], ['']);
    case 'PONG':
      return alone();
    case 'PRIVMSG':
    case 'NOTICE': {
      const quiet = m.command === 'NOTICE';
      const target = first.split(',')[0] ?? '';
      if (target === '') return quiet ? alone() : alone(num('411', [], `No recipient given (${m.command})`));
      if (second === '') return quiet ? alone() : alone(num('412', [], 'No text to send'));
      const action = CTCP_ACTION.exec(second);
      // Other CTCP (VERSION, PING, …) is a question for a client, not chat; it is not answered here.
      if (action === null && second.startsWith('\u0001')) return alone();
      if (target.startsWith('#')) {
        if (!sameRoom(target, where(s))) return quiet ? alone() : alone(num('404', [target], `Cannot send to channel: you are in ${where(s)}`));
        return step(s, [], [action === null ? chatInput(second) : `/me ${action[1]!.trim()}`]);
      }
      return step(s, [], [`/msg ${target} ${action === null ? second.trim() : `* ${action[1]!.trim()}`}`]);
    }
    case 'JOIN': {
      const channel = first.split(',')[0] ?? '';
      if (channel === '') return alone(num('461', ['JOIN'], 'Not enough parameters'));
      if (channel === '0' || sameRoom(channel, where(s))) return alone();
      return step(s, [], [`/join ${channel}`]);
    }
    case 'PART': {
      const channel = first.split(',')[0] ?? '';
      if (!sameRoom(channel, where(s))) return alone(num('442', [channel || '*'], "You're not on that channel"));
      if (sameRoom(channel, '#lobby')) return alone(ircLine(s.server, 'NOTICE', [s.nick], `Everyone is in one room at a time; JOIN another to leave ${where(s)}`));
      return step(s, [], ['/join #lobby']);
    }
    case 'NICK':
      if (first === '') return alone(num('431', [], 'No nickname given'));
      return first === s.nick ? alone() : step(s, [], [`/nick ${first}`]);
    case 'QUIT':
      return step(s, [], [first === '' ? '/quit' : `/quit ${first}`]);
    case 'NAMES': {
      const channel = first.split(',')[0] || where(s);
      if (!sameRoom(channel, where(s))) return alone(num('366', [channel], 'End of /NAMES list.'));
      return step({ ...s, expect: [...s.expect, { kind: 'names', channel: where(s) }] }, [], ['/who']);
    }
    case 'WHO': {
      const mask = first || '*';
      if (!sameRoom(mask, where(s))) return alone(num('315', [mask], 'End of /WHO list.'));
      return step({ ...s, expect: [...s.expect, { kind: 'who', channel: where(s) }] }, [], ['/who']);
    }
    case 'WHOIS': {
      const nick = (m.params[m.params.length - 1] ?? '').split(',')[0] ?? '';
      if (nick === '') return alone(num('431', [], 'No nickname given'));
      return step({ ...s, expect: [...s.expect, { kind: 'whois', nick }] }, [], [`/whois ${nick}`]);
    }
    case 'LIST':
      return step({ ...s, expect: [...s.expect, { kind: 'list' }] }, [], ['/rooms']);
    case 'AWAY':
      return step(s, [], [first.trim() === '' ? '/back' : `/away ${first}`]);
    case 'MOTD':
      return alone(...motd(s));
    case 'TOPIC':
      if (!sameRoom(first, where(s))) return alone(num('442', [first || '*'], "You're not on that channel"));
      if (m.params.length > 1) return alone(num('482', [where(s)], "The topic is the room's name"));
      return alone(num('332', [where(s)], where(s)));
    case 'MODE':
      if (sameRoom(first, where(s))) {
        if (second === '') return alone(num('324', [where(s), '+nt']));
        if (second.replace(/^\+/, '') === 'b') return alone(num('368', [where(s)], 'End of channel ban list'));
        return alone(num('482', [where(s)], 'Modes are not set here'));
      }
      return alone(first.startsWith('#') ? num('442', [first], "You're not on that channel") : num('221', ['+']));
    case 'KICK':
      if (second === '') return alone(num('461', ['KICK'], 'Not enough parameters'));
      return step(s, [], [`/kick ${second}${m.params[2] === undefined || m.params[2] === '' ? '' : ` ${m.params[2]}`}`]);
    case 'USERHOST':
      return alone(num('302', [], m.params.some((p) => p === s.nick) ? `${s.nick}=+u@${s.addr}` : ''));
    case 'CAP': {
      const sub = first.toUpperCase();
      if (sub === 'LS' || sub === 'LIST') return alone(ircLine(s.server, 'CAP', [s.nick, sub], ''));
      if (sub === 'REQ') return alone(ircLine(s.server, 'CAP', [s.nick, 'NAK'], second));
      return alone();
    }
    case 'USER':
    case 'PASS':
      return alone(num('462', [], 'You may not reregister'));
    default:
      if (PASSED_ON.has(m.command)) return step(s, [], [[`/${m.command.toLowerCase()}`, ...m.params].join(' ')]);
      return alone(num('421', [m.command], 'Unknown command'));
  }
};

/** 375/372/376 with the lines `--motd-file` gave, or 422 without. */
const motd = (s: IrcSession): string[] => {
  const num = (code: string, trailing: string): string => ircLine(s.server, code, [s.nick], trailing);
  if (s.motd.length === 0) return [num('422', 'MOTD File is missing')];
  return [num('375', `- ${s.server} Message of the day -`), ...s.motd.map((line) => num('372', `- ${line}`)), num('376', 'End of /MOTD command.')];
};

/** 001–005, from the room's welcome line. */
const welcome = (s: IrcSession, text: string): string[] => {
  const num = (code: string, middle: readonly string[], trailing?: string): string => ircLine(s.server, code, [s.nick, ...middle], trailing);
  return [
    num('001', [], text),
    num('002', [], `Your host is ${s.server}, running rxchat`),
    num('003', [], 'This server speaks the rxchat protocol to IRC clients'),
    num('004', [s.server, 'rxchat', 'i', 'nt']),
    num('005', ISUPPORT.split(' '), 'are supported by this server'),
  ];
};

/**
 * The channel, when the IRC lines for a room line depend on nothing else:
 * chat and actions from others while nothing is in progress. Every IRC
 * client in that channel would write the same bytes, so the edge makes
 * them once (see IrcSocket).
 */
export const sharedIn = (s: IrcSession, line: RoomLine): string | undefined =>
  (line.form === 'chat' || line.form === 'action') &&
  s.stage === 'chat' &&
  s.reading === undefined &&
  s.history === undefined &&
  s.deferred.length === 0 &&
  !isMe(s, line.from)
    ? where(s)
    : undefined;

/** Whether the room still owes the client answers (a who list, a room list, a whois). */
const owed = (s: IrcSession): boolean => s.expect.length > 0 || s.reading !== undefined;

/** A line the room sends: what the IRC client is told, and any question the edge asks the room on its behalf. */
export const fromRoom = (s: IrcSession, line: RoomLine): Step => {
  const out = roomStep(s, line);
  if (owed(out.session) || out.session.deferred.length === 0) return out;
  return { ...out, session: { ...out.session, deferred: [] }, irc: [...out.irc, ...out.session.deferred] };
};

const roomStep = (s: IrcSession, line: RoomLine): Step => {
  if (s.stage === 'motd') {
    if (line.form === 'reply' && line.reply === undefined) return step({ ...s, motd: [...s.motd, line.line.slice(4)] });
    if (line.form === 'error' && line.error?.kind === 'nameTaken') return step(s, [ircLine(s.server, '433', [s.nick, s.asked], line.line.slice(4))]);
    if (line.form === 'error' && line.error?.kind === 'invalidName') return step(s, [ircLine(s.server, '432', [s.nick, s.asked], line.line.slice(4))]);
    const chat = fromRoom({ ...s, stage: 'chat' }, line);
    return { ...chat, irc: [...motd(s), ...chat.irc] };
  }
  if (s.reading !== undefined) return readOn(s, s.reading, line);
  if (s.history !== undefined && !(line.form === 'reply' && line.reply?.kind === 'historyEnd')) {
    return step({ ...s, history: [...s.history, line.form === 'reply' || line.form === 'notice' || line.form === 'error' || line.form === 'other' ? line.line : shown(line)] });
  }
  const notice = (to: string, text: string): string => ircLine(s.server, 'NOTICE', [to], text);
  const num = (code: string, middle: readonly string[], trailing?: string): string => ircLine(s.server, code, [s.nick, ...middle], trailing);
  switch (line.form) {
    case 'chat':
      return step(s, isMe(s, line.from) ? [] : fitLines(`:${source(line.from)} PRIVMSG ${where(s)} :`, line.text));
    case 'action':
      return step(s, isMe(s, line.from) ? [] : fitLines(`:${source(line.from)} PRIVMSG ${where(s)} :\u0001ACTION `, line.text, '\u0001'));
    case 'whisper':
      return step(s, isMe(s, line.from) ? [] : fitLines(`:${source(line.from)} PRIVMSG ${s.nick} :`, line.text));
    case 'other':
      return step(s, [notice(s.nick, line.line)]);
    case 'notice': {
      const n = line.notice;
      switch (n?.kind) {
        case 'joined': {
          if (!isMe(s, n.who)) return step(s, [`:${source(n.who)} JOIN ${where(s)}`]);
          const channel = s.entering ?? '#lobby';
          const history = s.held.map((h) => notice(channel, h));
          return step(
            { ...s, channel, entering: undefined, held: [], expect: [...s.expect, { kind: 'names', channel }] },
            [`:${source(n.who)} JOIN ${channel}`, num('332', [channel], channel), ...history],
            ['/who'],
          );
        }
        case 'left':
          return step(s, [`:${source(n.who)} QUIT :${n.message}`]);
        case 'leftFor':
          return step(s, [`:${source(n.who)} PART ${where(s)} :${n.room}`]);
        case 'renamed':
          return step(isMe(s, n.who) ? { ...s, nick: n.name } : s, [`:${source(n.who)} NICK :${n.name}`]);
        case 'kicked':
          return step(s, [`:${source(n.by)} KICK ${where(s)} ${n.who.name} :${n.reason ?? n.by.name}`]);
        case undefined:
          return step(s, [notice(s.channel ?? s.nick, line.line)]);
      }
    }
    // falls through only in the type checker's eyes: every notice kind returns above
    case 'reply': {
      const r = line.reply;
      switch (r?.kind) {
        case 'welcome': {
          if (s.stage !== 'welcome') return step(s, [notice(s.nick, line.line)]);
          const welcomed = { ...s, nick: r.who.name, addr: r.who.addr, stage: 'motd' as const, entering: '#lobby' };
          return step(welcomed, welcome(welcomed, line.line.slice(4)));
        }
        case 'nowIn':
          return step(
            { ...s, channel: undefined, entering: r.room },
            s.channel === undefined ? [] : [`:${s.nick}!u@${s.addr} PART ${s.channel} :${r.room}`],
          );
        case 'alreadyIn':
        case 'alreadyNamed':
          return step(s);
        case 'historyStart':
          return step({ ...s, history: [line.line] });
        case 'historyEnd': {
          const history = [...(s.history ?? []), line.line];
          // Entering a room: the history waits for the JOIN. Asked for (HISTORY): now.
          if (s.entering !== undefined) return step({ ...s, history: undefined, held: history });
          return step({ ...s, history: undefined }, history.map((h) => notice(where(s), h)));
        }
        case 'whoHeader':
        case 'roomsHeader': {
          const [head, ...rest] = s.expect;
          const fits = head !== undefined && (r.kind === 'roomsHeader' ? head.kind === 'list' : head.kind === 'names' || head.kind === 'who');
          if (!fits) return step(s, [notice(s.nick, line.line)]);
          // A who list names its room: a NAMES sent just after a JOIN is answered for the room the JOIN went to.
          const expect = r.kind === 'whoHeader' && (head.kind === 'names' || head.kind === 'who') ? { ...head, channel: r.room } : head;
          const reading = { expect, left: r.count, entries: [] };
          const next = { ...s, expect: rest, reading };
          return r.count === 0 ? finishReading(next, reading) : step(next);
        }
        case 'isAway':
          return step(s, [num('301', [r.name], r.text)]);
        case 'nowAway':
          return step(s, [num('306', [], 'You have been marked as being away')]);
        case 'nowBack':
          return step(s, [num('305', [], 'You are no longer marked as being away')]);
        case 'bye':
          return step(s, [`ERROR :${line.line.slice(4)}`]);
        case 'whois': {
          const [head, ...rest] = s.expect;
          if (head?.kind !== 'whois') return step(s, [notice(s.nick, line.line)]);
          const more = r.more.replace(/^[,;，、\s]+/u, '');
          return step({ ...s, expect: rest }, [
            num('311', [r.who.name, 'u', r.who.addr, '*'], r.who.name),
            num('319', [r.who.name], r.room),
            num('317', [r.who.name, String(r.idle)], 'seconds idle'),
            ...(more === '' ? [] : [num('320', [r.who.name], more)]),
            num('318', [r.who.name], 'End of /WHOIS list.'),
          ]);
        }
        case 'whoEntry':
        case 'roomEntry':
        case undefined:
          return step(s, [notice(s.nick, line.line)]);
      }
    }
    // falls through only in the type checker's eyes: every reply kind returns above
    case 'error': {
      const e = line.error;
      const text = line.line.slice(4);
      switch (e?.kind) {
        case 'noSuchUser': {
          const [head, ...rest] = s.expect;
          if (head?.kind === 'whois') return step({ ...s, expect: rest }, [num('401', [e.name], text), num('318', [e.name], 'End of /WHOIS list.')]);
          return step(s, [num('401', [e.name], text)]);
        }
        case 'nameTaken':
          return step(s, [num('433', [e.name], text)]);
        case 'invalidName':
          return step(s, [num('432', ['*'], text)]);
        case 'invalidRoom':
          return step(s, [num('403', ['*'], text)]);
        case 'notOperator':
          return step(s, [num('482', [where(s)], text)]);
        case 'notAway':
          return step(s, [num('305', [], 'You are no longer marked as being away')]);
        case 'closing':
          return step(s, [`ERROR :${text}`]);
        case 'tooLong':
          return step(s, [num('417', [], text)]);
        case undefined:
          return step(s, [notice(s.nick, line.line)]);
      }
    }
  }
  return step(s);
};

/** A line as nc shows it, for a history line kept as a NOTICE. */
const shown = (line: RoomLine): string => {
  switch (line.form) {
    case 'chat':
      return `[${line.from.addr}]${line.from.name}: ${line.text}`;
    case 'action':
      return `* [${line.from.addr}]${line.from.name} ${line.text}`;
    case 'whisper':
      return `[${line.from.addr}]${line.from.name} -> ${line.to}: ${line.text}`;
    default:
      return line.line;
  }
};

/** The next line of a who list or room list being read. */
const readOn = (s: IrcSession, reading: Reading, line: RoomLine): Step => {
  const wanted = reading.expect.kind === 'list' ? 'roomEntry' : 'whoEntry';
  if (line.form !== 'reply' || line.reply?.kind !== wanted) {
    // The list ended early (it never does); what came is handled as itself.
    const done = finishReading({ ...s, reading: undefined }, reading);
    const next = fromRoom(done.session, line);
    return { ...next, irc: [...done.irc, ...next.irc], input: [...done.input, ...next.input] };
  }
  const more = { ...reading, left: reading.left - 1, entries: [...reading.entries, line] };
  return more.left === 0 ? finishReading({ ...s, reading: undefined }, more) : step({ ...s, reading: more });
};

const finishReading = (s0: IrcSession, reading: Reading): Step => {
  const s = { ...s0, reading: undefined };
  const num = (code: string, middle: readonly string[], trailing?: string): string => ircLine(s.server, code, [s.nick, ...middle], trailing);
  const entries = reading.entries.flatMap((e) => (e.form === 'reply' && e.reply !== undefined ? [e.reply] : []));
  const { expect } = reading;
  switch (expect.kind) {
    case 'names': {
      const names = entries.flatMap((e) => (e.kind === 'whoEntry' ? [`${e.op ? '@' : ''}${e.who.name}`] : []));
      const head = `:${s.server} 353 ${s.nick} = ${expect.channel} :`;
      return step(s, [...namesLines(head, names), num('366', [expect.channel], 'End of /NAMES list.')]);
    }
    case 'who':
      return step(s, [
        ...entries.flatMap((e) =>
          e.kind === 'whoEntry'
            ? [num('352', [expect.channel, 'u', e.who.addr, s.server, e.who.name, `${e.away === undefined ? 'H' : 'G'}${e.op ? '*' : ''}`], `0 ${e.who.name}`)]
            : [],
        ),
        num('315', [expect.channel], 'End of /WHO list.'),
      ]);
    case 'list':
      return step(s, [
        num('321', ['Channel'], 'Users  Name'),
        ...entries.flatMap((e) => (e.kind === 'roomEntry' ? [num('322', [e.room, String(e.members)], e.room)] : [])),
        num('323', [], 'End of /LIST'),
      ]);
    case 'whois':
      return step(s);
  }
};

/** 353 lines of names, each within IRC's 512 bytes. */
const namesLines = (head: string, names: readonly string[]): string[] => {
  const lines: string[] = [];
  let current: string[] = [];
  for (const name of names) {
    if (current.length > 0 && Buffer.byteLength(`${head}${current.join(' ')} ${name}`) > IRC_LINE_BYTES - 2) {
      lines.push(head + current.join(' '));
      current = [];
    }
    current.push(name);
  }
  if (current.length > 0) lines.push(head + current.join(' '));
  return lines;
};
