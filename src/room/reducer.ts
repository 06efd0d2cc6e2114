import { absurd } from 'fp-ts/function';
import { helpLines } from '../i18n/help';
import { Command } from '../protocol/command';
import { parse } from '../protocol/parse';
import * as render from '../protocol/render';
import * as accounts from './accounts';
import * as chat from './chat';
import * as ignoring from './ignore';
import { whois } from './whois';
import { Context, errorTo, RoomConfig, Step, tag } from './context';
import { close, send } from './effects';
import { RoomEvent } from './events';
import * as membership from './membership';
import * as moderation from './moderation';
import { ChatState, forget, initialState, User, userById } from './state';

export type { Refusal, RoomConfig, Step } from './context';

/**
 * The whole behaviour of the server as one pure function of the state, an
 * event and the event's time (ms). Events for clients that are not (or no
 * longer) users are ignored, which makes a late `closed` after a kick, or a
 * line racing a quit, harmless. Each concern lives in its own file:
 * membership and rooms, chat and history, moderation.
 */
export const reducer = (config: RoomConfig) => {
  const help = helpLines(config.messages.help).map(render.reply);
  return (state: ChatState, event: RoomEvent, at: number): Step => {
    const ctx: Context = { config, msg: config.messages, at };
    if (event.type === 'shutdown') return membership.shutdown(ctx, state, initialState);
    if (event.type === 'connected') {
      return event.login === undefined
        ? membership.connect(ctx, state, event.id, event.addr, event.from, event.name)
        : accounts.connectLoggedIn(ctx, state, { ...event, login: event.login });
    }
    if (event.type === 'nodeStopped' || event.type === 'nodeLost') return membership.nodeGone(ctx, state, event.node, event.type);
    if (event.type === 'reseed') return [event.state, []];
    if (event.type === 'notKept') return [forget(state, event.lines), []];
    const user = userById(state, event.id);
    if (user === undefined) return [state, []];
    const { msg } = ctx;
    switch (event.type) {
      case 'line':
        return command(ctx, state, user, parse(event.text), help);
      case 'overlong':
        return errorTo(state, user, msg.lineTooLong(config.maxLine));
      case 'slowed':
        return [state, [send(user.id, render.reply(msg.slowDown(config.rate)))]];
      case 'opAttempt':
        return moderation.opAttempt(ctx, state, user, event.verdict);
      case 'registerAttempt':
        return accounts.register(ctx, state, user, event.credential);
      case 'loginAttempt':
        return accounts.login(ctx, state, user, event.account, event.verdict, event.serial);
      case 'whoisAsked':
        return whois(ctx, state, user, event.name, event.idle);
      case 'passwordAttempt':
        return accounts.changePassword(ctx, state, user, event.outcome, event.serial);
      case 'closed':
        return membership.leave(state, user, [close(user.id, 'flush')], msg.left(tag(user)), 'eof');
      case 'idle':
        return membership.leave(
          state,
          user,
          [send(user.id, render.error(msg.idleKick(config.idleTimeout))), close(user.id, 'flush')],
          msg.timedOut(tag(user)),
          'idle',
        );
      case 'tooSlow':
        return membership.leave(state, user, [close(user.id, 'drop')], msg.tooSlow(tag(user)), 'tooSlow');
      default:
        return absurd(event);
    }
  };
};

const command = (ctx: Context, state: ChatState, user: User, cmd: Command, help: readonly string[]): Step => {
  const { msg } = ctx;
  switch (cmd.type) {
    case 'blank':
      return [state, []];
    case 'chat':
      return chat.chat(ctx, state, user, cmd.text);
    case 'action':
      return chat.action(ctx, state, user, cmd.text);
    case 'whisper':
      return chat.whisper(ctx, state, user, cmd.target, cmd.text);
    case 'away':
      return chat.away(ctx, state, user, cmd.text);
    case 'back':
      return chat.back(ctx, state, user);
    case 'who':
      return membership.who(ctx, state, user);
    case 'rename':
      return membership.rename(ctx, state, user, cmd.name);
    case 'join':
      return membership.join(ctx, state, user, cmd.room);
    case 'rooms':
      return membership.rooms(ctx, state, user);
    case 'quit':
      return membership.quit(ctx, state, user, cmd.reason);
    case 'op':
      // The server's edge turns every `/op PASSWORD` into an opAttempt with its verdict;
      // one that reaches the room unchecked can only be wrong.
      return moderation.opAttempt(ctx, state, user, 'denied');
    // As with /op: the edge checks these and sends the outcome instead; one that reaches the room unchecked is refused.
    case 'register':
      return accounts.register(ctx, state, user, 'tooShort');
    case 'login':
      return accounts.login(ctx, state, user, '', 'denied', -1);
    case 'password':
      return accounts.changePassword(ctx, state, user, 'wrong', -1);
    case 'unregister':
      return accounts.unregister(ctx, state, user, cmd.name);
    case 'ignore':
      return ignoring.ignore(ctx, state, user, cmd.name);
    case 'unignore':
      return ignoring.unignore(ctx, state, user, cmd.name);
    case 'whois':
      return whois(ctx, state, user, cmd.name, undefined);
    case 'history':
      return chat.history(ctx, state, user, cmd.count);
    case 'kick':
      return moderation.kick(ctx, state, user, cmd.target, cmd.reason);
    case 'ban':
      return moderation.ban(ctx, state, user, cmd.target, cmd.minutes);
    case 'unban':
      return moderation.unban(ctx, state, user, cmd.ip);
    case 'mute':
      return moderation.mute(ctx, state, user, cmd.target, cmd.minutes);
    case 'unmute':
      return moderation.unmute(ctx, state, user, cmd.target);
    case 'help':
      return [state, help.map((line) => send(user.id, line))];
    case 'usage':
      return errorTo(state, user, msg.usage[cmd.command]);
    case 'invalidName':
      return errorTo(state, user, msg.invalidName);
    case 'invalidRoom':
      return errorTo(state, user, msg.invalidRoom);
    case 'unknown':
      return errorTo(state, user, msg.unknownCommand(cmd.name));
    default:
      return absurd(cmd);
  }
};
