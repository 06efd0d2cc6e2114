import { nameKey } from '../protocol/names';
import { ClientId } from './events';

export interface Member {
  readonly id: ClientId;
  readonly addr: string;
  readonly name: string;
  /** nameKey(name), kept so lookups do not normalise every member. */
  readonly key: string;
}

export const newMember = (id: ClientId, addr: string): Member => ({ id, addr, name: addr, key: nameKey(addr) });

/**
 * The room: its members in join order, and their ids in the same order (what
 * a broadcast addresses). Both are replaced, never mutated, so a broadcast
 * effect can hold `order` without a copy. Arrays, not a Map by id: a join
 * copies two arrays of pointers instead of rehashing a Map of every member,
 * which for a crowd of N joining is N copies of an N-entry table, and a scan
 * by id costs far less than the N deliveries of the line that needs it.
 */
export interface RoomState {
  readonly members: readonly Member[];
  readonly order: readonly ClientId[];
}

export const emptyRoom: RoomState = { members: [], order: [] };

/** Runs for every line a client sends: a native search of packed integers, not a walk over member objects. */
export const memberById = (state: RoomState, id: ClientId): Member | undefined => {
  const at = state.order.indexOf(id);
  return at < 0 ? undefined : state.members[at];
};

export const addMember = (state: RoomState, member: Member): RoomState => ({
  members: [...state.members, member],
  order: [...state.order, member.id],
});

export const removeMember = (state: RoomState, id: ClientId): RoomState => {
  const at = state.order.indexOf(id);
  if (at < 0) return state;
  const members = state.members.slice();
  const order = state.order.slice();
  members.splice(at, 1);
  order.splice(at, 1);
  return { members, order };
};

export const renameMember = (state: RoomState, id: ClientId, name: string): RoomState => ({
  ...state,
  members: state.members.map((member) => (member.id === id ? { ...member, name, key: nameKey(name) } : member)),
});

/** The member a name (compared as nameKey) or an exact addr points to. */
export const findMember = (state: RoomState, nameOrAddr: string): Member | undefined => {
  const key = nameKey(nameOrAddr);
  for (const member of state.members) {
    if (member.key === key || member.addr === nameOrAddr) return member;
  }
  return undefined;
};
