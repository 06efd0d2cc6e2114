import { nameKey } from '../protocol/names';
import { Account, accountOf, dropAccount, putAccount } from './accounts-state';
import { Context, errorTo, replyTo, Step } from './context';
import { Effect, log, send, store } from './effects';
import { Credential, KeyLogin, LoginVerdict, PasswordOutcome, RoomEvent } from './events';
import { connect, renamed } from './membership';
import * as render from '../protocol/render';
import { ChatState, newUser, updateUser, User, userById } from './state';
import { wrongPassword } from './wrong-passwords';
import { restoreIgnores } from './ignore';
import { deliver } from './mailbox';

/** Accounts (§13): the room decides on facts the edge checked (hashes, verdicts); it never sees a password. */

export const MIN_PASSWORD = 8;

/** Runs the steps in turn, each on the state the one before left, and joins their effects. */
const chain = (state: ChatState, ...steps: readonly ((state: ChatState) => Step)[]): Step => {
  let next = state;
  const effects: Effect[] = [];
  for (const step of steps) {
    const [after, more] = step(next);
    next = after;
    effects.push(...more);
  }
  return [next, effects];
};

const current = (state: ChatState, user: User): User => state.users[state.ids.indexOf(user.id)] ?? user;

export const register = (ctx: Context, state: ChatState, user: User, credential: Credential | 'tooShort'): Step => {
  const { msg } = ctx;
  if (user.key === nameKey(user.addr)) return errorTo(state, user, msg.chooseNameFirst);
  if (accountOf(state.accounts, user.name) !== undefined) return errorTo(state, user, msg.alreadyRegistered(user.name));
  if (credential === 'tooShort') return errorTo(state, user, msg.passwordTooShort(MIN_PASSWORD));
  const [accounts, account] = putAccount(state.accounts, user.key, user.name, credential);
  const next = updateUser({ ...state, accounts }, user.id, (u) => ({ ...u, account: account.key }));
  const text = credential.kind === 'key' ? msg.registeredToKey(user.name, credential.fingerprint) : msg.registered(user.name);
  return [
    next,
    [send(user.id, render.reply(text)), store({ kind: 'putAccount', account }), log({ event: 'register', addr: user.addr, name: user.name })],
  ];
};

/** Whoever else is logged in as the account, or holds its name, is logged out and renamed back to its addr (their rooms see it). */
const freeAccount = (ctx: Context, state: ChatState, user: User, account: Account): Step => {
  const others = state.users.filter((u) => u.id !== user.id && (u.account === account.key || u.key === account.key));
  return chain(
    state,
    ...others.map((other) => (s: ChatState): Step => {
      const loggedOut = updateUser(s, other.id, (u) => ({ ...u, account: undefined }));
      const now = current(loggedOut, other);
      return now.name === now.addr ? [loggedOut, []] : renamed(ctx, loggedOut, now, now.addr);
    }),
  );
};

/** The user, already named as the account, is logged in as it: told so, made an operator if the account is one of --op-accounts, its ignores and waiting messages restored. */
const loggedIn = (ctx: Context, state: ChatState, user: User, account: Account): Step => {
  const { msg, config } = ctx;
  const becomesOp = (config.opAccounts ?? []).includes(account.key) && !user.op;
  return chain(
    state,
    (s) => [
      updateUser(s, user.id, (u) => ({ ...u, account: account.key, op: u.op || becomesOp })),
      [
        send(user.id, render.reply(msg.loggedIn(account.name))),
        ...(becomesOp ? [send(user.id, render.reply(msg.nowOperator))] : []),
        log({ event: 'login', addr: user.addr, name: account.name }),
      ],
    ],
    (s) => [restoreIgnores(s, current(s, user), account.key), []],
    (s) => deliver(ctx, s, current(s, user), account.key),
  );
};

