import { MonoTypeOperatorFunction, pipe } from 'rxjs';
import { map } from 'rxjs';
import { maySlash, parse } from '../protocol/parse';
import * as ev from '../room/events';
import { ClientId, RoomEvent } from '../room/events';
import { ChatState, findUser } from '../room/state';
import { checkAccounts } from './account-check';
import { keyIdentity } from './account-identity';
import { cloakOf } from './cloak';
import { inOrder } from './in-order';

/** Cheap test first, as for /op: only a line that may be /whois is parsed a second time. */
const MAYBE_WHOIS = /\/whois/i;

export interface CommunityEdgeOptions {
  /** The room's last folded state: accounts' hashes, who is who. */
  readonly state: () => ChatState;
  /** With --hide-addresses, the server's cloak secret. */
  readonly cloakSecret: Buffer | undefined;
  readonly now?: () => number;
}

/**
 * What §13 and §15 need at the edge, applied to each client's events before
 * they are merged: addresses cloaked as they arrive, password lines hashed
 * and checked off the fold (that client's later lines wait behind them), and
 * the time of each client's last line, which /whois reports as idle; and
 * for a client with a key, the key as its identity (src/net/account-identity.ts).
 */
export const communityEdge = ({ state, cloakSecret, now = Date.now }: CommunityEdgeOptions) => {
  const lastLine = new Map<ClientId, number>();
  const accounts = checkAccounts(state);

  const check = (event: RoomEvent): RoomEvent | Promise<RoomEvent> => {
    if (event.type === 'closed') lastLine.delete(event.id);
    if (event.type !== 'line') return event;
    lastLine.set(event.id, now());
    if (!maySlash(event.text)) return event;
    if (MAYBE_WHOIS.test(event.text)) {
      const command = parse(event.text);
      if (command.type === 'whois') {
        const target = findUser(state(), command.name);
        const seen = target === undefined ? undefined : lastLine.get(target.id);
        const idle = target === undefined ? undefined : { of: target.id, seconds: Math.floor((now() - (seen ?? now())) / 1000) };
        return ev.whoisAsked(event.id, command.name, idle);
      }
    }
    return accounts(event);
  };

  const cloak = (event: RoomEvent): RoomEvent =>
    event.type === 'connected' && cloakSecret !== undefined ? { ...event, addr: cloakOf(cloakSecret, event.addr), from: event.addr } : event;

  const arrived = (event: RoomEvent): RoomEvent => {
    if (event.type === 'connected') lastLine.set(event.id, now());
    return event;
  };

  const checked: MonoTypeOperatorFunction<RoomEvent> =
    cloakSecret === undefined ? pipe(map(arrived), inOrder(check)) : pipe(map(arrived), map(cloak), inOrder(check));
  /** The operator for one client's event stream; a client that proved it holds a key (SSH) also has the key as an identity. */
  const perClient = (keyFingerprint: string | undefined): MonoTypeOperatorFunction<RoomEvent> =>
    keyFingerprint === undefined ? checked : pipe(checked, map(keyIdentity(state, keyFingerprint)));
  return { perClient };
};
