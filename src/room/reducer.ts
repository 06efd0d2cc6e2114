import { absurd } from 'fp-ts/function';
import { Messages } from '../i18n/messages';
import { Command } from '../protocol/command';
import { nameKey } from '../protocol/names';
import { parse } from '../protocol/parse';
import * as render from '../protocol/render';
import { broadcast, close, Effect, send } from './effects';
import { ClientId, RoomEvent } from './events';
import { addMember, emptyRoom, findMember, Member, memberById, newMember, removeMember, renameMember, RoomState } from './state';

export interface RoomConfig {
  readonly messages: Messages;
  readonly maxClients: number;
  readonly maxLine: number;
  /** Seconds, as shown in the idle-kick text. */
  readonly idleTimeout: number;
  /** Lines per second, as shown in the flood notice. */
  readonly rate: number;
}

export type Step = readonly [RoomState, readonly Effect[]];

const tag = (m: Member): string => render.who(m.addr, m.name);

/**
 * The whole behaviour of the room as one pure function. Events for clients
 * that are not (or no longer) members are ignored, which makes a late
 * `closed` after a kick, or a line racing a quit, harmless.
 */
export const reducer =
  (config: RoomConfig) =>
  (state: RoomState, event: RoomEvent): Step => {
    const msg = config.messages;
    if (event.type === 'shutdown') {
      return [
        emptyRoom,
        [broadcast(state.order, render.notice(msg.shuttingDown)), ...state.order.map((id) => close(id, 'flush'))],
      ];
    }
    if (event.type === 'connected') return join(config, state, event.id, event.addr);
    const member = memberById(state, event.id);
    if (member === undefined) return [state, []];
    switch (event.type) {
      case 'line':
        return command(config, state, member, parse(event.text));
      case 'overlong':
        return [state, [send(member.id, render.error(msg.lineTooLong(config.maxLine)))]];
      case 'closed':
        return leave(state, member.id, [close(member.id, 'flush')], msg.left(tag(member)));
      case 'idle':
        return leave(
          state,
          member.id,
          [send(member.id, render.error(msg.idleKick(config.idleTimeout))), close(member.id, 'flush')],
          msg.timedOut(tag(member)),
        );
      case 'tooSlow':
        return leave(state, member.id, [close(member.id, 'drop')], msg.tooSlow(tag(member)));
      case 'slowed':
        return [state, [send(member.id, render.reply(msg.slowDown(config.rate)))]];
      default:
        return absurd(event);
    }
  };

const join = (config: RoomConfig, state: RoomState, id: ClientId, addr: string): Step => {
  const msg = config.messages;
  if (memberById(state, id) !== undefined) return [state, []];
  if (state.order.length >= config.maxClients) {
    return [state, [send(id, render.error(msg.serverFull(config.maxClients))), close(id, 'flush')]];
  }
  const member = newMember(id, addr);
  const next = addMember(state, member);
  return [
    next,
    [send(id, render.reply(msg.welcome(tag(member), next.order.length))), broadcast(next.order, render.notice(msg.joined(tag(member))))],
  ];
};

/** Removes a member: its own last words and close first, then the room hears of it. */
const leave = (state: RoomState, id: ClientId, own: readonly Effect[], notice: string): Step => {
  const next = removeMember(state, id);
  return [next, [...own, broadcast(next.order, render.notice(notice))]];
};

const command = (config: RoomConfig, state: RoomState, member: Member, cmd: Command): Step => {
  const msg = config.messages;
  const toSelf = (line: string): Step => [state, [send(member.id, line)]];
  switch (cmd.type) {
    case 'blank':
      return [state, []];
    case 'chat':
      return [state, [broadcast(state.order, render.chat(tag(member), cmd.text))]];
    case 'action':
      return [state, [broadcast(state.order, render.action(tag(member), cmd.text))]];
    case 'whisper': {
      const peer = findMember(state, cmd.target);
      if (peer === undefined) return toSelf(render.error(msg.noSuchUser(cmd.target)));
      const line = render.whisper(tag(member), peer.name, cmd.text);
      return [state, peer.id === member.id ? [send(member.id, line)] : [send(member.id, line), send(peer.id, line)]];
    }
    case 'who':
      return [
        state,
        [
          send(member.id, render.reply(msg.whoHeader(state.order.length))),
          ...state.members.map((m) => send(member.id, render.reply(msg.whoEntry(tag(m), m.id === member.id)))),
        ],
      ];
    case 'rename': {
      if (cmd.name === member.name) return toSelf(render.reply(msg.alreadyNamed(cmd.name)));
      const holder = findMember(state, cmd.name);
      if (holder !== undefined && holder.id !== member.id && holder.key === nameKey(cmd.name)) {
        return toSelf(render.error(msg.nameTaken(cmd.name)));
      }
      const next = renameMember(state, member.id, cmd.name);
      return [next, [broadcast(next.order, render.notice(msg.renamed(tag(member), cmd.name)))]];
    }
    case 'quit': {
      const text = cmd.reason === undefined ? msg.left(tag(member)) : msg.leftWithReason(tag(member), cmd.reason);
      return leave(state, member.id, [send(member.id, render.reply(msg.bye)), close(member.id, 'flush')], text);
    }
    case 'help':
      return [state, msg.help.map((line) => send(member.id, render.reply(line)))];
    case 'usage':
      return toSelf(render.error(msg.usage[cmd.command]));
    case 'invalidName':
      return toSelf(render.error(msg.invalidName));
    case 'unknown':
      return toSelf(render.error(msg.unknownCommand(cmd.name)));
    default:
      return absurd(cmd);
  }
};
