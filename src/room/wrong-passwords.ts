import * as render from '../protocol/render';
import { close, log, LogEntry, send } from './effects';
import { Context, errorTo, Step, tag } from './context';
import { leave } from './membership';
import { ChatState, updateUser, User } from './state';

export const MAX_WRONG_PASSWORDS = 3;

/**
 * One more wrong password on a connection, whichever command it was for
 * (/op, /login, /password share the count): `text` as the error, or, the
 * third time, the connection ends.
 */
export const wrongPassword = (ctx: Context, state: ChatState, user: User, text: string, event: LogEntry['event']): Step => {
  const { msg } = ctx;
  const tries = user.wrongPasswords + 1;
  const failed = log({ event, addr: user.addr, name: user.name, tries });
  if (tries >= MAX_WRONG_PASSWORDS) {
    const [next, effects] = leave(
      state,
      user,
      [send(user.id, render.error(msg.tooManyWrongPasswords)), close(user.id, 'flush')],
      msg.left(tag(user)),
      'wrongPassword',
    );
    return [next, [failed, ...effects]];
  }
  const [next, effects] = errorTo(state, user, text);
  return [updateUser(next, user.id, (u) => ({ ...u, wrongPasswords: tries })), [...effects, failed]];
};
