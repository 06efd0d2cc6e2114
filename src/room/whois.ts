import { isRegistered } from './accounts-state';
import { Context, errorTo, replyTo, Step, tag } from './context';
import { ClientId } from './events';
import { ChatState, findUser, roomOf, User } from './state';

/**
 * /whois NAME (§15). How long the member has been idle is known at the edge
 * (its last line's time), not in the fold: the edge looks the name up and
 * says whose idle time it measured, so a rename in between cannot pin one
 * member's time on another (that member then shows 0).
 */
export interface Idle {
  readonly of: ClientId;
  readonly seconds: number;
}

export const whois = (ctx: Context, state: ChatState, asker: User, name: string, idle: Idle | undefined): Step => {
  const target = findUser(state, name);
  if (target === undefined) return errorTo(state, asker, ctx.msg.noSuchUser(name));
  const text = ctx.msg.whois(tag(target), {
    room: roomOf(state, target).name,
    idle: idle !== undefined && idle.of === target.id ? idle.seconds : 0,
    away: target.away,
    op: target.op,
    registered: target.account !== undefined && target.key === target.account && isRegistered(state.accounts, target.name),
    from: asker.op ? target.from : undefined,
  });
  return replyTo(state, asker, text);
};
