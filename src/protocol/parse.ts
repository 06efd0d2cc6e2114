import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Command, UsageOf } from './command';
import { NickName, RoomName } from './names';
import { sanitize } from './sanitize';

/**
 * Turns one input line into a Command. Total: every string, however hostile,
 * gives a Command; anything that is not a command is chat, as in the original
 * (which crashed on `renamexyz` instead).
 */
export const parse = (line: string): Command => {
  const text = sanitize(line).trim();
  if (text === '') return { type: 'blank' };
  if (text.startsWith('//')) return { type: 'chat', text: text.slice(1) };
  if (text.startsWith('/')) return parseSlash(text);
  const lower = text.toLowerCase();
  if (lower === 'exit' || lower === 'quit') return { type: 'quit', reason: undefined };
  if (/^who +online$/.test(lower)) return { type: 'who' };
  if (lower.startsWith('rename|')) return rename(text.slice('rename|'.length));
  return { type: 'chat', text };
};

/**
 * Whether a line may be a slash command: it holds a `/`. The edges look
 * closer (a pattern, a second parse) only at such lines, so a chat line
 * costs them one search for a character, not a pattern each.
 */
export const maySlash = (line: string): boolean => line.includes('/');

/** Splits `word rest` into the word and the trimmed rest. */
const splitWord = (text: string): readonly [string, string] => {
  const space = text.indexOf(' ');
  return space < 0 ? [text, ''] : [text.slice(0, space), text.slice(space + 1).trim()];
};

const usage = (command: UsageOf): Command => ({ type: 'usage', command });

/** `MINUTES`: absent, or a whole number of at least 1; anything else is a usage error. */
const minutes = (text: string): number | undefined | 'bad' => {
  if (text === '') return undefined;
  const n = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(n) && n >= 1 ? n : 'bad';
};

/** `NAME [MINUTES]` for /ban and /mute. */
const targetFor = (rest: string, command: 'ban' | 'mute'): Command => {
  const [target, more] = splitWord(rest);
  const time = minutes(more);
  if (target === '' || time === 'bad') return usage(command);
  return { type: command, target, minutes: time };
};

const parseSlash = (text: string): Command => {
  const [word, rest] = splitWord(text.slice(1));
  switch (word.toLowerCase()) {
    case 'who':
      return { type: 'who' };
    case 'help':
      return { type: 'help' };
    case 'quit':
      return { type: 'quit', reason: rest === '' ? undefined : rest };
    case 'nick':
      return rename(rest);
    case 'me':
      return rest === '' ? usage('me') : { type: 'action', text: rest };
    case 'msg': {
      const [target, message] = splitWord(rest);
      return target === '' || message === '' ? usage('msg') : { type: 'whisper', target, text: message };
    }
    case 'join':
      return join(rest);
    case 'rooms':
      return { type: 'rooms' };
    case 'away':
      return rest === '' ? usage('away') : { type: 'away', text: rest };
    case 'back':
      return { type: 'back' };
    case 'op':
      return rest === '' ? usage('op') : { type: 'op', password: rest };
    case 'kick': {
      const [target, reason] = splitWord(rest);
      return target === '' ? usage('kick') : { type: 'kick', target, reason: reason === '' ? undefined : reason };
    }
    case 'ban':
      return targetFor(rest, 'ban');
    case 'mute':
      return targetFor(rest, 'mute');
    case 'unban':
      return rest === '' || rest.includes(' ') ? usage('unban') : { type: 'unban', ip: rest };
    case 'unmute':
      return rest === '' || rest.includes(' ') ? usage('unmute') : { type: 'unmute', target: rest };
    case 'register':
      return rest === '' || rest.includes(' ') ? usage('register') : { type: 'register', password: rest };
    case 'login':
    case 'identify': {
      const [name, password] = splitWord(rest);
      return name === '' || password === '' || password.includes(' ') ? usage('login') : { type: 'login', name, password };
    }
    case 'password': {
      const [old, fresh] = splitWord(rest);
      return old === '' || fresh === '' || fresh.includes(' ') ? usage('password') : { type: 'password', old, new: fresh };
    }
    case 'ignore':
      if (rest.includes(' ')) return usage('ignore');
      return { type: 'ignore', name: rest === '' ? undefined : rest };
    case 'unignore':
      return rest === '' || rest.includes(' ') ? usage('unignore') : { type: 'unignore', name: rest };
    case 'whois':
      return rest === '' || rest.includes(' ') ? usage('whois') : { type: 'whois', name: rest };
    case 'history': {
      const count = minutes(rest);
      return count === 'bad' ? usage('history') : { type: 'history', count };
    }
    case 'unregister':
      return rest === '' || rest.includes(' ') ? usage('unregister') : { type: 'unregister', name: rest };
    default:
      return { type: 'unknown', name: word };
  }
};

const rename = (raw: string): Command => {
  const wanted = raw.trim().normalize('NFKC');
  if (wanted === '') return usage('nick');
  return pipe(
    NickName.decode(wanted),
    E.match(
      (): Command => ({ type: 'invalidName' }),
      (name): Command => ({ type: 'rename', name }),
    ),
  );
};

/** `/join dev` and `/join #dev` name the same room. */
const join = (raw: string): Command => {
  if (raw === '') return usage('join');
  const wanted = raw.normalize('NFKC');
  return pipe(
    RoomName.decode(wanted.startsWith('#') ? wanted : `#${wanted}`),
    E.match(
      (): Command => ({ type: 'invalidRoom' }),
      (room): Command => ({ type: 'join', room }),
    ),
  );
};
