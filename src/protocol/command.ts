import * as t from 'io-ts';
import { NickName, RoomName } from './names';

/** What one input line asks of the server, once parsed. */
const Chat = t.type({ type: t.literal('chat'), text: t.string });
const Action = t.type({ type: t.literal('action'), text: t.string });
const Whisper = t.type({ type: t.literal('whisper'), target: t.string, text: t.string });
const Who = t.type({ type: t.literal('who') });
const Rename = t.type({ type: t.literal('rename'), name: NickName });
const Quit = t.type({ type: t.literal('quit'), reason: t.union([t.string, t.undefined]) });
const Help = t.type({ type: t.literal('help') });
const Join = t.type({ type: t.literal('join'), room: RoomName });
const Rooms = t.type({ type: t.literal('rooms') });
const Away = t.type({ type: t.literal('away'), text: t.string });
const Back = t.type({ type: t.literal('back') });
/** `/op PASSWORD` as typed; the server's edge turns it into a verdict before the room sees it (see op-check). */
const Op = t.type({ type: t.literal('op'), password: t.string });
const Kick = t.type({ type: t.literal('kick'), target: t.string, reason: t.union([t.string, t.undefined]) });
const Ban = t.type({ type: t.literal('ban'), target: t.string, minutes: t.union([t.number, t.undefined]) });
const Unban = t.type({ type: t.literal('unban'), ip: t.string });
const Mute = t.type({ type: t.literal('mute'), target: t.string, minutes: t.union([t.number, t.undefined]) });
const Unmute = t.type({ type: t.literal('unmute'), target: t.string });
/**
 * Account commands as typed (§13). Like `/op`, the server's edge checks the
 * passwords off the fold and puts the outcome in their place (see
 * net/account-check); the room never sees a password.
 */
const Register = t.type({ type: t.literal('register'), password: t.string });
const Login = t.type({ type: t.literal('login'), name: t.string, password: t.string });
const Password = t.type({ type: t.literal('password'), old: t.string, new: t.string });
const Unregister = t.type({ type: t.literal('unregister'), name: t.string });
/** §15: `/ignore` alone lists. */
const Ignore = t.type({ type: t.literal('ignore'), name: t.union([t.string, t.undefined]) });
const Unignore = t.type({ type: t.literal('unignore'), name: t.string });
const Whois = t.type({ type: t.literal('whois'), name: t.string });
/** §14: the last N chat lines of your room; `count` absent for the default. */
const History = t.type({ type: t.literal('history'), count: t.union([t.number, t.undefined]) });
/** A line that is empty once sanitised: no broadcast, but still activity. */
const Blank = t.type({ type: t.literal('blank') });
export const UsageOf = t.keyof({
  nick: null,
  me: null,
  msg: null,
  join: null,
  away: null,
  op: null,
  kick: null,
  ban: null,
  unban: null,
  mute: null,
  unmute: null,
  register: null,
  login: null,
  password: null,
  unregister: null,
  ignore: null,
  unignore: null,
  whois: null,
  history: null,
});
export type UsageOf = t.TypeOf<typeof UsageOf>;
const Usage = t.type({ type: t.literal('usage'), command: UsageOf });
const InvalidName = t.type({ type: t.literal('invalidName') });
const InvalidRoom = t.type({ type: t.literal('invalidRoom') });
const Unknown = t.type({ type: t.literal('unknown'), name: t.string });

export const Command = t.union([
  Chat,
  Action,
  Whisper,
  Who,
  Rename,
  Quit,
  Help,
  Join,
  Rooms,
  Away,
  Back,
  Op,
  Kick,
  Ban,
  Unban,
  Mute,
  Unmute,
  Register,
  Login,
  Password,
  Unregister,
  Ignore,
  Unignore,
  Whois,
  History,
  Blank,
  Usage,
  InvalidName,
  InvalidRoom,
  Unknown,
]);
export type Command = t.TypeOf<typeof Command>;