/**
 * A checked login. Whoever else is logged in as the account, or holds its
 * name, is renamed back to its addr first; then the user takes the name
 * (its room sees the rename), then is told, then made an operator if the
 * account is one of --op-accounts.
 */
export const login = (ctx: Context, state: ChatState, user: User, key: string, verdict: LoginVerdict, serial: number): Step => {
  const account = accountOf(state.accounts, key);
  if (verdict === 'denied' || account === undefined || account.serial !== serial) {
    return wrongPassword(ctx, state, user, ctx.msg.wrongNameOrPassword, 'loginFailed');
  }
  return chain(
    state,
    (s) => freeAccount(ctx, s, user, account),
    (s) => (current(s, user).key === account.key ? [s, []] : renamed(ctx, s, current(s, user), account.name)),
    (s) => loggedIn(ctx, s, current(s, user), account),
  );
};

/**
 * A client arriving with the key of the account it asked for (§16: `ssh
 * NAME@HOST` with the key NAME was registered to) joins under the account's
 * name, logged in: whoever else held the account is renamed back first, then
 * the arrival is welcomed as NAME and joins, then hears `--- Logged in as
 * NAME`. A login checked against a credential that has changed since, or an
 * arrival the room turns away, is an ordinary connect (which says the name
 * is registered, or refuses it).
 */
export const connectLoggedIn = (ctx: Context, state: ChatState, event: RoomEvent & { type: 'connected'; login: KeyLogin }): Step => {
  const { id, addr, from, name, login: claim } = event;
  const plain = (): Step => connect(ctx, state, id, addr, from, name);
  const account = accountOf(state.accounts, claim.account);
  if (account === undefined || account.serial !== claim.serial || userById(state, id) !== undefined) return plain();
  const arriving = newUser(id, addr, from);
  const [freed, renames] = freeAccount(ctx, state, arriving, account);
  const [joined, arrival, refusal] = connect(ctx, freed, id, addr, from, account.name, account.key);
  const user = userById(joined, id);
  if (refusal !== undefined || user === undefined) return plain();
  const [after, told] = loggedIn(ctx, joined, user, account);
  return [after, [...renames, ...arrival, ...told]];
};

export const changePassword = (ctx: Context, state: ChatState, user: User, outcome: PasswordOutcome, serial: number): Step => {
  const { msg } = ctx;
  const account = user.account === undefined ? undefined : accountOf(state.accounts, user.account);
  if (account === undefined) return errorTo(state, user, msg.notLoggedIn);
  if (outcome === 'wrong' || account.serial !== serial) return wrongPassword(ctx, state, user, msg.wrongPassword, 'loginFailed');
  if (outcome === 'tooShort') return errorTo(state, user, msg.passwordTooShort(MIN_PASSWORD));
  const [accounts, changed] = putAccount(state.accounts, account.key, account.name, { kind: 'password', hash: outcome.hash });
  return [
    { ...state, accounts },
    [
      send(user.id, render.reply(msg.passwordChanged)),
      store({ kind: 'putAccount', account: changed }),
      log({ event: 'password', addr: user.addr, name: account.name }),
    ],
  ];
};

/** An operator frees a name: the account goes, whoever was logged in as it is logged out (and keeps the name for now). */
export const unregister = (ctx: Context, state: ChatState, op: User, name: string): Step => {
  const { msg } = ctx;
  if (!op.op) return errorTo(state, op, msg.notOperator);
  const account = accountOf(state.accounts, name);
  if (account === undefined) return errorTo(state, op, msg.notRegistered(name));
  let next: ChatState = { ...state, accounts: dropAccount(state.accounts, account.key) };
  for (const u of state.users) {
    if (u.account === account.key) next = updateUser(next, u.id, (v) => ({ ...v, account: undefined }));
  }
  const [after, effects] = replyTo(next, op, msg.unregistered(account.name));
  return [after, [...effects, store({ kind: 'dropAccount', key: account.key }), log({ event: 'unregister', by: op.name, name: account.name })]];
};
