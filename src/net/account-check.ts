import { parse } from '../protocol/parse';
import { nameKey } from '../protocol/names';
import { MIN_PASSWORD } from '../room/accounts';
import { accountOf } from '../room/accounts-state';
import * as ev from '../room/events';
import { RoomEvent } from '../room/events';
import { ChatState, userById } from '../room/state';
import { hashPassword, verifyPassword } from './passwords';

/** Cheap test first: only a line that may be an account command is parsed a second time. */
const MAYBE_ACCOUNT = /\/(reg|log|ide|pas)/i;

const tooShort = (password: string): boolean => [...password].length < MIN_PASSWORD;

/**
 * Checks `/register`, `/login` (`/identify`) and `/password` lines at the
 * edge, as `/op` is checked, and puts what was found in their place: a hash,
 * a verdict. The room never sees a password; the hashing runs off the event
 * loop, so the fold never waits for it. `state` is the room's last folded
 * state, where the accounts' hashes are read.
 */
export const checkAccounts =
  (state: () => ChatState) =>
  (event: RoomEvent): RoomEvent | Promise<RoomEvent> => {
    if (event.type !== 'line' || !MAYBE_ACCOUNT.test(event.text)) return event;
    const { id } = event;
    const command = parse(event.text);
    switch (command.type) {
      case 'register':
        if (tooShort(command.password)) return ev.registerAttempt(id, 'tooShort');
        return hashPassword(command.password).then((hash) => ev.registerAttempt(id, { kind: 'password', hash }));
      case 'login': {
        const account = accountOf(state().accounts, command.name);
        const hash = account?.credential.kind === 'password' ? account.credential.hash : undefined;
        const key = account?.key ?? nameKey(command.name);
        const serial = account?.serial ?? -1;
        return verifyPassword(command.password, hash).then(
          (ok) => ev.loginAttempt(id, key, ok ? 'granted' : 'denied', serial),
          () => ev.loginAttempt(id, key, 'denied', serial),
        );
      }
      case 'password': {
        const user = userById(state(), id);
        const account = user?.account === undefined ? undefined : accountOf(state().accounts, user.account);
        if (account === undefined || account.credential.kind !== 'password') return ev.passwordAttempt(id, 'wrong', -1);
        const { serial } = account;
        return verifyPassword(command.old, account.credential.hash).then(async (ok): Promise<RoomEvent> => {
          if (!ok) return ev.passwordAttempt(id, 'wrong', serial);
          if (tooShort(command.new)) return ev.passwordAttempt(id, 'tooShort', serial);
          return ev.passwordAttempt(id, { hash: await hashPassword(command.new) }, serial);
        });
      }
      default:
        return event;
    }
  };
