import * as render from '../protocol/render';
import { Account, accountOf, updateAccount } from './accounts-state';
import { Context, errorTo, replyTo, Step, tag } from './context';
import { Effect, send, store } from './effects';
import { ChatState, User } from './state';

/** Offline messages (§15): /msg to a registered account nobody is logged in as waits for its login. */

export const MAILBOX_SIZE = 100;

/**
 * Queues `text` for the account as the line its owner will get (the sender
 * as shown now). An account that ignores the sender takes nothing, and the
 * sender, as for any ignored message, is not told.
 */
export const queue = (ctx: Context, state: ChatState, sender: User, account: Account, text: string): Step => {
  const { msg } = ctx;
  if (account.mailbox.length >= MAILBOX_SIZE) return errorTo(state, sender, msg.mailboxFull(account.name));
  const reply = replyTo(state, sender, msg.offlineQueued(account.name));
  if (sender.account !== undefined && account.ignores.includes(sender.account)) return reply;
  const line = render.whisper(tag(sender), account.name, text);
  const accounts = updateAccount(state.accounts, account.key, (a) => ({ ...a, mailbox: [...a.mailbox, line] }));
  return [{ ...state, accounts }, [...reply[1], store({ kind: 'queueMessage', key: account.key, line })]];
};

/** On login, after `--- Logged in as NAME`: what waited, oldest first, once. */
export const deliver = (ctx: Context, state: ChatState, user: User, key: string): Step => {
  const mailbox = accountOf(state.accounts, key)?.mailbox ?? [];
  if (mailbox.length === 0) return [state, []];
  const effects: Effect[] = [
    send(user.id, render.reply(ctx.msg.messagesStart(mailbox.length))),
    ...mailbox.map((line) => send(user.id, line)),
    send(user.id, render.reply(ctx.msg.messagesEnd)),
    store({ kind: 'clearMessages', key }),
  ];
  return [{ ...state, accounts: updateAccount(state.accounts, key, (a) => ({ ...a, mailbox: [] })) }, effects];
};
