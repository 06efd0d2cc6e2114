import { absurd } from 'fp-ts/function';
import { Effect } from '../room/effects';
import * as ev from '../room/events';
import { ClientId, RoomEvent } from '../room/events';
import { ChatState } from '../room/state';
import { Inbound, Outbound } from './records';

/** What a replayed account holds in place of the hash a recording never keeps. */
const RECORDED = 'recorded';
const recordedCredential = (kind: 'password' | 'key', fingerprint = RECORDED): ev.Credential =>
  kind === 'password' ? { kind, hash: RECORDED } : { kind, fingerprint };

/** Both directions between room events and records; the recorder and the replayer share them. */
export const eventToRecord = (event: RoomEvent, t: number, addrOf: (id: ClientId) => string): Inbound => {
  if (event.type === 'shutdown') return { t, kind: 'shutdown' };
  if (event.type === 'nodeStopped' || event.type === 'nodeLost') return { t, kind: event.type, node: event.node };
  if (event.type === 'reseed') return { t, kind: 'reseed', state: event.state };
  if (event.type === 'notKept') return { t, kind: 'notKept', lines: [...event.lines] };
  const client = event.type === 'connected' ? event.addr : addrOf(event.id);
  const id = event.id;
  switch (event.type) {
    case 'connected':
      return {
        t,
        kind: 'connect',
        client,
        id,
        ...(event.from === undefined ? {} : { from: event.from }),
        ...(event.name === undefined ? {} : { name: event.name }),
        ...(event.login === undefined ? {} : { login: event.login }),
      };
    case 'line':
      return { t, kind: 'line', client, id, text: event.text };
    case 'overlong':
      return { t, kind: 'overlong', client, id };
    case 'closed':
      return { t, kind: 'close', client, id };
    case 'idle':
      return { t, kind: 'idle', client, id };
    case 'tooSlow':
      return { t, kind: 'slow', client, id };
    case 'slowed':
      return { t, kind: 'slowed', client, id };
    case 'opAttempt':
      return { t, kind: 'op', client, id, text: '/op ***', verdict: event.verdict };
    case 'registerAttempt': {
      const outcome = event.credential === 'tooShort' ? 'tooShort' : event.credential.kind;
      const key = event.credential !== 'tooShort' && event.credential.kind === 'key' ? { fingerprint: event.credential.fingerprint } : {};
      return { t, kind: 'register', client, id, text: '/register ***', outcome, ...key };
    }
    case 'loginAttempt':
      return { t, kind: 'login', client, id, text: `/login ${event.account} ***`, account: event.account, verdict: event.verdict, serial: event.serial };
    case 'whoisAsked':
      return { t, kind: 'whois', client, id, name: event.name, ...(event.idle === undefined ? {} : { idle: event.idle }) };
    case 'passwordAttempt': {
      const outcome = typeof event.outcome === 'string' ? event.outcome : 'changed';
      return { t, kind: 'password', client, id, text: '/password *** ***', outcome, serial: event.serial };
    }
    default:
      return absurd(event);
  }
};

export const recordToEvent = (record: Inbound): RoomEvent => {
  switch (record.kind) {
    case 'connect':
      return ev.connected(record.id, record.client, record.from, record.name, record.login);
    case 'line':
      return ev.line(record.id, record.text);
    case 'overlong':
      return ev.overlong(record.id);
    case 'close':
      return ev.closed(record.id);
    case 'idle':
      return ev.idle(record.id);
    case 'slow':
      return ev.tooSlow(record.id);
    case 'slowed':
      return ev.slowed(record.id);
    case 'op':
      return ev.opAttempt(record.id, record.verdict);
    case 'whois':
      return ev.whoisAsked(record.id, record.name, record.idle);
    case 'register':
      return ev.registerAttempt(record.id, record.outcome === 'tooShort' ? 'tooShort' : recordedCredential(record.outcome, record.fingerprint));
    case 'login':
      return ev.loginAttempt(record.id, record.account, record.verdict, record.serial);
    case 'password':
      return ev.passwordAttempt(record.id, record.outcome === 'changed' ? { hash: RECORDED } : record.outcome, record.serial);
    case 'shutdown':
      return ev.shutdown;
    case 'notKept':
      return ev.notKept(record.lines);
    case 'nodeStopped':
      return ev.nodeStopped(record.node);
    case 'nodeLost':
      return ev.nodeLost(record.node);
    case 'reseed':
      return ev.reseed(record.state as ChatState);
    default:
      return absurd(record);
  }
};

/** What effects address to each client, in order, as records. */
export const effectsToRecords = (effects: readonly Effect[], t: number, addrOf: (id: ClientId) => string): Outbound[] =>
  effects.flatMap((effect): Outbound[] => {
    switch (effect.type) {
      case 'send':
        return [{ t, kind: 'out', client: addrOf(effect.to), id: effect.to, text: effect.line }];
      case 'broadcast':
        return effect.to
          .filter((id) => id !== effect.except)
          .map((id) => ({ t, kind: 'out', client: addrOf(id), id, text: effect.line }));
      case 'close':
        return [{ t, kind: 'hangup', client: addrOf(effect.to), id: effect.to, text: effect.mode }];
      case 'log':
      case 'store':
      // The edge records the answer it sends once the store has read it.
      case 'readHistory':
        return [];
      default:
        return absurd(effect);
    }
  });
