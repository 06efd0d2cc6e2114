import type { ChatState } from './state';

/** Everything that can happen to the room; the only input of the reducer. */
export type ClientId = number;

/**
 * Ids are unique across a cluster: node N numbers its clients from
 * N × NODE_SPAN + 1 (a single process is node 0), so every node can tell
 * whose client an id is.
 */
export const NODE_SPAN = 1_000_000_000;
export const nodeOf = (id: ClientId): number => Math.floor(id / NODE_SPAN);

export type RoomEvent =
  /**
   * `name`: the name the client asked for as it connected (an SSH login's
   * user name); it is judged in the fold like `/nick`, and the client stays
   * its addr if the name is not valid or not free.
   */
  | { readonly type: 'connected'; readonly id: ClientId; readonly addr: string; readonly name?: string }
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

/** `none`: the server has no operator password at all. */
export type OpVerdict = 'granted' | 'denied' | 'none';

export const connected = (id: ClientId, addr: string, name?: string): RoomEvent =>
  name === undefined ? { type: 'connected', id, addr } : { type: 'connected', id, addr, name };
export const line = (id: ClientId, text: string): RoomEvent => ({ type: 'line', id, text });
export const overlong = (id: ClientId): RoomEvent => ({ type: 'overlong', id });
export const closed = (id: ClientId): RoomEvent => ({ type: 'closed', id });
export const idle = (id: ClientId): RoomEvent => ({ type: 'idle', id });
export const tooSlow = (id: ClientId): RoomEvent => ({ type: 'tooSlow', id });
export const slowed = (id: ClientId): RoomEvent => ({ type: 'slowed', id });
export const opAttempt = (id: ClientId, verdict: OpVerdict): RoomEvent => ({ type: 'opAttempt', id, verdict });
export const shutdown: RoomEvent = { type: 'shutdown' };
export const nodeStopped = (node: number): RoomEvent => ({ type: 'nodeStopped', node });
export const nodeLost = (node: number): RoomEvent => ({ type: 'nodeLost', node });
export const reseed = (state: ChatState): RoomEvent => ({ type: 'reseed', state });
