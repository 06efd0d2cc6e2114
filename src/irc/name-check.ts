import { nameKey } from '../protocol/names';
import { isRegistered } from '../room/accounts-state';
import { ChatState, findUser } from '../room/state';
import type { NameCheck } from './irc-listener';

/**
 * Whether a nick can be had, judged as the room judges a name asked for on
 * connecting, on the latest state: so most refusals are a 433 before
 * registration ends (the room still decides a race, with its own line).
 */
export const nameCheck = (state: ChatState, name: string): ReturnType<NameCheck> => {
  const holder = findUser(state, name);
  return { taken: holder !== undefined && holder.key === nameKey(name), registered: isRegistered(state.accounts, name) };
};
