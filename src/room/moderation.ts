import { parseIp } from '../protocol/ip';
import * as render from '../protocol/render';
import { broadcast, close, Effect, log, send, store } from './effects';
import { OpVerdict } from './events';
import { Context, errorTo, replyTo, Step, tag } from './context';
import { leave } from './membership';
import { activeBans, Ban, ChatState, findUser, isMuted, roomOf, updateUser, User } from './state';
import { wrongPassword } from './wrong-passwords';

export { MAX_WRONG_PASSWORDS } from './wrong-passwords';

/** Operators and what they may do to others: kick, ban, mute. */

export const DEFAULT_BAN_MINUTES = 60;
export const DEFAULT_MUTE_MINUTES = 10;
const MINUTE_MS = 60_000;

export const opAttempt = (ctx: Context, state: ChatState, user: User, verdict: OpVerdict): Step => {
  const { msg } = ctx;
  switch (verdict) {
    case 'none':
      return errorTo(state, user, msg.noOperators);
    case 'granted': {
      const [next, effects] = replyTo(state, user, msg.nowOperator);
      return [updateUser(next, user.id, (u) => ({ ...u, op: true })), [...effects, log({ event: 'op', addr: user.addr, name: user.name })]];
    }
    case 'denied':
      return wrongPassword(ctx, state, user, msg.wrongPassword, 'opFailed');
  }
};

/** Runs `act` only for an operator, with the target the NAME (or addr) points to. */
const onTarget = (
  ctx: Context,
  state: ChatState,
  op: User,
  name: string,
  act: (target: User) => Step,
): Step => {
  if (!op.op) return errorTo(state, op, ctx.msg.notOperator);
  const target = findUser(state, name);
  return target === undefined ? errorTo(state, op, ctx.msg.noSuchUser(name)) : act(target);
};

export const kick = (ctx: Context, state: ChatState, op: User, name: string, reason: string | undefined): Step =>
  onTarget(ctx, state, op, name, (target) => {
    const [next, effects] = leave(
      state,
      target,
      [send(target.id, render.error(ctx.msg.kickedYou(tag(op), reason))), close(target.id, 'flush')],
      ctx.msg.kicked(tag(target), tag(op), reason),
      'kicked',
    );
    return [next, [...effects, log({ event: 'kick', by: tag(op), addr: target.addr, name: target.name })]];
  });

export const ban = (ctx: Context, state: ChatState, op: User, name: string, minutes = DEFAULT_BAN_MINUTES): Step => {
  const { msg, at } = ctx;
  if (!op.op) return errorTo(state, op, msg.notOperator);
  const found = findUser(state, name);
  const ip = found?.ip ?? parseIp(name);
  if (ip === undefined) return errorTo(state, op, msg.noSuchUser(name));
  // With hidden addresses a ban made through a member is shown, and lifted, by that member's cloak.
  const cloak = found?.from === undefined ? undefined : found.addr;
  const ban: Ban = cloak === undefined ? { ip, until: at + minutes * MINUTE_MS } : { ip, until: at + minutes * MINUTE_MS, cloak };
  let next: ChatState = { ...state, bans: [...activeBans(state, at).filter((b) => b.ip !== ip), ban] };
  const effects: Effect[] = [];
  for (const target of state.users) {
    if (target.ip !== ip || target.op) continue;
    const [after, left] = leave(
      next,
      target,
      [send(target.id, render.error(msg.bannedYou(tag(op)))), close(target.id, 'flush')],
      msg.banned(tag(target), tag(op)),
      'banned',
    );
    next = after;
    effects.push(...left);
  }
  effects.push(send(op.id, render.reply(msg.banDone(cloak ?? ip, minutes))), log({ event: 'ban', by: tag(op), ip, minutes }));
  if (ctx.config.persist === true) effects.push(store({ kind: 'setBans', bans: next.bans }));
  return [next, effects];
};

export const unban = (ctx: Context, state: ChatState, op: User, typed: string): Step => {
  const { msg, at } = ctx;
  if (!op.op) return errorTo(state, op, msg.notOperator);
  const bans = activeBans(state, at);
  const ip = bans.find((b) => b.cloak === typed)?.ip ?? parseIp(typed) ?? typed;
  if (!bans.some((b) => b.ip === ip)) return errorTo({ ...state, bans }, op, msg.notBanned(typed));
  const shown = bans.some((b) => b.cloak === typed) ? typed : ip;
  const [next, effects] = replyTo({ ...state, bans: bans.filter((b) => b.ip !== ip) }, op, msg.unbanned(shown));
  const kept = ctx.config.persist === true ? [store({ kind: 'setBans', bans: next.bans })] : [];
  return [next, [...effects, log({ event: 'unban', by: tag(op), ip }), ...kept]];
};

export const mute = (ctx: Context, state: ChatState, op: User, name: string, minutes = DEFAULT_MUTE_MINUTES): Step =>
  onTarget(ctx, state, op, name, (target) => {
    const next = updateUser(state, target.id, (u) => ({ ...u, mutedUntil: ctx.at + minutes * MINUTE_MS }));
    return [
      next,
      [
        broadcast(roomOf(next, target).members, render.notice(ctx.msg.muted(tag(target), tag(op)))),
        log({ event: 'mute', by: tag(op), addr: target.addr, name: target.name, minutes }),
      ],
    ];
  });

export const unmute = (ctx: Context, state: ChatState, op: User, name: string): Step =>
  onTarget(ctx, state, op, name, (target) => {
    if (!isMuted(target, ctx.at)) return errorTo(state, op, ctx.msg.notMuted(target.name));
    const next = updateUser(state, target.id, (u) => ({ ...u, mutedUntil: undefined }));
    return [
      next,
      [
        broadcast(roomOf(next, target).members, render.notice(ctx.msg.unmuted(tag(target), tag(op)))),
        log({ event: 'unmute', by: tag(op), addr: target.addr, name: target.name }),
      ],
    ];
  });
