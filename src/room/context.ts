import { Messages } from '../i18n/messages';
import * as render from '../protocol/render';
import { Effect, send } from './effects';
import { ClientId } from './ids';
import { ChatState, User } from './state';

export interface RoomConfig {
  readonly messages: Messages;
  readonly maxClients: number;
  readonly maxLine: number;
  /** Seconds, as shown in the idle-kick text. */
  readonly idleTimeout: number;
  /** Lines per second, as shown in the flood notice. */
  readonly rate: number;
  /** Chat and action lines kept per room for those who enter it. */
  readonly history: number;
  /** The message of the day, one `--- ` line each, after the welcome. */
  readonly motd: readonly string[];
  /**
   * Chat and action lines kept per room for /history (--keep, with --data);
   * the last `history` of them are what an entering member is shown. Absent: `history`.
   */
  readonly keep?: number;
  /** With --data: chat lines and bans are handed to the store as well (without it, nothing is). */
  readonly persist?: boolean;
  /** Keys of the accounts that become operators when they log in (--op-accounts). */
  readonly opAccounts?: readonly string[];
}

/** What every handler is given besides the state: the configuration and the event's time (ms). */
export interface Context {
  readonly config: RoomConfig;
  readonly msg: Messages;
  readonly at: number;
}

/**
 * An arriving connection the room turned away, and why: the server is full,
 * or its address was banned in a race with the admission gate. The client
 * has been told by the step's effects; the edge counts and logs it.
 */
export interface Refusal {
  readonly id: ClientId;
  readonly addr: string;
  readonly cause: 'full' | 'banned';
}

/** The room's answer to one event: the next state, the effects, and whom it refused, if anyone. */
export type Step = readonly [ChatState, readonly Effect[], Refusal?];

/** A user as everyone sees it: `[addr]name`. */
export const tag = (user: User): string => render.who(user.addr, user.name);

export const replyTo = (state: ChatState, user: User, text: string): Step => [state, [send(user.id, render.reply(text))]];
export const errorTo = (state: ChatState, user: User, text: string): Step => [state, [send(user.id, render.error(text))]];
