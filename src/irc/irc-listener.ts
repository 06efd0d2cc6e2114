import { createServer, Socket } from 'node:net';
import { Subject } from 'rxjs';
import { Config } from '../config/config';
import { messagesFor } from '../i18n';
import { Accepted, addrOrDestroy } from '../net/accept';
import { Listener, listenOn } from '../net/listener';
import { Gatherer } from '../net/gather';
import { Logger } from '../observe/logger';
import { NickName } from '../protocol/names';
import { IrcSocket, RenderCache } from './irc-socket';
import { ircLine, isParseError, parseIrc } from './message';
import { roomLineReader } from './room-lines';
import { newSession } from './session';

/** The server's name in IRC prefixes. */
export const IRC_SERVER = 'rxchat';

/** Lines a client may send before it has registered; one that needs more is not an IRC client. */
const REGISTRATION_LINES = 64;

/** Whether a name is held by a member now, and whether it is registered to an account: the room's latest state says. */
export type NameCheck = (name: string) => { readonly taken: boolean; readonly registered: boolean };

export interface IrcOptions {
  /** How long a client may take from its TCP connection to NICK and USER before it is cut. */
  readonly handshakeTimeoutMs: number;
  readonly nameCheck: NameCheck;
  readonly logger: Logger;
  /** A client that was cut before it registered: its addr, and why. */
  readonly failed: (addr: string, why: string) => void;
}

/** What a client has said of itself before registering. */
interface Registration {
  nick: string | undefined;
  user: boolean;
  pass: string | undefined;
  lines: number;
}

/**
 * `--irc-port`: the chat for IRC clients. Until it has sent NICK and USER a
 * client is nobody (no admission check, no slot, no room event), as an SSH
 * client is until its shell opens; CAP LS is answered with no
 * capabilities, PING with PONG, PASS kept for `/login`, anything else with
 * 451. A nick that is taken, or registered without PASS, is answered 433
 * and the client joins under a guest nick it can change. Then it becomes
 * an `Accepted` like any other, its socket an IrcSocket.
 */
export const ircListener = (
  { host, ircPort, maxLine, lang, idleTimeout }: Pick<Config, 'host' | 'ircPort' | 'maxLine' | 'lang' | 'idleTimeout'>,
  options: IrcOptions,
): Listener => {
  const msg = messagesFor(lang);
  const read = roomLineReader(msg);
  const cache: RenderCache = new WeakMap();
  const gatherer = new Gatherer();
  const accepted$ = new Subject<Accepted>();
  const sockets = new Set<Socket>();
  let guests = 0;
  const pingMs = idleTimeout > 0 ? (idleTimeout * 1000) / 2 : 0;

  const guestNick = (): string => {
    for (;;) {
      guests++;
      const { taken, registered } = options.nameCheck(`Guest${guests}`);
      if (!taken && !registered) return `Guest${guests}`;
    }
  };

  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => undefined);
    const addr = addrOrDestroy(socket);
    if (addr === undefined) return;
    sockets.add(socket);
    const said: Registration = { nick: undefined, user: false, pass: undefined, lines: 0 };
    let partial = Buffer.alloc(0);
    const send = (...lines: string[]): void => {
      if (!socket.destroyed) socket.write(lines.map((l) => `${l}\r\n`).join(''));
    };
    const fail = (why: string, line: string): void => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.end(`${line}\r\n`);
      options.failed(addr, why);
    };
    const timer = setTimeout(() => fail('timeout', 'ERROR :Closing link: no registration in time'), options.handshakeTimeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });

    /** NICK and USER are in: the nick to ask the room for, then a member. */
    const register = (rest: Buffer): void => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.pause();
      const nick = said.nick!;
      const { taken, registered } = options.nameCheck(nick);
      // With PASS, a registered nick is logged in to (which takes it from whoever holds it, as /login does).
      const login = registered && said.pass !== undefined;
      let asked: string | undefined = nick;
      if (login) {
        asked = undefined;
      } else if (taken || registered) {
        send(ircLine(IRC_SERVER, '433', ['*', nick], taken ? msg.nameTaken(nick) : msg.nameRegistered(nick)));
        asked = guestNick();
      }
      const session = newSession(IRC_SERVER, asked ?? nick, addr);
      const irc = new IrcSocket(socket, { ...session, asked: asked ?? nick }, { read, cache, gatherer, maxLine, tooLong: msg.lineTooLong(maxLine), pingMs }, rest, login ? [`/login ${nick} ${said.pass!}`] : []);
      accepted$.next({ socket: irc, addr, transport: 'irc', ...(asked === undefined ? {} : { name: asked }) });
    };

    const onLine = (line: string): void => {
      const parsed = parseIrc(line);
      if (parsed === undefined) return;
      if (isParseError(parsed)) {
        send(ircLine(IRC_SERVER, 'NOTICE', ['*'], `Not an IRC message (${parsed.error}); ignored`));
        return;
      }
      const [first = ''] = parsed.params;
      switch (parsed.command) {
        case 'CAP': {
          const sub = first.toUpperCase();
          if (sub === 'LS' || sub === 'LIST') send(ircLine(IRC_SERVER, 'CAP', ['*', sub], ''));
          else if (sub === 'REQ') send(ircLine(IRC_SERVER, 'CAP', ['*', 'NAK'], parsed.params[1] ?? ''));
          return;
        }
        case 'PASS':
          said.pass = first;
          return;
        case 'NICK': {
          if (first === '') {
            send(ircLine(IRC_SERVER, '431', ['*'], 'No nickname given'));
            return;
          }
          if (!NickName.is(first.normalize('NFKC'))) {
            send(ircLine(IRC_SERVER, '432', ['*', first], msg.invalidName));
            return;
          }
          said.nick = first;
          return;
        }
        case 'USER':
          said.user = true;
          return;
        case 'PING':
          send(ircLine(IRC_SERVER, 'PONG', [IRC_SERVER], first));
          return;
        case 'PONG':
          return;
        case 'QUIT':
          fail('quit', 'ERROR :Closing link: quit before registering');
          return;
        default:
          send(ircLine(IRC_SERVER, '451', ['*'], 'You have not registered'));
      }
    };

    const onData = (chunk: Buffer): void => {
      let data = partial.length === 0 ? chunk : Buffer.concat([partial, chunk]);
      for (let lf = data.indexOf(0x0a); lf >= 0; lf = data.indexOf(0x0a)) {
        const line = data.subarray(0, lf).toString('utf8');
        data = data.subarray(lf + 1);
        if (++said.lines > REGISTRATION_LINES) {
          fail('flood', 'ERROR :Closing link: too many lines before registering');
          return;
        }
        onLine(line);
        if (socket.destroyed || socket.writableEnded) return;
        if (said.nick !== undefined && said.user) {
          register(Buffer.from(data));
          return;
        }
      }
      if (data.length > maxLine) {
        fail('overlong', 'ERROR :Closing link: line too long');
        return;
      }
      partial = Buffer.from(data);
    };
    socket.on('data', onData);
  });

  server.on('close', () => accepted$.complete());
  return {
    transport: 'irc',
    accepted$: accepted$.asObservable(),
    listen: (onAcceptError) => listenOn(server, ircPort!, host, onAcceptError),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        sockets.forEach((socket) => socket.destroy());
      }),
  };
};
