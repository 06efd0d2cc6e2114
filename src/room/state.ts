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
 * The room: members by id, and their join order. Both are replaced, never
 * mutated, so a broadcast effect can hold `order` without a copy.
 */
export interface RoomState {
  readonly members: ReadonlyMap<ClientId, Member>;
  readonly order: readonly ClientId[];
}

export const emptyRoom: RoomState = { members: new Map(), order: [] };

export const addMember = (state: RoomState, member: Member): RoomState => ({
  members: new Map(state.members).set(member.id, member),
  order: [...state.order, member.id],
});

export const removeMember = (state: RoomState, id: ClientId): RoomState => {
  const members = new Map(state.members);
  members.delete(id);
  return { members, order: state.order.filter((other) => other !== id) };
};

export const renameMember = (state: RoomState, id: ClientId, name: string): RoomState => {
  const member = state.members.get(id);
  if (member === undefined) return state;
  return { ...state, members: new Map(state.members).set(id, { ...member, name, key: nameKey(name) }) };
};

/** The member a name (compared as nameKey) or an exact addr points to. */
export const findMember = (state: RoomState, nameOrAddr: string): Member | undefined => {
  const key = nameKey(nameOrAddr);
  for (const member of state.members.values()) {
    if (member.key === key || member.addr === nameOrAddr) return member;
  }
  return undefined;
};

export const membersInOrder = (state: RoomState): Member[] =>
  state.order.flatMap((id) => {
    const member = state.members.get(id);
    return member === undefined ? [] : [member];
  });
