import { Messages } from '../i18n/messages';
import { Logger } from '../observe/logger';
import { bump, Tally } from '../observe/tally';
import { Accepted, Transport } from './accept';
import { admission, bannedCheck, perIpCheck, refuse } from './admission';
import { ByteSocket } from './byte-socket';
import { AddressList, remoteIp } from './cidr';
import { PerIpCount } from './per-ip';

export interface Gate {
  /** Whether an accepted socket may go on to become a connection; a refused one has been told why and is closing. */
  readonly admitted: (accepted: Accepted) => boolean;
  /** IP addresses holding at least one connection counted by --max-per-ip. */
  readonly countedAddresses: () => number;
}

/**
 * The admission gate: each new socket, before it is anyone, goes through
 * the checks in order (banned address, --max-per-ip); the first refusal
 * turns it away with its line. An admitted socket is counted (per
 * transport in the tally, per address for --max-per-ip) until it closes.
 */
export const admissionGate = (
  { maxPerIp, exempt }: { readonly maxPerIp: number; readonly exempt: AddressList },
  /** Whether an address is banned, as of the room's last fold. */
  banned: (ip: string) => boolean,
  messages: Messages,
  tally: Tally,
  logger: Logger,
): Gate => {
  const perIp = new PerIpCount(maxPerIp, exempt);
  const admit = admission([bannedCheck(banned, messages), perIpCheck(perIp, messages)]);
  /** For every admitted socket, once: give back what it held. One function per transport, shared by its sockets. */
  const releaser = (transport: Transport) =>
    function (this: ByteSocket): void {
      tally.open[transport]--;
      const ip = remoteIp(this.remoteAddress ?? '');
      if (ip !== undefined) perIp.release(ip);
    };
  const released: Record<Transport, (this: ByteSocket) => void> = { tcp: releaser('tcp'), tls: releaser('tls'), web: releaser('web'), ssh: releaser('ssh'), irc: releaser('irc') };
  const admitted = ({ socket, addr, transport }: Accepted): boolean => {
    const ip = remoteIp(socket.remoteAddress ?? '');
    const refusal = ip === undefined ? undefined : admit({ ip, addr });
    if (refusal !== undefined) {
      refuse(socket, refusal.line);
      bump(tally.refusals, refusal.cause);
      logger.info({ event: 'refuse', addr, transport, cause: refusal.cause });
      return false;
    }
    if (ip !== undefined) perIp.take(ip);
    tally.open[transport]++;
    socket.on('close', released[transport]);
    logger.info({ event: 'accept', addr, transport });
    return true;
  };
  return { admitted, countedAddresses: () => perIp.addresses };
};
