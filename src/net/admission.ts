import { Messages } from '../i18n/messages';
import { ipOf } from '../protocol/ip';
import * as render from '../protocol/render';
import { ByteSocket } from './byte-socket';
import { Ip } from './cidr';
import { CLOSE_GRACE_MS } from './connection';
import { PerIpCount } from './per-ip';

/**
 * Why a connection was turned away before it joined. `cause` names it in
 * the log and the metrics (`perIp`, `banned`); `line` is what the client
 * reads before the server closes.
 */
export interface Refusal {
  readonly cause: string;
  readonly line: string;
}

/**
 * One rule of the admission gate: a refusal for a new connection from `ip`,
 * or undefined to let it pass. A check only looks; whatever it counts is
 * taken once the connection is admitted (see PerIpCount.take).
 */
export type AdmissionCheck = (arrival: Arrival) => Refusal | undefined;

/** A new connection as the gate sees it: its address as a number, and its addr as users would see it. */
export interface Arrival {
  readonly ip: Ip;
  readonly addr: string;
}

/** The gate: the first refusal of its checks, in order, or undefined. */
export const admission =
  (checks: readonly AdmissionCheck[]): AdmissionCheck =>
  (arrival) => {
    for (const check of checks) {
      const refusal = check(arrival);
      if (refusal !== undefined) return refusal;
    }
    return undefined;
  };

/** `--max-per-ip`: refuses a connection from an address that already has `max` counted connections. */
export const perIpCheck = (count: PerIpCount, messages: Messages): AdmissionCheck => {
  const refusal: Refusal = { cause: 'perIp', line: render.error(messages.tooManyFromAddress(count.max)) };
  return ({ ip }) => (count.full(ip) ? refusal : undefined);
};

/**
 * `/ban`: refuses a connection from a banned address before it joins, so
 * nobody hears of it and it costs the room nothing. `banned` reads the
 * room's bans as of the last fold (the room checks again on connect, for a
 * connection that races a ban).
 */
export const bannedCheck = (banned: (ip: string) => boolean, messages: Messages): AdmissionCheck => {
  const refusal: Refusal = { cause: 'banned', line: render.error(messages.youAreBanned) };
  return ({ addr }) => (banned(ipOf(addr)) ? refusal : undefined);
};

const ignoreError = (): void => undefined;

/**
 * Tells a refused client why and closes, without it ever reaching the room.
 * It has sent nothing we have read, so its line ending is LF. What it sends
 * meanwhile is read and discarded, so unread input cannot turn our FIN into
 * a reset that would destroy the line in flight; a client that never closes
 * its side is cut after the same grace as a closing member.
 */
export const refuse = (socket: ByteSocket, line: string): void => {
  socket.on('error', ignoreError);
  const grace = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  socket.on('close', () => clearTimeout(grace));
  socket.resume();
  socket.end(`${line}\n`);
};
