import { Messages } from '../i18n/messages';

/**
 * Reading the room's lines back into what they say, for the IRC edge: the
 * room renders one text for every transport (src/protocol/render.ts), and
 * the IRC edge, which alone knows IRC, recognises the forms and the fixed
 * texts of the server's language here. The fixed texts are matched by
 * patterns made from the message table itself, so `--lang zh` is read as
 * surely as English.
 */

/** A member as the room shows it: `[addr]name`. */
export interface Who {
  readonly addr: string;
  readonly name: string;
}

/** An addr: `ip:port`, `[ipv6]:port`, or a cloak. */
const ADDR = String.raw`(?:\[[^\]\s]+\]:\d+|[^\[\]\s]+)`;
/** A name: an addr (the first name) or a chosen name, which has no `:`, space or brackets. */
const NAME = String.raw`(?:\[[^\]\s]+\]:\d+|[^\[\]\s]*[^\[\]\s:])`;
const WHO = String.raw`(\[${ADDR}\]${NAME})`;

const whoRe = new RegExp(String.raw`^\[(${ADDR})\](${NAME})$`, 'u');

export const parseWho = (tag: string): Who | undefined => {
  const m = whoRe.exec(tag);
  return m === null ? undefined : { addr: m[1]!, name: m[2]! };
};

type Slot = 'who' | 'room' | 'num' | 'word' | 'text';
const SLOT: Record<Slot, string> = { who: WHO, room: String.raw`(#\S+)`, num: String.raw`(\d+(?:\.\d+)?)`, word: String.raw`(\S+)`, text: '(.*)' };

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const marker = (i: number): string => `\u0001${i}\u0001`;
/** Stands for a number in a rendered text; no message prints it otherwise. */
const NUMBER = 987654321;

/**
 * A pattern for a fixed text rendered with markers in its slots (a number
 * as NUMBER): each slot a named group, read back in slot order whatever
 * order the language puts them in.
 */
const template = (rendered: string, slots: readonly Slot[], tail = ''): RegExp => {
  let source = escape(rendered);
  slots.forEach((slot, i) => {
    const group = `(?<g${i}>${SLOT[slot].slice(1)}`;
    source = slot === 'num' ? source.replace(String(NUMBER), group) : source.replace(escape(marker(i)), group);
  });
  return new RegExp(`^${source}${tail === '' ? '' : `(?<g${slots.length}>${tail})`}$`, 'u');
};
const m = marker;

/** The kinds of `***` notice the IRC edge has a message for; any other is a NOTICE from the server. */
export type RoomNotice =
  | { readonly kind: 'joined'; readonly who: Who }
  /** Gone from the server; `message` is the QUIT message IRC shows. */
  | { readonly kind: 'left'; readonly who: Who; readonly message: string }
  | { readonly kind: 'leftFor'; readonly who: Who; readonly room: string }
  | { readonly kind: 'renamed'; readonly who: Who; readonly name: string }
  | { readonly kind: 'kicked'; readonly who: Who; readonly by: Who; readonly reason: string | undefined };

/** The `---` replies the IRC edge answers with numerics or messages of their own. */
export type RoomReply =
  | { readonly kind: 'welcome'; readonly who: Who }
  | { readonly kind: 'nowIn'; readonly room: string }
  | { readonly kind: 'alreadyIn' }
  | { readonly kind: 'alreadyNamed' }
  | { readonly kind: 'whoHeader'; readonly count: number; readonly room: string }
  | { readonly kind: 'whoEntry'; readonly who: Who; readonly away: string | undefined; readonly op: boolean }
  | { readonly kind: 'roomsHeader'; readonly count: number }
  | { readonly kind: 'roomEntry'; readonly room: string; readonly members: number }
  | { readonly kind: 'historyStart' }
  | { readonly kind: 'historyEnd' }
  | { readonly kind: 'isAway'; readonly name: string; readonly text: string }
  | { readonly kind: 'nowAway' }
  | { readonly kind: 'nowBack' }
  | { readonly kind: 'bye' }
  | { readonly kind: 'whois'; readonly who: Who; readonly room: string; readonly idle: number; readonly more: string };

/** The `!!!` errors the IRC edge answers with numerics or messages of their own. */
export type RoomError =
  | { readonly kind: 'noSuchUser'; readonly name: string }
  | { readonly kind: 'nameTaken'; readonly name: string }
  | { readonly kind: 'invalidName' }
  | { readonly kind: 'invalidRoom' }
  | { readonly kind: 'notOperator' }
  | { readonly kind: 'notAway' }
  | { readonly kind: 'tooLong' }
  | { readonly kind: 'closing' };

