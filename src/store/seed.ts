import { ChatState, initialState } from '../room/state';
import { Loaded } from './store';
import { historyOf, lastOf } from '../room/history';

/**
 * The fold's starting state from what the store kept: accounts, bans, and
 * each room's history (#lobby's in the lobby, the others archived until
 * their room is made again). The last `held` lines of each, what a room
 * holds in memory (the store keeps the rest for /history).
 */
export const seedFrom = (loaded: Loaded, held: number): ChatState => {
  const [lobby] = initialState.rooms;
  const archive: Record<string, readonly string[]> = {};
  for (const [key, lines] of Object.entries(loaded.histories)) {
    if (key !== lobby!.key) archive[key] = lastOf(lines, held);
  }
  const lobbyHistory = Object.hasOwn(loaded.histories, lobby!.key) ? lastOf(loaded.histories[lobby!.key]!, held) : [];
  return {
    ...initialState,
    rooms: [{ ...lobby!, history: historyOf(lobbyHistory) }],
    bans: loaded.bans,
    accounts: loaded.accounts,
    archive,
  };
};
