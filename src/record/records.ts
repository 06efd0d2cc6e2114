import * as t from 'io-ts';

/**
 * One line of a recording (JSON Lines). Inbound kinds are the events that
 * entered the room, in the order the room folded them; `out` is a line the
 * room addressed to `client`, `hangup` a close it asked for. `t` is
 * milliseconds since the server started, `id` tells apart two connections
 * that reused one addr.
 */
const client = { t: t.number, client: t.string, id: t.number };

const Start = t.type({
  t: t.number,
  kind: t.literal('start'),
  config: t.intersection([
    t.type({ maxClients: t.number, maxLine: t.number, idleTimeout: t.number, lang: t.keyof({ en: null, zh: null }) }),
    /** Added after the first recordings; those were made at the default rate. */
    t.partial({ rate: t.number, history: t.number, motd: t.array(t.string), opAccounts: t.array(t.string) }),
  ]),
});
/**
 * `from`: the real address when `client` is a cloak (--hide-addresses); `name`: the name asked for on connecting (an SSH login's
 * user name); `login`: the account it arrived logged in as, its key having been found tied to it (never the key itself).
 */
const Connect = t.intersection([
  t.type({ ...client, kind: t.literal('connect') }),
  t.partial({ from: t.string, name: t.string, login: t.type({ account: t.string, serial: t.number }) }),
]);
const Line = t.type({ ...client, kind: t.literal('line'), text: t.string });
const Overlong = t.type({ ...client, kind: t.literal('overlong') });
const Close = t.type({ ...client, kind: t.literal('close') });
const Idle = t.type({ ...client, kind: t.literal('idle') });
const Slow = t.type({ ...client, kind: t.literal('slow') });
const Slowed = t.type({ ...client, kind: t.literal('slowed') });
/** `/op PASSWORD` as the room saw it: the verdict, and `/op ***` in place of the password. */
const Op = t.type({
  ...client,
  kind: t.literal('op'),
  text: t.literal('/op ***'),
  verdict: t.keyof({ granted: null, denied: null, none: null }),
});
/**
 * Account commands as the room saw them (§13): what the edge found, never a
 * password or its hash. A replayed registration gets a stand-in hash; the
 * logins after it replay from their recorded verdicts.
 */
const Register = t.intersection([
  t.type({
    ...client,
    kind: t.literal('register'),
    text: t.literal('/register ***'),
    outcome: t.keyof({ password: null, key: null, tooShort: null }),
  }),
  /** A key's fingerprint (public, and in the reply its owner got): the replayed reply names it as the live one did. */
  t.partial({ fingerprint: t.string }),
]);
const Login = t.type({
  ...client,
  kind: t.literal('login'),
  text: t.string,
  account: t.string,
  verdict: t.keyof({ granted: null, denied: null }),
  serial: t.number,
});
const Password = t.type({
  ...client,
  kind: t.literal('password'),
  text: t.literal('/password *** ***'),
  outcome: t.keyof({ changed: null, wrong: null, tooShort: null }),
  serial: t.number,
});
const Whois = t.intersection([
  t.type({ ...client, kind: t.literal('whois'), name: t.string }),
  t.partial({ idle: t.type({ of: t.number, seconds: t.number }) }),
]);
const NotKept = t.type({ t: t.number, kind: t.literal('notKept'), lines: t.array(t.type({ room: t.string, line: t.string })) });
const Shutdown = t.type({ t: t.number, kind: t.literal('shutdown') });
/** A cluster node took a snapshot's state (it fell behind the log); the state as the snapshot held it. */
const Reseed = t.type({ t: t.number, kind: t.literal('reseed'), state: t.unknown });
const NodeGone = t.type({ t: t.number, kind: t.keyof({ nodeStopped: null, nodeLost: null }), node: t.number });
const Out = t.type({ ...client, kind: t.literal('out'), text: t.string });
const Hangup = t.type({ ...client, kind: t.literal('hangup'), text: t.keyof({ flush: null, drop: null }) });

export const Inbound = t.union([Connect, Line, Overlong, Close, Idle, Slow, Slowed, Op, Register, Login, Password, Whois, NotKept, Shutdown, NodeGone, Reseed]);
export type Inbound = t.TypeOf<typeof Inbound>;
export const Outbound = t.union([Out, Hangup]);
export type Outbound = t.TypeOf<typeof Outbound>;
export const RecordLine = t.union([Start, Inbound, Outbound]);
export type RecordLine = t.TypeOf<typeof RecordLine>;
export type StartRecord = t.TypeOf<typeof Start>;
