/**
 * One IRC message (RFC 1459 §2.3, RFC 2812 §2.3.1): an optional prefix, a
 * command (a word or three digits) and its parameters, the last of which
 * may be a trailing one (after ` :`, spaces allowed).
 */
export interface IrcMessage {
  readonly prefix: string | undefined;
  /** Upper-cased, so `privmsg` and `PRIVMSG` are one command. */
  readonly command: string;
  readonly params: readonly string[];
}

/** What a line that is not a message was, in words for the `NOTICE` that says so. */
export interface IrcParseError {
  readonly error: string;
}

/**
 * Parses one line (terminator removed). Total: every string gives a message,
 * `undefined` (a blank line, which IRC ignores) or an error; IRCv3 message
 * tags (`@…`) are read past and dropped.
 */
export const parseIrc = (line: string): IrcMessage | IrcParseError | undefined => {
  let rest = line.replace(/[\r\n\0]+/g, '').trimStart();
  if (rest.startsWith('@')) rest = afterWord(rest);
  let prefix: string | undefined;
  if (rest.startsWith(':')) {
    prefix = firstWord(rest).slice(1);
    rest = afterWord(rest);
  }
  if (rest.trim() === '') return prefix === undefined ? undefined : { error: 'a message needs a command after its prefix' };
  const command = firstWord(rest);
  if (!/^(?:[A-Za-z]+|\d{3})$/.test(command)) return { error: `not an IRC command: ${command.slice(0, 32)}` };
  rest = afterWord(rest);
  const params: string[] = [];
  while (rest !== '') {
    if (rest.startsWith(':')) {
      params.push(rest.slice(1));
      break;
    }
    params.push(firstWord(rest));
    rest = afterWord(rest);
  }
  return { prefix, command: command.toUpperCase(), params };
};

export const isParseError = (parsed: IrcMessage | IrcParseError): parsed is IrcParseError => 'error' in parsed;

const firstWord = (text: string): string => {
  const space = text.indexOf(' ');
  return space < 0 ? text : text.slice(0, space);
};

const afterWord = (text: string): string => {
  const space = text.indexOf(' ');
  return space < 0 ? '' : text.slice(space + 1).replace(/^ +/, '');
};

/**
 * One line to send: `:source COMMAND middle… :trailing`. The trailing
 * parameter always carries its colon, so text that is empty, has spaces or
 * starts with `:` reads back the same.
 */
export const ircLine = (source: string, command: string, middle: readonly string[], trailing?: string): string =>
  `:${source} ${command}${middle.map((p) => ` ${p}`).join('')}${trailing === undefined ? '' : ` :${trailing}`}`;
