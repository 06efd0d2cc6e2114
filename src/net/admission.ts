import { Socket } from 'node:net';
import { Lang } from '../config/config';
import * as render from '../protocol/render';
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
export type AdmissionCheck = (ip: Ip) => Refusal | undefined;

/** The gate: the first refusal of its checks, in order, or undefined. */
export const admission =
  (checks: readonly AdmissionCheck[]): AdmissionCheck =>
  (ip) => {
    for (const check of checks) {
      const refusal = check(ip);
      if (refusal !== undefined) return refusal;
    }
    return undefined;
  };

/** The refusal texts of the gate, by language, without the `!!! ` prefix. */
export const refusalTexts: Readonly<Record<Lang, { readonly tooManyFromAddress: (max: number) => string }>> = {
  en: { tooManyFromAddress: (max) => `Too many connections from your address (max ${max})` },
  zh: { tooManyFromAddress: (max) => `来自你的地址的连接太多（最多 ${max} 个）` },
};

/** `--max-per-ip`: refuses a connection from an address that already has `max` counted connections. */
export const perIpCheck = (count: PerIpCount, lang: Lang): AdmissionCheck => {
  const refusal: Refusal = { cause: 'perIp', line: render.error(refusalTexts[lang].tooManyFromAddress(count.max)) };
  return (ip) => (count.full(ip) ? refusal : undefined);
};

const ignoreError = (): void => undefined;

/**
 * Tells a refused client why and closes, without it ever reaching the room.
 * It has sent nothing we have read, so its line ending is LF. What it sends
 * meanwhile is read and discarded, so unread input cannot turn our FIN into
 * a reset that would destroy the line in flight; a client that never closes
 * its side is cut after the same grace as a closing member.
 */
export const refuse = (socket: Socket, line: string): void => {
  socket.on('error', ignoreError);
  const grace = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  socket.on('close', () => clearTimeout(grace));
  socket.resume();
  socket.end(`${line}\n`);
};
