import * as render from '../protocol/render';
import { broadcast, send } from './effects';
import { Context, errorTo, replyTo, Step, tag } from './context';
import { ChatState, findUser, isMuted, remember, roomOf, updateUser, User } from './state';

/** What people say: chat and actions to their room (kept as its history), private messages, away. */

/** A chat or action line, already rendered, to the sender's room; it joins the room's history. */
export const say = (ctx: Context, state: ChatState, user: User, line: string): Step => {
  if (isMuted(user, ctx.at)) return errorTo(state, user, ctx.msg.youAreMuted);
  const next = remember(state, user.room, line, ctx.config.history);
  return [next, [broadcast(roomOf(next, user).members, line)]];
};

export const chat = (ctx: Context, state: ChatState, user: User, text: string): Step =>
  say(ctx, state, user, render.chat(tag(user), text));

export const action = (ctx: Context, state: ChatState, user: User, text: string): Step =>
  say(ctx, state, user, render.action(tag(user), text));

export const whisper = (ctx: Context, state: ChatState, user: User, target: string, text: string): Step => {
  const { msg } = ctx;
  if (isMuted(user, ctx.at)) return errorTo(state, user, msg.youAreMuted);
  const peer = findUser(state, target);
  if (peer === undefined) return errorTo(state, user, msg.noSuchUser(target));
  const line = render.whisper(tag(user), peer.name, text);
  if (peer.id === user.id) return [state, [send(user.id, line)]];
  const away = peer.away === undefined ? [] : [send(user.id, render.reply(msg.isAway(peer.name, peer.away)))];
  return [state, [send(user.id, line), send(peer.id, line), ...away]];
};

export const away = (ctx: Context, state: ChatState, user: User, text: string): Step => {
  const [next, effects] = replyTo(state, user, ctx.msg.nowAway(text));
  return [updateUser(next, user.id, (u) => ({ ...u, away: text })), effects];
};

export const back = (ctx: Context, state: ChatState, user: User): Step => {
  if (user.away === undefined) return errorTo(state, user, ctx.msg.notAway);
  const [next, effects] = replyTo(state, user, ctx.msg.nowBack);
  return [updateUser(next, user.id, (u) => ({ ...u, away: undefined })), effects];
};
