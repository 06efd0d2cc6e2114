import { accountOf, isRegistered } from '../room/accounts-state';
import * as ev from '../room/events';
import { ClientId, RoomEvent } from '../room/events';
import { nameKey } from '../protocol/names';
import { ChatState } from '../room/state';

/**
 * What another listener's edge (SSH, IRC) needs of accounts, in one place:
 * whether a name is registered, and the events that register or log in a
 * connection with an identity the edge verified itself (an SSH key's
 * SHA-256 fingerprint). The room decides on these as on a checked password.
 */
export { isRegistered };

/** Whether `name` is free for a connection that is not logged in: not registered to anyone. */
export const isReserved = (state: ChatState, name: string): boolean => isRegistered(state.accounts, name);

/** Ties the connection's current name to the key (PROTOCOL §16: `/register` from SSH with no password). */
export const registerKey = (id: ClientId, fingerprint: string): RoomEvent => ev.registerAttempt(id, { kind: 'key', fingerprint });

/** Logs the connection in as `name` if that account is tied to this key; otherwise a wrong login. */
export const loginWithKey = (state: ChatState, id: ClientId, name: string, fingerprint: string): RoomEvent => {
  const account = accountOf(state.accounts, name);
  const granted = account?.credential.kind === 'key' && account.credential.fingerprint === fingerprint;
  return ev.loginAttempt(id, account?.key ?? nameKey(name), granted ? 'granted' : 'denied', account?.serial ?? -1);
};
