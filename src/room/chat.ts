import * as render from '../protocol/render';
import { broadcast, send, store } from './effects';
import { Context, errorTo, replyTo, Step, tag } from './context';
import { ChatState, findUser, isMuted, remember, roomOf, updateUser, User } from './state';
import { accountOf } from './accounts-state';
import { ignores, listeners } from './ignore';
import * as mailbox from './mailbox';
import { linesOf } from './history';

/** What people say: chat and actions to their room (kept as its history), private messages, away. */

/** A chat or action line, already rendered, to the sender's room; it joins the room's history. */
export const say = (ctx: Context, state: ChatState, user: User, line: string): Step => {
  if (isMuted(user, ctx.at)) return errorTo(state, user, ctx.msg.youAreMuted);
  const next = remember(state, user.room, line, kept(ctx.config));
  const out = broadcast(listeners(next, user, roomOf(next, user).members), line);
  if (ctx.config.persist !== true) return [next, [out]];
  return [next, [store({ kind: 'line', room: user.room, line, at: ctx.at, sender: user.id }), out]];
};

/** How many lines a room keeps: --keep with --data, else --history. */
export const kept = (config: Context['config']): number => Math.max(config.history, config.keep ?? 0);

export const DEFAULT_HISTORY = 50;

/** `/history [N]`: the room's last N lines, between the history block's own two lines. */
export const history = (ctx: Context, state: ChatState, user: User, count: number | undefined): Step => {
  const { msg } = ctx;
  const room = roomOf(state, user);
  const n = Math.min(count ?? DEFAULT_HISTORY, kept(ctx.config));
  const lines = n === 0 ? [] : linesOf(room.history).slice(-n);
  if (lines.length === 0) return replyTo(state, user, msg.noMessagesIn(room.name));
  return [
    state,
    [send(user.id, render.reply(msg.historyStart(room.name))), ...lines.map((line) => send(user.id, line)), send(user.id, render.reply(msg.historyEnd))],
  ];
};

export const chat = (ctx: Context, state: ChatState, user: User, text: string): Step =>
  say(ctx, state, user, render.chat(tag(user), text));

export const action = (ctx: Context, state: ChatState, user: User, text: string): Step =>
  say(ctx, state, user, render.action(tag(user), text));

export const whisper = (ctx: Context, state: ChatState, user: User, target: string, text: string): Step => {
  const { msg } = ctx;
  if (isMuted(user, ctx.at)) return errorTo(state, user, msg.youAreMuted);
  const account = accountOf(state.accounts, target);
  // A registered name reaches whoever is logged in as it, under whatever name, or waits for them.
  const peer = findUser(state, target) ?? (account === undefined ? undefined : state.users.find((u) => u.account === account.key));
  if (peer === undefined) return account === undefined ? errorTo(state, user, msg.noSuchUser(target)) : mailbox.queue(ctx, state, user, account, text);
  const line = render.whisper(tag(user), peer.name, text);
  if (peer.id === user.id) return [state, [send(user.id, line)]];
  const away = peer.away === undefined ? [] : [send(user.id, render.reply(msg.isAway(peer.name, peer.away)))];
  // An ignored sender is not told: it sees its line as ever.
  const delivered = ignores(peer, user) ? [] : [send(peer.id, line)];
  return [state, [send(user.id, line), ...delivered, ...away]];
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
