import { ipOf } from '../protocol/ip';
import { LOBBY, nameKey } from '../protocol/names';
import { Accounts, noAccounts } from './accounts-state';
import { ClientId } from './ids';
import { appended, History, historyLength, historyOf, linesOf, noHistory, without } from './history';

/** One connected client: who it is, where it is, and what the operators have done to it. */
export interface User {
  readonly id: ClientId;
  readonly addr: string;
  /** The addr without its port: what a ban matches. */
  readonly ip: string;
  readonly name: string;
  /** nameKey(name), kept so lookups do not normalise every user. */
  readonly key: string;
  /** The key of the room the user is in. */
  readonly room: string;
  readonly away: string | undefined;
  readonly op: boolean;
  /** ms (event time) until which chat, /me and /msg are refused. */
  readonly mutedUntil: number | undefined;
  /** Wrong passwords on this connection, /op's and /login's together. */
  readonly wrongPasswords: number;
  /** The key of the account this connection is logged in as. */
  readonly account: string | undefined;
  /** Whom this connection ignores (§15), in the order ignored. */
  readonly ignoring: readonly Ignored[];
  /** The real `ip:port` when `addr` is a cloak (--hide-addresses); shown to operators by /whois only. */
  readonly from: string | undefined;
}

/** One entry of an ignore list: an account (whoever is logged in as it), or a connection that is not logged in. */
export type Ignored = { readonly kind: 'account'; readonly key: string } | { readonly kind: 'connection'; readonly id: ClientId };

/**
 * A room: its shown name (the creator's spelling), its members in the order
 * they entered, and its last chat and action lines, already rendered. The
 * members array is replaced, never mutated, so an effect can hold it without
 * a copy; the history shares its lines between states (see history.ts).
 */
export interface Room {
  readonly key: string;
  readonly name: string;
  readonly members: readonly ClientId[];
  readonly history: History;
}

export interface Ban {
  readonly ip: string;
  /** ms (event time) when the ban ends. */
  readonly until: number;
  /** The cloak of the member it was made through, when addresses are hidden: what the operator saw and may /unban. */
  readonly cloak?: string;
}

/**
 * The whole server: users in connection order with their ids in the same
 * order (a native indexOf over packed integers finds a user on every line),
 * rooms in creation order with `#lobby` first, and the bans in force.
 * Arrays, not Maps: a join copies pointers instead of rehashing a table.
 */
export interface ChatState {
  readonly users: readonly User[];
  readonly ids: readonly ClientId[];
  readonly rooms: readonly Room[];
  readonly bans: readonly Ban[];
  readonly accounts: Accounts;
  /** Ids of the users whose ignore list is not empty: when there are none, chat is fanned out without a look. */
  readonly ignorers: readonly ClientId[];
  /**
   * With --data only: the histories of rooms that ended, by key, so a room
   * made again shows its recent messages again (§14). Absent otherwise, and
   * a room's history ends with it as in v2.
   */
  readonly archive?: Readonly<Record<string, readonly string[]>>;
}

export const roomKey = (name: string): string => nameKey(name);

const lobby: Room = { key: roomKey(LOBBY), name: LOBBY, members: [], history: noHistory };

export const initialState: ChatState = { users: [], ids: [], rooms: [lobby], bans: [], accounts: noAccounts, ignorers: [] };

/** A new connection, named by its addr; with hidden addresses `addr` is its cloak and `from` the real one. */
export const newUser = (id: ClientId, addr: string, from?: string): User => ({
  id,
  addr,
  ip: ipOf(from ?? addr),
  name: addr,
  key: nameKey(addr),
  room: lobby.key,
  away: undefined,
  op: false,
  mutedUntil: undefined,
  wrongPasswords: 0,
  account: undefined,
  ignoring: [],
  from,
});

export const userById = (state: ChatState, id: ClientId): User | undefined => {
  const at = state.ids.indexOf(id);
  return at < 0 ? undefined : state.users[at];
};

/** The user a name (compared as nameKey) or an exact addr points to. */
export const findUser = (state: ChatState, nameOrAddr: string): User | undefined => {
  const key = nameKey(nameOrAddr);
  for (const user of state.users) {
    if (user.key === key || user.addr === nameOrAddr) return user;
  }
  return undefined;
};

export const roomByKey = (state: ChatState, key: string): Room | undefined => state.rooms.find((r) => r.key === key);

/** The room a user is in; every user is in exactly one. */
export const roomOf = (state: ChatState, user: User): Room => roomByKey(state, user.room) ?? lobby;

export const updateUser = (state: ChatState, id: ClientId, change: (user: User) => User): ChatState => {
  const at = state.ids.indexOf(id);
  if (at < 0) return state;
  const users = state.users.slice();
  users[at] = change(users[at]!);
  return { ...state, users };
};

const replaceRoom = (state: ChatState, room: Room): ChatState => ({
  ...state,
  rooms: state.rooms.map((r) => (r.key === room.key ? room : r)),
});

/** Takes a member out of a room; a room other than #lobby ends with its last member, history and all. */
const leaveRoom = (state: ChatState, key: string, id: ClientId): ChatState => {
  const room = roomByKey(state, key);
  if (room === undefined) return state;
  const members = room.members.filter((m) => m !== id);
  if (members.length === 0 && room.key !== lobby.key) {
    const rooms = state.rooms.filter((r) => r !== room);
    if (state.archive === undefined || historyLength(room.history) === 0) return { ...state, rooms };
    return { ...state, rooms, archive: { ...state.archive, [room.key]: linesOf(room.history) } };
  }
  return replaceRoom(state, { ...room, members });
};

