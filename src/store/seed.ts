import { ChatState, initialState } from '../room/state';
import { Loaded } from './store';
import { historyOf } from '../room/history';

/**
 * The fold's starting state from what the store kept: accounts, bans, and
 * each room's history (#lobby's in the lobby, the others archived until
 * their room is made again). `keep` lines at most per room.
 */
export const seedFrom = (loaded: Loaded, keep: number): ChatState => {
  const [lobby] = initialState.rooms;
  const archive: Record<string, readonly string[]> = {};
  for (const [key, lines] of Object.entries(loaded.histories)) {
    if (key !== lobby!.key) archive[key] = lines.slice(-keep);
  }
  const lobbyHistory = Object.hasOwn(loaded.histories, lobby!.key) ? loaded.histories[lobby!.key]!.slice(-keep) : [];
  return {
    ...initialState,
    rooms: [{ ...lobby!, history: historyOf(lobbyHistory) }],
    bans: loaded.bans,
    accounts: loaded.accounts,
    archive,
  };
};
