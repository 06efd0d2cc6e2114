import type { ClientId } from './ids';
import type { ChatState } from './state';
import type { Credential } from './credential';

export { NODE_SPAN, nodeOf } from './ids';
export type { ClientId } from './ids';

/** Everything that can happen to the room; the only input of the reducer. */
export type RoomEvent =
  /**
   * `addr` as shown to users: the real `ip:port`, or with --hide-addresses its
   * cloak, the real one in `from`. `name`: the name the client asked for as
   * it connected (an SSH login's user name); it is judged in the fold like
   * `/nick`, and the client stays its addr if the name is not valid or not free.
   * `login`: the account of that name, which the edge found tied to the key
   * the client proved it holds (an SSH key, §16), with the account's serial
   * as the edge saw it; the client arrives logged in as it.
   */
  | {
      readonly type: 'connected';
      readonly id: ClientId;
      readonly addr: string;
      readonly from?: string;
      readonly name?: string;
      readonly login?: KeyLogin;
    }
  | { readonly type: 'line'; readonly id: ClientId; readonly text: string }
  /** The client sent a line longer than the limit; it was discarded. */
  | { readonly type: 'overlong'; readonly id: ClientId }
  /** The client's input ended (FIN or reset) after all its lines were handled. */
  | { readonly type: 'closed'; readonly id: ClientId }
  | { readonly type: 'idle'; readonly id: ClientId }
  /** The client stopped reading and its output backlog passed the limit. */
  | { readonly type: 'tooSlow'; readonly id: ClientId }
  /** The client's lines started to wait for the token bucket: a run of delays begins. */
  | { readonly type: 'slowed'; readonly id: ClientId }
  /**
   * `/op PASSWORD`, already checked at the server's edge: the room learns
   * only the verdict, so no password reaches the fold, a log or a recording.
   */
  | { readonly type: 'opAttempt'; readonly id: ClientId; readonly verdict: OpVerdict }
  /**
   * `/register PASSWORD`, the password already hashed at the edge (or found
   * too short there): the room decides whether the name may be registered.
   */
  | { readonly type: 'registerAttempt'; readonly id: ClientId; readonly credential: Credential | 'tooShort' }
  /**
   * A login the edge has checked: `/login NAME PASSWORD` against the
   * account's hash, or an identity the edge verified itself (an SSH key).
   * `serial` is the account's credential as the edge saw it: a login
   * checked against a credential that changed since is refused.
   */
  | { readonly type: 'loginAttempt'; readonly id: ClientId; readonly account: string; readonly verdict: LoginVerdict; readonly serial: number }
  /** `/password OLD NEW`, checked at the edge: OLD wrong, NEW too short, or NEW's hash. */
  | { readonly type: 'passwordAttempt'; readonly id: ClientId; readonly outcome: PasswordOutcome; readonly serial: number }
  /** `/whois NAME` with the idle time the edge measured for the member it found (§15). */
  | { readonly type: 'whoisAsked'; readonly id: ClientId; readonly name: string; readonly idle: { readonly of: ClientId; readonly seconds: number } | undefined }
  /** The store could not keep these chat lines (§14): they were not delivered, so the room forgets them too. */
  | { readonly type: 'notKept'; readonly lines: readonly { readonly room: string; readonly line: string }[] }
  | { readonly type: 'shutdown' }
  /** A cluster node stopped (SIGTERM): its clients are told the server is shutting down, the others that they left. */
  | { readonly type: 'nodeStopped'; readonly node: number }
  /** A cluster node stopped refreshing its liveness key: its clients left with the connection. */
  | { readonly type: 'nodeLost'; readonly node: number }
  /**
   * A cluster node fell behind the log's trimmed start: it takes the state a
   * snapshot holds and reads on from there. Never in the log itself.
   */
  | { readonly type: 'reseed'; readonly state: ChatState };

// Its own file, so the accounts in ChatState need not import this one (which names ChatState).
export type { Credential } from './credential';

export type LoginVerdict = 'granted' | 'denied';

/** An account an arriving client holds the key of: its key (`nameKey`) and its credential's serial when the edge checked. */
export interface KeyLogin {
  readonly account: string;
  readonly serial: number;
}
export type PasswordOutcome = 'wrong' | 'tooShort' | { readonly hash: string };

/** `none`: the server has no operator password at all. */
export type OpVerdict = 'granted' | 'denied' | 'none';

export const connected = (id: ClientId, addr: string, from?: string, name?: string, login?: KeyLogin): RoomEvent => ({
  type: 'connected',
  id,
  addr,
  ...(from === undefined ? {} : { from }),
  ...(name === undefined ? {} : { name }),
  ...(login === undefined ? {} : { login }),
});
export const line = (id: ClientId, text: string): RoomEvent => ({ type: 'line', id, text });
export const overlong = (id: ClientId): RoomEvent => ({ type: 'overlong', id });
export const closed = (id: ClientId): RoomEvent => ({ type: 'closed', id });
export const idle = (id: ClientId): RoomEvent => ({ type: 'idle', id });
export const tooSlow = (id: ClientId): RoomEvent => ({ type: 'tooSlow', id });
export const slowed = (id: ClientId): RoomEvent => ({ type: 'slowed', id });
export const opAttempt = (id: ClientId, verdict: OpVerdict): RoomEvent => ({ type: 'opAttempt', id, verdict });
export const registerAttempt = (id: ClientId, credential: Credential | 'tooShort'): RoomEvent => ({ type: 'registerAttempt', id, credential });
export const loginAttempt = (id: ClientId, account: string, verdict: LoginVerdict, serial: number): RoomEvent => ({
  type: 'loginAttempt',
  id,
  account,
  verdict,
  serial,
});
export const passwordAttempt = (id: ClientId, outcome: PasswordOutcome, serial: number): RoomEvent => ({
  type: 'passwordAttempt',
  id,
  outcome,
  serial,
});
export const whoisAsked = (id: ClientId, name: string, idle?: { readonly of: ClientId; readonly seconds: number }): RoomEvent => ({
  type: 'whoisAsked',
  id,
  name,
  idle,
});
export const notKept = (lines: readonly { readonly room: string; readonly line: string }[]): RoomEvent => ({ type: 'notKept', lines });
export const shutdown: RoomEvent = { type: 'shutdown' };
export const nodeStopped = (node: number): RoomEvent => ({ type: 'nodeStopped', node });
export const nodeLost = (node: number): RoomEvent => ({ type: 'nodeLost', node });
export const reseed = (state: ChatState): RoomEvent => ({ type: 'reseed', state });
