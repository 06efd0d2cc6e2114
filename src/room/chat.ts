import * as render from '../protocol/render';
import { broadcast, historyAnswer, readHistory, send, store } from './effects';
import { Context, errorTo, replyTo, Step, tag } from './context';
import { ChatState, findUser, isMuted, remember, roomOf, updateUser, User } from './state';
import { accountOf } from './accounts-state';
import { ignores, listeners } from './ignore';
import * as mailbox from './mailbox';
import { historyLength, lastOf, linesOf } from './history';

/** What people say: chat and actions to their room (kept as its history), private messages, away. */

/** A chat or action line, already rendered, to the sender's room; it joins the room's history. */
export const say = (ctx: Context, state: ChatState, user: User, line: string): Step => {
  if (isMuted(user, ctx.at)) return errorTo(state, user, ctx.msg.youAreMuted);
  const next = remember(state, user.room, line, remembered(ctx.config));
  const out = broadcast(listeners(next, user, roomOf(next, user).members), line);
  if (ctx.config.persist !== true) return [next, [out]];
  return [next, [store({ kind: 'line', room: user.room, line, at: ctx.at, sender: user.id }), out]];
};

export const DEFAULT_HISTORY = 50;

/** How many lines /history can show: --keep with --data, else --history. */
const kept = (config: Context['config']): number => Math.max(config.history, config.keep ?? 0);

/**
 * How many of a room's lines the room holds in memory: what an entering
 * member is shown (--history) and, with --data, what a plain `/history`
 * shows. The rest of the --keep lines are the store's alone, read when asked
 * for: a thousand lines a room held by the fold would outlive a young
 * generation collection each, and every collection would copy them
 * (docs/PERFORMANCE.md, "With a store").
 */
export const remembered = (config: Pick<Context['config'], 'history' | 'keep'>): number =>
  config.keep === undefined ? config.history : Math.max(config.history, Math.min(config.keep, DEFAULT_HISTORY));

/**
 * `/history [N]`: the room's last N lines, between the history block's own
 * two lines. Memory answers when it holds N lines, or holds all the room has
 * (it is not full); else the store does, at the edge (a `readHistory` effect).
 */
export const history = (ctx: Context, state: ChatState, user: User, count: number | undefined): Step => {
  const { msg } = ctx;
  const room = roomOf(state, user);
  const n = Math.min(count ?? DEFAULT_HISTORY, kept(ctx.config));
  const held = historyLength(room.history);
  const answer = {
    start: render.reply(msg.historyStart(room.name)),
    end: render.reply(msg.historyEnd),
    none: render.reply(msg.noMessagesIn(room.name)),
    failed: render.error(msg.notDelivered),
  };
  if (n > held && held >= remembered(ctx.config)) return [state, [readHistory(user.id, room.key, n, answer)]];
  return [state, historyAnswer(user.id, lastOf(linesOf(room.history), n), answer)];
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
