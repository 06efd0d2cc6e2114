import * as render from '../protocol/render';
import { broadcast, close, Effect, log, send } from './effects';
import { ClientId, nodeOf } from './events';
import { Context, errorTo, replyTo, Step, tag } from './context';
import {
  addUser,
  ChatState,
  findUser,
  isBanned,
  moveUser,
  newUser,
  removeUser,
  Room,
  roomByKey,
  roomKey,
  roomOf,
  updateUser,
  User,
  userById,
} from './state';
import { ipOf } from '../protocol/ip';
import { NickName, nameKey, RoomName } from '../protocol/names';
import { isRegistered } from './accounts-state';
import { lastOf, linesOf } from './history';

/** Membership and rooms: who is on the server, in which room, under which name. */

export type LeaveReason = 'quit' | 'eof' | 'idle' | 'tooSlow' | 'kicked' | 'banned' | 'wrongPassword' | 'nodeStopped' | 'nodeLost';

/** A room's history as the three-part block a newcomer gets; nothing at all when there is none. */
const historyFor = (ctx: Context, id: ClientId, room: Room): Effect[] => {
  // A room may keep more (--keep, for /history) than an entering member is shown (--history).
  const shown = lastOf(linesOf(room.history), ctx.config.history);
  return shown.length === 0
    ? []
    : [
        send(id, render.reply(ctx.msg.historyStart(room.name))),
        ...shown.map((line) => send(id, line)),
        send(id, render.reply(ctx.msg.historyEnd)),
      ];
};

/**
 * The name a client asked for on connecting, judged as `/nick` judges one:
 * the name, or the `/nick` error that says why the client keeps its addr.
 * A registered name is free only to a client arriving logged in as it (`account`).
 */
const askedName = (ctx: Context, state: ChatState, asked: string, account: string | undefined): { readonly name: NickName } | { readonly error: string } => {
  const wanted = asked.trim().normalize('NFKC');
  if (!NickName.is(wanted)) return { error: ctx.msg.invalidName };
  const key = nameKey(wanted);
  const holder = findUser(state, wanted);
  if (holder !== undefined && holder.key === key) return { error: ctx.msg.nameTaken(wanted) };
  return isRegistered(state.accounts, wanted) && account !== key ? { error: ctx.msg.nameRegistered(wanted) } : { name: wanted };
};

export const connect = (ctx: Context, state: ChatState, id: ClientId, addr: string, from?: string, asked?: string, account?: string): Step => {
  const { msg, config } = ctx;
  if (userById(state, id) !== undefined) return [state, []];
  // The edge refuses banned addresses before they connect; this catches one that raced the ban.
  if (isBanned(state, ipOf(from ?? addr), ctx.at)) return [state, [send(id, render.error(msg.youAreBanned)), close(id, 'flush')], { id, addr, cause: 'banned' }];
  if (state.users.length >= config.maxClients) {
    return [state, [send(id, render.error(msg.serverFull(config.maxClients))), close(id, 'flush')], { id, addr, cause: 'full' }];
  }
  const named = asked === undefined || asked.trim() === '' ? undefined : askedName(ctx, state, asked, account);
  const user = named !== undefined && 'name' in named ? { ...newUser(id, addr, from), name: named.name, key: nameKey(named.name) } : newUser(id, addr, from);
  const next = addUser(state, user);
  const lobby = roomOf(next, user);
  return [
    next,
    [
      send(id, render.reply(msg.welcome(tag(user), next.users.length))),
      ...(named !== undefined && 'error' in named ? [send(id, render.error(named.error))] : []),
      ...config.motd.map((line) => send(id, render.reply(line))),
      ...historyFor(ctx, id, lobby),
      broadcast(lobby.members, render.notice(msg.joined(tag(user)))),
    ],
  ];
};

/** Removes a user: its own last words and close first, then its room hears of it, then the log. */
export const leave = (state: ChatState, user: User, own: readonly Effect[], notice: string, reason: LeaveReason): Step => {
  const room = roomOf(state, user);
  const next = removeUser(state, user.id);
  const rest = roomByKey(next, room.key)?.members ?? [];
  return [
    next,
    [
      ...own,
      broadcast(rest, render.notice(notice)),
      log({ event: 'leave', addr: user.addr, name: user.name, room: room.name, reason }),
    ],
  ];
};

