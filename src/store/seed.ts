import { ChatState, initialState } from '../room/state';
import { Loaded } from './store';
import { historyOf } from '../room/history';

/** The last `n` of `lines` (none for 0: `slice(-0)` would be all of them). */
const last = (lines: readonly string[], n: number): readonly string[] => (n === 0 ? [] : lines.slice(-n));

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
    if (key !== lobby!.key) archive[key] = last(lines, held);
  }
  const lobbyHistory = Object.hasOwn(loaded.histories, lobby!.key) ? last(loaded.histories[lobby!.key]!, held) : [];
  return {
    ...initialState,
    rooms: [{ ...lobby!, history: historyOf(lobbyHistory) }],
    bans: loaded.bans,
    accounts: loaded.accounts,
    archive,
  };
};
