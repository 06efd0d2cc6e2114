import { accountOf, updateAccount } from './accounts-state';
import { Context, errorTo, replyTo, Step } from './context';
import { store } from './effects';
import { ClientId } from './events';
import { ChatState, findUser, Ignored, setIgnoring, User, userById } from './state';

/**
 * /ignore and /unignore (§15). A member logged in is ignored by account (so
 * across reconnects), anyone else by connection; an ignorer who is logged in
 * keeps its account entries in the account, where the store keeps them.
 */

const matches = (entry: Ignored, sender: User): boolean =>
  entry.kind === 'account' ? sender.account === entry.key : sender.id === entry.id;

export const ignores = (user: User, sender: User): boolean => user.ignoring.some((e) => matches(e, sender));

/**
 * Who of `members` hears `sender`: all of them, without a look, unless
 * someone on the server ignores someone (chat's fan-out pays nothing for
 * a feature nobody uses).
 */
export const listeners = (state: ChatState, sender: User, members: readonly ClientId[]): readonly ClientId[] => {
  if (state.ignorers.length === 0) return members;
  const deaf = state.ignorers.filter((id) => {
    const u = userById(state, id);
    return u !== undefined && ignores(u, sender);
  });
  return deaf.length === 0 ? members : members.filter((id) => !deaf.includes(id));
};

/** The account's part of a user's list, written to the account (and so to the store) when the user is logged in. */
const keep = (state: ChatState, user: User, ignoring: readonly Ignored[]): Step => {
  const next = setIgnoring(state, user.id, ignoring);
  if (user.account === undefined) return [next, []];
  const keys = ignoring.flatMap((e) => (e.kind === 'account' ? [e.key] : []));
  return [
    { ...next, accounts: updateAccount(next.accounts, user.account, (a) => ({ ...a, ignores: keys })) },
    [store({ kind: 'setIgnores', key: user.account, ignores: keys })],
  ];
};

const withReply = ([state, effects]: Step, [, reply]: Step): Step => [state, [...reply, ...effects]];

export const ignore = (ctx: Context, state: ChatState, user: User, name: string | undefined): Step => {
  const { msg } = ctx;
  if (name === undefined) return list(ctx, state, user);
  const target = findUser(state, name);
  if (target === undefined) return errorTo(state, user, msg.noSuchUser(name));
  if (target.id === user.id) return errorTo(state, user, msg.cannotIgnoreSelf);
  if (ignores(user, target)) return replyTo(state, user, msg.alreadyIgnoring(target.name));
  const entry: Ignored = target.account === undefined ? { kind: 'connection', id: target.id } : { kind: 'account', key: target.account };
  return withReply(keep(state, user, [...user.ignoring, entry]), replyTo(state, user, msg.ignoring(target.name)));
};

/** The name an entry is shown by: whoever it points to as now shown, or an offline account's registered name. */
const shownName = (state: ChatState, entry: Ignored): string | undefined => {
  if (entry.kind === 'connection') return userById(state, entry.id)?.name;
  return state.users.find((u) => u.account === entry.key)?.name ?? accountOf(state.accounts, entry.key)?.name;
};

const list = (ctx: Context, state: ChatState, user: User): Step => {
  const names = user.ignoring.flatMap((e) => shownName(state, e) ?? []);
  return replyTo(state, user, names.length === 0 ? ctx.msg.ignoringNobody : ctx.msg.ignoreList(names));
};

export const unignore = (ctx: Context, state: ChatState, user: User, name: string): Step => {
  const { msg } = ctx;
  const target = findUser(state, name);
  const account = accountOf(state.accounts, name);
  const entry = user.ignoring.find((e) =>
    target !== undefined ? matches(e, target) : e.kind === 'account' && account !== undefined && e.key === account.key,
  );
  if (entry === undefined) return errorTo(state, user, msg.notIgnoring(name));
  const shown = shownName(state, entry) ?? name;
  return withReply(keep(state, user, user.ignoring.filter((e) => e !== entry)), replyTo(state, user, msg.unignored(shown)));
};

/** On login: the account's kept entries join the connection's own, without repeats. */
export const restoreIgnores = (state: ChatState, user: User, key: string): ChatState => {
  const kept = accountOf(state.accounts, key)?.ignores ?? [];
  const fresh = kept.filter((k) => !user.ignoring.some((e) => e.kind === 'account' && e.key === k));
  if (fresh.length === 0) return state;
  return setIgnoring(state, user.id, [...user.ignoring, ...fresh.map((k): Ignored => ({ kind: 'account', key: k }))]);
};