export const quit = (ctx: Context, state: ChatState, user: User, reason: string | undefined): Step => {
  const text = reason === undefined ? ctx.msg.left(tag(user)) : ctx.msg.leftWithReason(tag(user), reason);
  return leave(state, user, [send(user.id, render.reply(ctx.msg.bye)), close(user.id, 'flush')], text, 'quit');
};

export const shutdown = (ctx: Context, state: ChatState, initial: ChatState): Step => [
  initial,
  [broadcast(state.ids, render.notice(ctx.msg.shuttingDown)), ...state.ids.map((id) => close(id, 'flush'))],
];

/**
 * A cluster node's clients all leave at once: stopped, they are told the
 * server is shutting down; lost, they cannot be told anything. Everyone else
 * hears they left, with why. A repeat finds nobody left and does nothing.
 */
export const nodeGone = (ctx: Context, state: ChatState, node: number, how: 'nodeStopped' | 'nodeLost'): Step => {
  const { msg } = ctx;
  const why = how === 'nodeStopped' ? msg.serverRestarting : msg.connectionLost;
  let next = state;
  const effects: Effect[] = [];
  for (const user of state.users) {
    if (nodeOf(user.id) !== node) continue;
    const own = how === 'nodeStopped' ? [send(user.id, render.notice(msg.shuttingDown)), close(user.id, 'flush')] : [close(user.id, 'drop')];
    const [after, left] = leave(next, user, own, msg.leftWithReason(tag(user), why), how);
    next = after;
    effects.push(...left);
  }
  return [next, effects];
};

export const rename = (ctx: Context, state: ChatState, user: User, name: NickName): Step => {
  if (name === user.name) return replyTo(state, user, ctx.msg.alreadyNamed(name));
  const key = nameKey(name);
  if (isRegistered(state.accounts, name) && user.account !== key) return errorTo(state, user, ctx.msg.nameRegistered(name));
  const holder = findUser(state, name);
  if (holder !== undefined && holder.id !== user.id && holder.key === key) {
    return errorTo(state, user, ctx.msg.nameTaken(name));
  }
  return renamed(ctx, state, user, name);
};

/** Gives a user a name already known to be free for it; its room sees the change. */
export const renamed = (ctx: Context, state: ChatState, user: User, name: string): Step => {
  const next = updateUser(state, user.id, (u) => ({ ...u, name, key: nameKey(name) }));
  return [
    next,
    [
      broadcast(roomOf(next, user).members, render.notice(ctx.msg.renamed(tag(user), name))),
      log({ event: 'rename', addr: user.addr, from: user.name, to: name }),
    ],
  ];
};

export const join = (ctx: Context, state: ChatState, user: User, wanted: RoomName): Step => {
  const { msg } = ctx;
  const key = roomKey(wanted);
  const old = roomOf(state, user);
  if (key === old.key) return replyTo(state, user, msg.alreadyIn(old.name));
  const shown = roomByKey(state, key)?.name ?? wanted;
  const next = moveUser(state, user.id, key, shown);
  const entered = roomByKey(next, key)!;
  return [
    next,
    [
      broadcast(roomByKey(next, old.key)?.members ?? [], render.notice(msg.leftFor(tag(user), shown))),
      send(user.id, render.reply(msg.nowIn(shown, entered.members.length))),
      ...historyFor(ctx, user.id, entered),
      broadcast(entered.members, render.notice(msg.joined(tag(user)))),
    ],
  ];
};

export const rooms = (ctx: Context, state: ChatState, user: User): Step => [
  state,
  [
    send(user.id, render.reply(ctx.msg.roomsHeader(state.rooms.length))),
    ...state.rooms.map((room) =>
      send(user.id, render.reply(ctx.msg.roomEntry(room.name, room.members.length, room.key === user.room))),
    ),
  ],
];

export const who = (ctx: Context, state: ChatState, user: User): Step => {
  const room = roomOf(state, user);
  const byId = new Map(state.users.map((u) => [u.id, u]));
  return [
    state,
    [
      send(user.id, render.reply(ctx.msg.whoHeader(room.members.length, room.name))),
      ...room.members.flatMap((id) => {
        const m = byId.get(id);
        if (m === undefined) return [];
        return [send(user.id, render.reply(ctx.msg.whoEntry(tag(m), { away: m.away, op: m.op, you: m.id === user.id })))];
      }),
    ],
  ];
};
