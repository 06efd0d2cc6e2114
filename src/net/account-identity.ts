import { parse } from '../protocol/parse';
import { sanitize } from '../protocol/sanitize';
import { accountOf } from '../room/accounts-state';
import * as ev from '../room/events';
import { RoomEvent } from '../room/events';
import { ChatState } from '../room/state';

/** Cheap test first: only a line that may be `/register` is parsed a second time. */
const MAYBE_REGISTER = /\/reg/i;

/** `/register` with nothing after it: a usage error on a connection without a key. */
const isBareRegister = (text: string): boolean => {
  const command = parse(text);
  return command.type === 'usage' && command.command === 'register' && !sanitize(text).trim().includes(' ');
};

/**
 * A key as an identity (§16), for a client that proved at its edge that it
 * holds the key with this SHA-256 `fingerprint` (an SSH login). It arrives
 * logged in when the name it asked for is registered to that key, and its
 * `/register` with no password ties its name to the key. Like a password
 * checked at the edge, the room gets only what was found here: the account
 * and the serial of its credential as seen now (a credential that changes
 * before the fold makes it an ordinary arrival), or the fingerprint to keep.
 */
export const keyIdentity =
  (state: () => ChatState, fingerprint: string) =>
  (event: RoomEvent): RoomEvent => {
    if (event.type === 'connected' && event.name !== undefined) {
      const account = accountOf(state().accounts, event.name.trim());
      const tied = account?.credential.kind === 'key' && account.credential.fingerprint === fingerprint;
      return tied ? { ...event, login: { account: account.key, serial: account.serial } } : event;
    }
    if (event.type === 'line' && MAYBE_REGISTER.test(event.text) && isBareRegister(event.text)) {
      return ev.registerAttempt(event.id, { kind: 'key', fingerprint });
    }
    return event;
  };