/** One line of the room's output, read. */
export type RoomLine =
  | { readonly form: 'chat'; readonly from: Who; readonly text: string }
  | { readonly form: 'action'; readonly from: Who; readonly text: string }
  | { readonly form: 'whisper'; readonly from: Who; readonly to: string; readonly text: string }
  | { readonly form: 'notice'; readonly line: string; readonly notice: RoomNotice | undefined }
  | { readonly form: 'reply'; readonly line: string; readonly reply: RoomReply | undefined }
  | { readonly form: 'error'; readonly line: string; readonly error: RoomError | undefined }
  | { readonly form: 'other'; readonly line: string };

const chatRe = new RegExp(`^${WHO}: (.*)$`, 'u');
const actionRe = new RegExp(`^\\* ${WHO} (.*)$`, 'u');
const whisperRe = new RegExp(`^${WHO} -> (${NAME}): (.*)$`, 'u');

type Match<T> = readonly [RegExp, (groups: readonly string[]) => T | undefined];

const who = (tag: string | undefined): Who => parseWho(tag ?? '') ?? { addr: '', name: tag ?? '' };

/** Reads lines of the room's output in the language of `msg`. */
export const roomLineReader = (msg: Messages): ((line: string) => RoomLine) => {
  const whoMark = (marks: { away: string | undefined; op: boolean; you: boolean }): string => msg.whoEntry('', marks);
  const opMark = whoMark({ away: undefined, op: true, you: false });
  const youMark = whoMark({ away: undefined, op: false, you: true });
  const awayMark = template(whoMark({ away: m(0), op: false, you: false }), ['text']);

  const notices: Match<RoomNotice>[] = [
    [template(msg.joined(m(0)), ['who']), ([w]) => ({ kind: 'joined', who: who(w) })],
    [template(msg.left(m(0)), ['who']), ([w]) => ({ kind: 'left', who: who(w), message: 'Quit' })],
    [template(msg.leftFor(m(0), m(1)), ['who', 'room']), ([w, room]) => ({ kind: 'leftFor', who: who(w), room: room! })],
    [template(msg.leftWithReason(m(0), m(1)), ['who', 'text']), ([w, reason]) => ({ kind: 'left', who: who(w), message: `Quit: ${reason!}` })],
    [template(msg.timedOut(m(0)), ['who']), ([w]) => ({ kind: 'left', who: who(w), message: 'Ping timeout' })],
    [template(msg.tooSlow(m(0)), ['who']), ([w]) => ({ kind: 'left', who: who(w), message: 'Too slow' })],
    [template(msg.renamed(m(0), m(1)), ['who', 'word']), ([w, name]) => ({ kind: 'renamed', who: who(w), name: name! })],
    [template(msg.kicked(m(0), m(1), undefined), ['who', 'who']), ([w, by]) => ({ kind: 'kicked', who: who(w), by: who(by), reason: undefined })],
    [template(msg.kicked(m(0), m(1), m(2)), ['who', 'who', 'text']), ([w, by, reason]) => ({ kind: 'kicked', who: who(w), by: who(by), reason })],
    [template(msg.banned(m(0), m(1)), ['who', 'who']), ([w, by]) => ({ kind: 'kicked', who: who(w), by: who(by), reason: 'banned' })],
  ];
  const replies: Match<RoomReply>[] = [
    [template(msg.welcome(m(0), NUMBER), ['who', 'num']), ([w]) => ({ kind: 'welcome', who: who(w) })],
    [template(msg.nowIn(m(0), NUMBER), ['room', 'num']), ([room]) => ({ kind: 'nowIn', room: room! })],
    [template(msg.alreadyIn(m(0)), ['room']), () => ({ kind: 'alreadyIn' })],
    [template(msg.alreadyNamed(m(0)), ['word']), () => ({ kind: 'alreadyNamed' })],
    [template(msg.whoHeader(NUMBER, m(1)), ['num', 'room']), ([n, room]) => ({ kind: 'whoHeader', count: Number(n), room: room! })],
    [template(msg.roomsHeader(NUMBER), ['num']), ([n]) => ({ kind: 'roomsHeader', count: Number(n) })],
    [template(msg.roomEntry(m(0), NUMBER, false), ['room', 'num']), ([room, n]) => ({ kind: 'roomEntry', room: room!, members: Number(n) })],
    [template(msg.roomEntry(m(0), NUMBER, true), ['room', 'num']), ([room, n]) => ({ kind: 'roomEntry', room: room!, members: Number(n) })],
    [template(msg.historyStart(m(0)), ['room']), () => ({ kind: 'historyStart' })],
    [template(msg.historyEnd, []), () => ({ kind: 'historyEnd' })],
    [template(msg.nowAway(m(0)), ['text']), () => ({ kind: 'nowAway' })],
    [template(msg.nowBack, []), () => ({ kind: 'nowBack' })],
    [template(msg.bye, []), () => ({ kind: 'bye' })],
    [template(msg.isAway(m(0), m(1)), ['word', 'text']), ([name, text]) => ({ kind: 'isAway', name: name!, text: text! })],
    [
      template(msg.whois(m(0), { room: m(1), idle: NUMBER, away: undefined, op: false, registered: false, from: undefined }), ['who', 'room', 'num'], '.*'),
      ([w, room, idle, more]) => ({ kind: 'whois', who: who(w), room: room!, idle: Number(idle), more: more! }),
    ],
    [
      new RegExp(`^${WHO}(.*)$`, 'u'),
      ([w, marks]) => {
        let rest = marks!;
        if (youMark !== '' && rest.endsWith(youMark)) rest = rest.slice(0, -youMark.length);
        const op = opMark !== '' && rest.endsWith(opMark);
        if (op) rest = rest.slice(0, -opMark.length);
        const away = rest === '' ? undefined : awayMark.exec(rest)?.[1];
        return rest !== '' && away === undefined ? undefined : { kind: 'whoEntry', who: who(w), away, op };
      },
    ],
  ];
  const errors: Match<RoomError>[] = [
    [template(msg.noSuchUser(m(0)), ['text']), ([name]) => ({ kind: 'noSuchUser', name: name! })],
    [template(msg.nameTaken(m(0)), ['word']), ([name]) => ({ kind: 'nameTaken', name: name! })],
    [template(msg.nameRegistered(m(0)), ['word']), ([name]) => ({ kind: 'nameTaken', name: name! })],
    [template(msg.invalidName, []), () => ({ kind: 'invalidName' })],
    [template(msg.invalidRoom, []), () => ({ kind: 'invalidRoom' })],
    [template(msg.notOperator, []), () => ({ kind: 'notOperator' })],
    [template(msg.notAway, []), () => ({ kind: 'notAway' })],
    [template(msg.lineTooLong(NUMBER), ['num']), () => ({ kind: 'tooLong' })],
    [template(msg.idleKick(NUMBER), ['num']), () => ({ kind: 'closing' })],
    [template(msg.kickedYou(m(0), undefined), ['who']), () => ({ kind: 'closing' })],
    [template(msg.kickedYou(m(0), m(1)), ['who', 'text']), () => ({ kind: 'closing' })],
    [template(msg.bannedYou(m(0)), ['who']), () => ({ kind: 'closing' })],
    [template(msg.tooManyWrongPasswords, []), () => ({ kind: 'closing' })],
    [template(msg.youAreBanned, []), () => ({ kind: 'closing' })],
    [template(msg.serverFull(NUMBER), ['num']), () => ({ kind: 'closing' })],
    [template(msg.tooManyFromAddress(NUMBER), ['num']), () => ({ kind: 'closing' })],
  ];

  const first = <T>(matches: readonly Match<T>[], text: string): T | undefined => {
    for (const [re, read] of matches) {
      const found = re.exec(text);
      if (found !== null) {
        const groups = found.groups === undefined ? found.slice(1) : Object.keys(found.groups).sort().map((k) => found.groups![k]!);
        const value = read(groups);
        if (value !== undefined) return value;
      }
    }
    return undefined;
  };

  return (line) => {
    if (line.startsWith('*** ')) return { form: 'notice', line, notice: first(notices, line.slice(4)) };
    if (line.startsWith('--- ')) return { form: 'reply', line, reply: first(replies, line.slice(4)) };
    if (line.startsWith('!!! ')) return { form: 'error', line, error: first(errors, line.slice(4)) };
    const whisper = whisperRe.exec(line);
    if (whisper !== null) return { form: 'whisper', from: who(whisper[1]), to: whisper[2]!, text: whisper[3]! };
    const chat = chatRe.exec(line);
    if (chat !== null) return { form: 'chat', from: who(chat[1]), text: chat[2]! };
    const action = actionRe.exec(line);
    if (action !== null) return { form: 'action', from: who(action[1]), text: action[2]! };
    return { form: 'other', line };
  };
};
