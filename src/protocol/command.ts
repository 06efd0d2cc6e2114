import * as t from 'io-ts';
import { NickName } from './names';

/** What one input line asks of the room, once parsed. */
const Chat = t.type({ type: t.literal('chat'), text: t.string });
const Action = t.type({ type: t.literal('action'), text: t.string });
const Whisper = t.type({ type: t.literal('whisper'), target: t.string, text: t.string });
const Who = t.type({ type: t.literal('who') });
const Rename = t.type({ type: t.literal('rename'), name: NickName });
const Quit = t.type({ type: t.literal('quit'), reason: t.union([t.string, t.undefined]) });
const Help = t.type({ type: t.literal('help') });
/** A line that is empty once sanitised: no broadcast, but still activity. */
const Blank = t.type({ type: t.literal('blank') });
const Usage = t.type({ type: t.literal('usage'), command: t.keyof({ nick: null, me: null, msg: null }) });
const InvalidName = t.type({ type: t.literal('invalidName') });
const Unknown = t.type({ type: t.literal('unknown'), name: t.string });

export const Command = t.union([Chat, Action, Whisper, Who, Rename, Quit, Help, Blank, Usage, InvalidName, Unknown]);
export type Command = t.TypeOf<typeof Command>;
