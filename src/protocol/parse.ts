import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Command } from './command';
import { NickName } from './names';
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

/** Splits `/word rest` into the lower-cased word and the trimmed rest. */
const splitWord = (text: string): readonly [string, string] => {
  const space = text.indexOf(' ');
  return space < 0 ? [text, ''] : [text.slice(0, space), text.slice(space + 1).trim()];
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
      return rest === '' ? { type: 'usage', command: 'me' } : { type: 'action', text: rest };
    case 'msg': {
      const [target, message] = splitWord(rest);
      return target === '' || message === ''
        ? { type: 'usage', command: 'msg' }
        : { type: 'whisper', target, text: message };
    }
    default:
      return { type: 'unknown', name: word };
  }
};

const rename = (raw: string): Command => {
  const wanted = raw.trim().normalize('NFKC');
  if (wanted === '') return { type: 'usage', command: 'nick' };
  return pipe(
    NickName.decode(wanted),
    E.match(
      (): Command => ({ type: 'invalidName' }),
      (name): Command => ({ type: 'rename', name }),
    ),
  );
};