const withoutKey = <T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> => {
  const copy = { ...record };
  delete copy[key];
  return copy;
};

/** Puts a member into a room, creating the room (spelled `name`) if it does not exist. */
const enterRoom = (state: ChatState, key: string, name: string, id: ClientId): ChatState => {
  const room = roomByKey(state, key);
  if (room === undefined) {
    const kept = state.archive !== undefined && Object.hasOwn(state.archive, key) ? state.archive[key]! : [];
    const archive = kept.length === 0 || state.archive === undefined ? state.archive : withoutKey(state.archive, key);
    return { ...state, rooms: [...state.rooms, { key, name, members: [id], history: historyOf(kept) }], ...(archive === undefined ? {} : { archive }) };
  }
  return replaceRoom(state, { ...room, members: [...room.members, id] });
};

export const addUser = (state: ChatState, user: User): ChatState =>
  enterRoom({ ...state, users: [...state.users, user], ids: [...state.ids, user.id] }, user.room, LOBBY, user.id);

export const removeUser = (state: ChatState, id: ClientId): ChatState => {
  const at = state.ids.indexOf(id);
  if (at < 0) return state;
  const user = state.users[at]!;
  const users = state.users.slice();
  const ids = state.ids.slice();
  users.splice(at, 1);
  ids.splice(at, 1);
  const ignorers = user.ignoring.length === 0 ? state.ignorers : state.ignorers.filter((i) => i !== id);
  const left = leaveRoom({ ...state, users, ids, ignorers }, user.room, id);
  return ignorers.length === 0 ? left : forgetConnection(left, id);
};

/** A connection that left is no longer anyone's to ignore (its ignorers' lists stay bounded by who is here). */
const forgetConnection = (state: ChatState, id: ClientId): ChatState => {
  let next = state;
  for (const ignorer of state.ignorers) {
    const user = userById(next, ignorer);
    if (user === undefined || !user.ignoring.some((e) => e.kind === 'connection' && e.id === id)) continue;
    next = setIgnoring(next, ignorer, user.ignoring.filter((e) => !(e.kind === 'connection' && e.id === id)));
  }
  return next;
};

/** Replaces a user's ignore list, keeping `ignorers` in step. */
export const setIgnoring = (state: ChatState, id: ClientId, ignoring: readonly Ignored[]): ChatState => {
  const next = updateUser(state, id, (u) => ({ ...u, ignoring }));
  const listed = next.ignorers.includes(id);
  if (ignoring.length > 0 && !listed) return { ...next, ignorers: [...next.ignorers, id] };
  if (ignoring.length === 0 && listed) return { ...next, ignorers: next.ignorers.filter((i) => i !== id) };
  return next;
};

export const moveUser = (state: ChatState, id: ClientId, key: string, name: string): ChatState => {
  const user = userById(state, id);
  if (user === undefined) return state;
  const left = leaveRoom(state, user.room, id);
  return updateUser(enterRoom(left, key, name, id), id, (u) => ({ ...u, room: key }));
};

/** Every field of T, the optional ones too (possibly undefined): an object literal of it names them all. */
type Every<T> = { [K in keyof Required<T>]: T[K] };

/**
 * The state with its rooms replaced, built field by field. It runs for every
 * chat line (through `remember`), and an object spread of the state or the
 * room took V8's slow path there: `CloneObjectIC_Slow` and a
 * `CreateDataProperty` per field, in callgrind's count of the workload of
 * `npm run instructions`. `Every` makes a field added to ChatState a
 * compile error here rather than one this line drops.
 */
const withRooms = (state: ChatState, rooms: readonly Room[]): ChatState => {
  const next: Every<ChatState> = {
    users: state.users,
    ids: state.ids,
    rooms,
    bans: state.bans,
    accounts: state.accounts,
    ignorers: state.ignorers,
    archive: state.archive,
  };
  return next;
};

/** Keeps a room's last `limit` chat and action lines: a line costs a slot in the room's history and a new state, rooms array and room. */
export const remember = (state: ChatState, key: string, line: string, limit: number): ChatState => {
  if (limit <= 0) return state;
  const at = state.rooms.findIndex((r) => r.key === key);
  if (at < 0) return state;
  const room = state.rooms[at]!;
  const rooms = state.rooms.slice();
  const kept: Every<Room> = { key: room.key, name: room.name, members: room.members, history: appended(room.history, line, limit) };
  rooms[at] = kept;
  return withRooms(state, rooms);
};

/** Takes lines the store could not keep back out of their rooms' histories (the last copy of each). */
export const forget = (state: ChatState, lines: readonly { readonly room: string; readonly line: string }[]): ChatState => {
  let next = state;
  for (const { room: key, line } of lines) {
    const room = roomByKey(next, key);
    if (room === undefined) continue;
    const history = without(room.history, line);
    if (history !== undefined) next = replaceRoom(next, { ...room, history });
  }
  return next;
};

/** Bans still in force at `at`; expired ones drop out whenever the list is touched, so it stays bounded. */
export const activeBans = (state: ChatState, at: number): readonly Ban[] => state.bans.filter((b) => b.until > at);

export const isBanned = (state: ChatState, ip: string, at: number): boolean => state.bans.some((b) => b.ip === ip && b.until > at);

export const isMuted = (user: User, at: number): boolean => user.mutedUntil !== undefined && user.mutedUntil > at;
